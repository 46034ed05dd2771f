package io.pulse.spi.metrics;

import io.pulse.spi.Api;

import java.util.Objects;
import java.util.regex.Pattern;

/** The rules for the names, help texts and buckets given to {@link PluginMetrics}, for its implementations. */
@Api
public final class MetricNames {

    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]*");

    private MetricNames() {
    }

    /**
     * Checks a metric's name and help text.
     *
     * @param name the name given to {@link PluginMetrics}
     * @param help its help text
     * @throws IllegalArgumentException when the name is not {@code [a-z][a-z0-9_]*}, ends with {@code _total},
     *                                  {@code _bucket}, {@code _sum} or {@code _count} (the exporter adds those), or
     *                                  the help text is blank
     */
    public static void check(String name, String help) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(help, "help");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("metric name '" + name + "': use lower case letters, digits and _,"
                + " starting with a letter (e.g. webhook_failures, send_seconds)");
        }
        for (String suffix : new String[] {"_total", "_bucket", "_sum", "_count"}) {
            if (name.endsWith(suffix)) {
                throw new IllegalArgumentException("metric name '" + name + "': leave out " + suffix
                    + " (the exporter adds it where Prometheus expects it)");
            }
        }
        if (help.isBlank()) {
            throw new IllegalArgumentException("metric " + name + ": say in the help text what it is");
        }
    }

    /**
     * Checks a histogram's bucket bounds.
     *
     * @param upperBounds the bounds given to {@link PluginMetrics#histogram}
     * @throws IllegalArgumentException when there are none, or one is not finite, or they are not strictly ascending
     */
    public static void checkBounds(double... upperBounds) {
        Objects.requireNonNull(upperBounds, "upperBounds");
        if (upperBounds.length == 0) {
            throw new IllegalArgumentException("a histogram needs at least one bucket bound");
        }
        for (int i = 0; i < upperBounds.length; i++) {
            if (!Double.isFinite(upperBounds[i]) || i > 0 && upperBounds[i] <= upperBounds[i - 1]) {
                throw new IllegalArgumentException("bucket bounds must be finite and strictly ascending: "
                    + java.util.Arrays.toString(upperBounds));
            }
        }
    }
}
