package io.pulse.kernel.metrics;

import io.pulse.spi.metrics.MetricFamily;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Every metric family the dotted {@link Metrics} cannot carry - histograms, labelled metrics, the plugins' own - by
 * its final Prometheus name. A family is registered once with something that reads its samples; {@link #snapshot()}
 * reads them all. Plugins get a {@link ScopedMetrics} view that prefixes their id.
 *
 * <p>Thread-safe: registration is atomic per name ({@link ConcurrentHashMap#compute}); snapshots read each family's
 * own thread-safe state. A family whose reading throws (a plugin's gauge) is left out of that snapshot only.
 */
public final class MetricFamilies {

    private static final System.Logger LOG = System.getLogger(MetricFamilies.class.getName());

    private final Map<String, Registered> families = new ConcurrentHashMap<>();

    /** A registered family: what kind of thing holds it (to tell re-registration from a clash) and how to read it. */
    record Registered(Object owner, Supplier<MetricFamily> reader) {
    }

    /**
     * Registers the family {@code name} held by {@code owner} (a counter, a histogram, a gauge's supplier), or returns
     * the owner already registered under it when {@code sameKind} accepts it.
     *
     * @param replace whether a new owner replaces the old one (gauges) instead of the old one being returned
     * @throws IllegalArgumentException when the name is taken by something {@code sameKind} does not accept
     */
    @SuppressWarnings("unchecked")
    <T> T register(String name, T owner, Supplier<MetricFamily> reader, java.util.function.Predicate<Object> sameKind,
                   boolean replace) {
        Registered result = families.compute(name, (n, old) -> {
            if (old == null) {
                return new Registered(owner, reader);
            }
            if (!sameKind.test(old.owner())) {
                throw new IllegalArgumentException("metric " + n + " is already registered as another kind of metric");
            }
            return replace ? new Registered(owner, reader) : old;
        });
        return (T) result.owner();
    }

    /**
     * Registers a family the kernel computes on each snapshot (e.g. garbage collection per collector), replacing one
     * of the same name.
     */
    public void register(String name, Supplier<MetricFamily> reader) {
        families.put(name, new Registered(reader, reader));
    }

    /** {@return a view for one plugin (or the kernel) that names every metric {@code prefix + name}} */
    public ScopedMetrics scope(String prefix) {
        return new ScopedMetrics(prefix, this);
    }

    /** {@return every family now, sorted by name} */
    public List<MetricFamily> snapshot() {
        List<MetricFamily> out = new ArrayList<>(families.size());
        for (Map.Entry<String, Registered> e : new java.util.TreeMap<>(families).entrySet()) {
            try {
                MetricFamily family = e.getValue().reader().get();
                if (family != null) {
                    out.add(family);
                }
            } catch (RuntimeException | LinkageError failure) {
                LOG.log(System.Logger.Level.DEBUG, "metric " + e.getKey() + " left out of this snapshot: " + failure);
            }
        }
        return out;
    }
}
