package io.pulse.kernel.metrics;

import io.pulse.spi.metrics.Counter;

import java.util.concurrent.atomic.LongAdder;

/** A {@link Counter} on a {@link LongAdder}: cheap under contention. Thread-safe. */
final class AdderCounter implements Counter {

    private final LongAdder count = new LongAdder();

    @Override
    public void increment() {
        count.increment();
    }

    @Override
    public void add(long amount) {
        if (amount < 0) {
            throw new IllegalArgumentException("a counter never goes down: " + amount);
        }
        count.add(amount);
    }

    @Override
    public long value() {
        return count.sum();
    }
}
