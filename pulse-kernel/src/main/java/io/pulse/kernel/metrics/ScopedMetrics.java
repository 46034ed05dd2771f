package io.pulse.kernel.metrics;

import io.pulse.spi.metrics.Counter;
import io.pulse.spi.metrics.Histogram;
import io.pulse.spi.metrics.MetricFamily;
import io.pulse.spi.metrics.MetricNames;
import io.pulse.spi.metrics.PluginMetrics;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.DoubleSupplier;
import java.util.function.UnaryOperator;

/**
 * One plugin's {@link PluginMetrics}: every name it registers becomes {@code <prefix><name>} in the shared
 * {@link MetricFamilies} ({@code pulse_<id>_buffer_bytes}), a counter's with {@code _total} appended. The
 * kernel's own families use the prefix {@code pulse_}. Thread-safe.
 */
public final class ScopedMetrics implements PluginMetrics {

    private final String prefix;
    private final MetricFamilies families;
    private final UnaryOperator<DoubleSupplier> gaugeBinding;

    ScopedMetrics(String prefix, MetricFamilies families) {
        this(prefix, families, UnaryOperator.identity());
    }

    private ScopedMetrics(String prefix, MetricFamilies families, UnaryOperator<DoubleSupplier> gaugeBinding) {
        this.prefix = Objects.requireNonNull(prefix, "prefix");
        this.families = Objects.requireNonNull(families, "families");
        this.gaugeBinding = Objects.requireNonNull(gaugeBinding, "gaugeBinding");
    }

    /**
     * {@return this view with every gauge's supplier wrapped by {@code binding}} The kernel binds a plugin's gauges to
     * its class loader, since a scrape reads them on a front end's thread.
     */
    public ScopedMetrics withGaugeBinding(UnaryOperator<DoubleSupplier> binding) {
        return new ScopedMetrics(prefix, families, binding);
    }

    @Override
    public Counter counter(String name, String help) {
        MetricNames.check(name, help);
        String full = prefix + name + "_total";
        AdderCounter counter = new AdderCounter();
        return families.register(full, counter,
            () -> new MetricFamily(full, MetricFamily.Type.COUNTER, help,
                List.of(new MetricFamily.Sample(full, Map.of(), counter.value()))),
            AdderCounter.class::isInstance, false);
    }

    @Override
    public void gauge(String name, String help, DoubleSupplier value) {
        MetricNames.check(name, help);
        String full = prefix + name;
        DoubleSupplier bound = gaugeBinding.apply(Objects.requireNonNull(value, "value"));
        Gauge gauge = new Gauge(bound);
        families.register(full, gauge,
            () -> new MetricFamily(full, MetricFamily.Type.GAUGE, help,
                List.of(new MetricFamily.Sample(full, Map.of(), gauge.value().getAsDouble()))),
            Gauge.class::isInstance, true);
    }

    @Override
    public Histogram histogram(String name, String help, double... upperBounds) {
        MetricNames.check(name, help);
        MetricNames.checkBounds(upperBounds);
        String full = prefix + name;
        BucketHistogram histogram = new BucketHistogram(upperBounds);
        return families.register(full, histogram, () -> histogram.family(full, help),
            old -> old instanceof BucketHistogram h && h.sameBuckets(upperBounds), false);
    }

    /** A gauge's supplier, as the owner of its family. */
    private record Gauge(DoubleSupplier value) {
    }
}
