package io.pulse.spi.metrics;

import java.util.function.DoubleSupplier;

/**
 * The registry of a context that exports no metrics ({@link PluginMetrics#discarding()}): it checks names as the
 * kernel does, so a bad name fails in a plugin's unit tests too, and keeps nothing.
 */
final class Discarding implements PluginMetrics {

    static final Discarding INSTANCE = new Discarding();

    private static final Counter COUNTER = new Counter() {
        @Override
        public void increment() {
        }

        @Override
        public void add(long amount) {
            if (amount < 0) {
                throw new IllegalArgumentException("a counter never goes down: " + amount);
            }
        }

        @Override
        public long value() {
            return 0;
        }
    };

    private static final Histogram HISTOGRAM = new Histogram() {
        @Override
        public void observe(double value) {
        }

        @Override
        public long count() {
            return 0;
        }

        @Override
        public double sum() {
            return 0;
        }
    };

    private Discarding() {
    }

    @Override
    public Counter counter(String name, String help) {
        MetricNames.check(name, help);
        return COUNTER;
    }

    @Override
    public void gauge(String name, String help, DoubleSupplier value) {
        MetricNames.check(name, help);
        java.util.Objects.requireNonNull(value, "value");
    }

    @Override
    public Histogram histogram(String name, String help, double... upperBounds) {
        MetricNames.check(name, help);
        MetricNames.checkBounds(upperBounds);
        return HISTOGRAM;
    }
}
