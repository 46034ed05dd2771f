package io.pulse.spi.metrics;

import io.pulse.spi.Api;

/**
 * A distribution of observed values (typically durations in seconds) in cumulative buckets, with their count and sum,
 * as Prometheus histograms are. Thread-safe and lock-free.
 */
@Api
public interface Histogram {

    /**
     * Records one observation.
     *
     * @param value the value, in the unit the histogram's name says (NaN is ignored)
     */
    void observe(double value);

    /**
     * Records a duration measured with {@link System#nanoTime()}, in seconds.
     *
     * @param nanos the duration in nanoseconds
     */
    default void observeNanos(long nanos) {
        observe(nanos / 1e9);
    }

    /** {@return how many values were observed} */
    long count();

    /** {@return the sum of the values observed} */
    double sum();
}
