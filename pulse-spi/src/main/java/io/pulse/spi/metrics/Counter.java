package io.pulse.spi.metrics;

import io.pulse.spi.Api;

/** A count that only grows (until the server restarts), e.g. webhook calls that failed. Thread-safe and lock-free. */
@Api
public interface Counter {

    /** Adds one. */
    void increment();

    /**
     * Adds {@code amount}.
     *
     * @param amount how much to add, not negative
     * @throws IllegalArgumentException for a negative amount (a counter never goes down)
     */
    void add(long amount);

    /** {@return the count so far} */
    long value();
}
