package io.pulse.spi.metrics;

import io.pulse.spi.Api;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A snapshot of one metric family, as front ends export it: its full name (already following Prometheus' rules,
 * e.g. {@code pulse_builtin_alerts_firing}), its type, its help text and its samples. See
 * {@link io.pulse.spi.frontend.FrontEndContext#metricFamilies()}.
 *
 * @param name    the family's name, matching {@code [a-zA-Z_:][a-zA-Z0-9_:]*}; a counter's ends in {@code _total}
 * @param type    what kind of metric it is
 * @param help    one sentence saying what it is
 * @param samples its samples, in output order: one for a counter or gauge without labels; for a histogram the
 *                {@code _bucket} samples (cumulative, label {@code le}, ending with {@code +Inf}), then
 *                {@code _sum} and {@code _count}
 */
@Api
public record MetricFamily(String name, Type type, String help, List<Sample> samples) {

    /** The kinds of metric. */
    @Api
    public enum Type {
        /** Only grows from zero until the server restarts. */
        COUNTER,
        /** A level that goes up and down. */
        GAUGE,
        /** Observations counted in cumulative buckets, with their sum and count. */
        HISTOGRAM
    }

    /**
     * One sample of a family.
     *
     * @param name   the sample's name: the family's, or for a histogram the family's with {@code _bucket},
     *               {@code _sum} or {@code _count} appended
     * @param labels label name to value, in output order (empty for none)
     * @param value  the value
     */
    @Api
    public record Sample(String name, Map<String, String> labels, double value) {
        /** Checks that name and labels are given and copies the labels. */
        public Sample {
            Objects.requireNonNull(name, "name");
            labels = Collections.unmodifiableMap(new LinkedHashMap<>(labels));
        }
    }

    /** Checks that every part is given and copies the samples. */
    public MetricFamily {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(help, "help");
        samples = List.copyOf(samples);
    }
}
