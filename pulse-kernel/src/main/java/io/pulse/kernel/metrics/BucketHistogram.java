package io.pulse.kernel.metrics;

import io.pulse.spi.metrics.Histogram;
import io.pulse.spi.metrics.MetricFamily;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;

/**
 * A Prometheus histogram: one adder per bucket (each observation lands in the first bucket whose bound it does not
 * exceed, or past the last), cumulated when read. Thread-safe and lock-free; a snapshot taken while values are
 * observed may be one observation behind in the sum or a bucket, never inconsistent in the cumulative order.
 */
final class BucketHistogram implements Histogram {

    private final double[] bounds;
    private final LongAdder[] buckets;  // bounds.length + 1: the last is (last bound, +Inf)
    private final DoubleAdder sum = new DoubleAdder();

    BucketHistogram(double... bounds) {
        this.bounds = bounds.clone();
        this.buckets = new LongAdder[bounds.length + 1];
        for (int i = 0; i < buckets.length; i++) {
            buckets[i] = new LongAdder();
        }
    }

    @Override
    public void observe(double value) {
        if (Double.isNaN(value)) {
            return;
        }
        int i = Arrays.binarySearch(bounds, value);
        buckets[i >= 0 ? i : -i - 1].increment();
        sum.add(value);
    }

    @Override
    public long count() {
        long n = 0;
        for (LongAdder bucket : buckets) {
            n += bucket.sum();
        }
        return n;
    }

    @Override
    public double sum() {
        return sum.sum();
    }

    boolean sameBuckets(double[] other) {
        return Arrays.equals(bounds, other);
    }

    /** The family: cumulative {@code _bucket} samples up to {@code +Inf}, then {@code _sum} and {@code _count}. */
    MetricFamily family(String name, String help) {
        List<MetricFamily.Sample> samples = new ArrayList<>(buckets.length + 2);
        long cumulative = 0;
        for (int i = 0; i < buckets.length; i++) {
            cumulative += buckets[i].sum();
            String le = i < bounds.length ? le(bounds[i]) : "+Inf";
            samples.add(new MetricFamily.Sample(name + "_bucket", Map.of("le", le), cumulative));
        }
        samples.add(new MetricFamily.Sample(name + "_sum", Map.of(), sum.sum()));
        samples.add(new MetricFamily.Sample(name + "_count", Map.of(), cumulative));
        return new MetricFamily(name, MetricFamily.Type.HISTOGRAM, help, samples);
    }

    /** A bound as Prometheus clients write {@code le}: {@code 0.005}, {@code 1.0}. */
    private static String le(double bound) {
        return Double.toString(bound);
    }
}
