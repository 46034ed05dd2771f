package io.pulse.storage.tck;

import io.pulse.spi.metrics.Counter;
import io.pulse.spi.metrics.Histogram;
import io.pulse.spi.metrics.MetricNames;
import io.pulse.spi.metrics.PluginMetrics;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.DoubleSupplier;

/**
 * A plugin's metrics registry for tests that keeps what the plugin registers, so that a test reads the values the
 * kernel would export (the kernel's own registry is not on a plugin's test path): counters count, gauges stay
 * readable, names and help texts are checked as the kernel checks them ({@link MetricNames#check}). Histograms are
 * checked and then discarded. Thread-safe.
 *
 * <p>Give it to the plugin as {@link io.pulse.spi.PluginContext#metrics()} of a test context, then ask
 * {@link #counter(String)} or {@link #gauge(String)}.
 */
public final class RecordingMetrics implements PluginMetrics {

    private final Map<String, AtomicLong> counters = new ConcurrentHashMap<>();
    private final Map<String, DoubleSupplier> gauges = new ConcurrentHashMap<>();

    /** An empty registry. */
    public RecordingMetrics() {
    }

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
        return PluginMetrics.discarding().histogram(name, help, upperBounds);
    }

    /**
     * A counter's value.
     *
     * @param name the counter's name as the plugin registered it
     * @return its value; 0 when it was never registered
     */
    public long counter(String name) {
        AtomicLong count = counters.get(name);
        return count == null ? 0 : count.get();
    }

    /**
     * A gauge's value now.
     *
     * @param name the gauge's name as the plugin registered it
     * @return what its supplier answers
     * @throws AssertionError when no such gauge was registered
     */
    public double gauge(String name) {
        DoubleSupplier value = gauges.get(name);
        if (value == null) {
            throw new AssertionError("no gauge " + name + "; registered: " + gauges.keySet());
        }
        return value.getAsDouble();
    }
}
