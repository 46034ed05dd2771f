package io.pulse.alert.builtin;

import io.pulse.spi.metrics.Counter;
import io.pulse.spi.metrics.Histogram;
import io.pulse.spi.metrics.PluginMetrics;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.DoubleSupplier;

/**
 * A plugin's metrics registry for tests that keeps its counters, so that a test reads what the kernel would export
 * (the kernel's own registry is not on the plugin's test path). Names are checked by the SPI's discarding registry;
 * gauges and histograms are not kept.
 */
final class CountingMetrics implements PluginMetrics {

    private final Map<String, AtomicLong> counters = new ConcurrentHashMap<>();

    @Override
    public Counter counter(String name, String help) {
        PluginMetrics.discarding().counter(name, help);
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
        PluginMetrics.discarding().gauge(name, help, value);
    }

    @Override
    public Histogram histogram(String name, String help, double... upperBounds) {
        return PluginMetrics.discarding().histogram(name, help, upperBounds);
    }

    /** The counter's value; 0 when it was never registered. */
    long count(String name) {
        AtomicLong count = counters.get(name);
        return count == null ? 0 : count.get();
    }
}
