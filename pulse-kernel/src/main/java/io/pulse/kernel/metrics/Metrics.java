package io.pulse.kernel.metrics;

import io.pulse.spi.frontend.MetricValue;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * The kernel's counters and gauges, by dotted name ({@code relays.connected}, {@code polls.sent}, ...).
 *
 * <p>Thread-safe: counters are {@link LongAdder}s (cheap under contention, so hot paths can count freely);
 * gauges are read when a snapshot is taken. Registering the same name twice returns the same counter.
 */
public final class Metrics {

    private final Map<String, LongAdder> counters = new ConcurrentHashMap<>();
    private final Map<String, LongSupplier> gauges = new ConcurrentHashMap<>();
    private final MetricFamilies families = new MetricFamilies();

    /** {@return the families these dotted counters and gauges cannot carry: histograms, labelled and plugin metrics} */
    public MetricFamilies families() {
        return families;
    }

    /** The counter with that name, created at zero on first use. */
    public LongAdder counter(String name) {
        return counters.computeIfAbsent(name, n -> {
            if (gauges.containsKey(n)) {
                throw new IllegalArgumentException(n + " is already a gauge");
            }
            return new LongAdder();
        });
    }

    /** Registers (or replaces) a gauge, read at each snapshot. */
    public void gauge(String name, LongSupplier value) {
        if (counters.containsKey(name)) {
            throw new IllegalArgumentException(name + " is already a counter");
        }
        gauges.put(name, value);
    }

    /** Removes a gauge (e.g. when the component it reads is closed). */
    public void removeGauge(String name) {
        gauges.remove(name);
    }

    /** Every counter and gauge, sorted by name. */
    public SortedMap<String, Long> snapshot() {
        SortedMap<String, Long> out = new TreeMap<>();
        counters.forEach((name, adder) -> out.put(name, adder.sum()));
        gauges.forEach((name, gauge) -> out.put(name, gauge.getAsLong()));
        return out;
    }

    /** Every counter and gauge with its kind, sorted by name (a name is never both: registration refuses it). */
    public List<MetricValue> typedSnapshot() {
        List<MetricValue> out = new ArrayList<>(counters.size() + gauges.size());
        counters.forEach((name, adder) -> out.add(new MetricValue(name, MetricValue.Kind.COUNTER, adder.sum())));
        gauges.forEach((name, gauge) -> out.add(new MetricValue(name, MetricValue.Kind.GAUGE, gauge.getAsLong())));
        out.sort(Comparator.comparing(MetricValue::name));
        return out;
    }
}
