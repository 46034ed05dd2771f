package io.pulse.spi.metrics;

import io.pulse.spi.Api;

import java.util.function.DoubleSupplier;

/**
 * Where a plugin registers its own metrics, modelled on the Prometheus client libraries. Each metric has a name and a
 * help text; the kernel exports it as {@code pulse_<plugin id>_<name>} (a counter with {@code _total} appended), so
 * names need no prefix of their own and two plugins never clash.
 *
 * <p>Names follow Prometheus' conventions: lower case {@code [a-z][a-z0-9_]*}, the unit spelled out at the end in
 * base units ({@code _seconds}, {@code _bytes}), a counter named for what it counts without {@code _total}
 * ({@code webhook_failures}). A name may be registered once per plugin; registering it again with the same kind
 * returns the same counter or histogram (a gauge is replaced), with another kind it is refused.
 *
 * <p>Register in the factory's {@code create(...)} or in {@code start()}; count from any thread. Counters and
 * histograms are cheap enough for hot paths (no locks); a gauge's supplier is called on every scrape, from a
 * front end's thread, so it must be quick and thread-safe. Thread-safe.
 */
@Api
public interface PluginMetrics {

    /**
     * {@return the counter with that name, created at zero on first registration}
     *
     * @param name what it counts, e.g. {@code webhook_failures} (exported as {@code pulse_<id>_webhook_failures_total})
     * @param help one sentence saying what it counts, e.g. {@code "Webhook calls that failed."}
     * @throws IllegalArgumentException for a name that breaks the rules above or is registered with another kind
     */
    Counter counter(String name, String help);

    /**
     * Registers a gauge: a level read from {@code value} on each scrape (a supplier that throws leaves the gauge out
     * of that scrape).
     *
     * @param name  what it measures, with its unit, e.g. {@code buffer_bytes}
     * @param help  one sentence saying what it measures
     * @param value reads the level now
     * @throws IllegalArgumentException for a name that breaks the rules above or is registered with another kind
     */
    void gauge(String name, String help, DoubleSupplier value);

    /**
     * {@return the histogram with that name, created empty on first registration} Its buckets count observations at most
     * each upper bound; a {@code +Inf} bucket is always added.
     *
     * @param name        what it measures, with its unit, e.g. {@code send_seconds}
     * @param help        one sentence saying what it measures
     * @param upperBounds the buckets' upper bounds, ascending and finite, at least one (e.g. {@link #secondsBuckets()})
     * @throws IllegalArgumentException for a name that breaks the rules above or is registered with another kind or
     *                                  other buckets, or for bounds that are not ascending and finite
     */
    Histogram histogram(String name, String help, double... upperBounds);

    /**
     * {@return a registry that checks names as the kernel's does and keeps nothing: its counters and histograms stay at
     * zero} For contexts that export no metrics, such as test doubles.
     */
    static PluginMetrics discarding() {
        return Discarding.INSTANCE;
    }

    /**
     * {@return bucket bounds for durations in seconds, from 1 ms to 10 s} The Prometheus clients' defaults with 1 ms
     * added, since local writes and calls often take less than 5 ms. A new array each call.
     */
    static double[] secondsBuckets() {
        return new double[] {0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};
    }
}
