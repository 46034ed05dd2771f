package io.pulse.api.http;

import io.pulse.spi.metrics.Counter;
import io.pulse.spi.metrics.Histogram;
import io.pulse.spi.metrics.MetricNames;
import io.pulse.spi.metrics.PluginMetrics;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.DoubleSupplier;

/**
 * TEST DOUBLE of the kernel's per-plugin metrics registry: it checks names as the kernel does and keeps what the
 * plugin registers (counters counting, gauges readable), so a test can read the values the kernel would export.
 * The {@code http} front end registers no histogram, so asking for one fails the test. Thread-safe.
 */
final class RecordingMetrics implements PluginMetrics {

    private final Map<String, AtomicLong> counters = new ConcurrentHashMap<>();
    private final Map<String, DoubleSupplier> gauges = new ConcurrentHashMap<>();

    @Override
    public Counter counter(String name, String help) {
        MetricNames.check(name, help);
        AtomicLong count = counters.computeIfAbsent(name, n -> new AtomicLong());
        return new Counter() {
            @Override
            public void increment() {
                count.incrementAndGet();
            }

            @Override
            public void add(long amount) {
                if (amount < 0) {
                    throw new IllegalArgumentException("a counter never goes down: " + amount);
                }
                count.addAndGet(amount);
            }

            @Override
            public long value() {
                return count.get();
            }
        };
    }

    @Override
    public void gauge(String name, String help, DoubleSupplier value) {
        MetricNames.check(name, help);
        gauges.put(name, value);
    }

    @Override
    public Histogram histogram(String name, String help, double... upperBounds) {
        throw new AssertionError("the HTTP API registers no histogram");
    }

    /** The counter's value; 0 if it was never registered. */
    long counter(String name) {
        AtomicLong count = counters.get(name);
        return count == null ? 0 : count.get();
    }

    /** The gauge's value now. */
    double gauge(String name) {
        DoubleSupplier value = gauges.get(name);
        if (value == null) {
            throw new AssertionError("no gauge " + name + "; registered: " + gauges.keySet());
        }
        return value.getAsDouble();
    }
}
