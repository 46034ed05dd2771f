package io.pulse.kernel.server;

import io.pulse.spi.PluginContext;
import io.pulse.spi.Scheduler;
import io.pulse.spi.ServerSettings;
import io.pulse.spi.metrics.PluginMetrics;
import io.pulse.spi.option.OptionValues;
import io.pulse.spi.stats.SampleFeed;
import io.pulse.spi.storage.StorageQueries;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;

/**
 * The {@link PluginContext} one component is created with. Its scheduler and sample feed are already bound to the
 * component's plugin (see {@link PulseServer}). Immutable.
 *
 * @param id        the factory id
 * @param options   the factory's own option values
 * @param server    the server-wide settings
 * @param dataDir   {@code <data-dir>/<id>}, already created
 * @param scheduler the kernel's scheduler, as this plugin sees it
 * @param clock     the clock (UTC system clock in production)
 * @param queries   the active storage's read-only queries; empty for the storage factory itself
 * @param samples   the live sample feed, as this plugin sees it
 * @param metrics   where this plugin registers its metrics ({@code pulse_<id>_...}), its gauges bound to its loader
 */
record KernelPluginContext(String id, OptionValues options, ServerSettings server, Path dataDir, Scheduler scheduler,
                           Clock clock, Optional<StorageQueries> queries, SampleFeed samples, PluginMetrics metrics)
    implements PluginContext {
    KernelPluginContext {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(scheduler, "scheduler");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(queries, "queries");
        Objects.requireNonNull(samples, "samples");
        Objects.requireNonNull(metrics, "metrics");
    }

    @Override
    public StorageQueries storage() {
        return queries.orElseThrow(() -> new IllegalStateException("storage '" + id + "' asked for the storage's"
            + " queries: a storage backend answers queries itself and cannot query another through its context"));
    }
}
