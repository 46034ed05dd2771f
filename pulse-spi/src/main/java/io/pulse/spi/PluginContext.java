package io.pulse.spi;

import io.pulse.spi.metrics.PluginMetrics;
import io.pulse.spi.option.OptionValues;
import io.pulse.spi.stats.SampleFeed;
import io.pulse.spi.storage.StorageQueries;

import java.nio.file.Path;
import java.time.Clock;

/**
 * What the kernel hands a factory when it creates a component: its own settings, the server-wide settings, a place
 * for its files, shared services, and the two ways components cooperate without reaching into the kernel or into
 * each other - the active storage's queries and the live sample feed. Thread-safe.
 */
@Api
public interface PluginContext {

    /** {@return the id of the factory this context was made for, e.g. {@code influxdb}} */
    String id();

    /** {@return this factory's own options, parsed and validated; never another factory's (or its secrets)} */
    OptionValues options();

    /** {@return the server-wide settings (intervals, retention, version)} */
    ServerSettings server();

    /** {@return this component's own data directory, {@code <data-dir>/<id>}, created before the factory is called} */
    Path dataDir();

    /**
     * {@return the kernel's scheduler for periodic work} Every run of a task scheduled here runs with this plugin's class
     * loader as the thread context class loader, and its name in logs is prefixed with the factory id.
     */
    Scheduler scheduler();

    /** {@return the clock to read "now" from (tests substitute their own)} */
    Clock clock();

    /**
     * {@return the active storage backend's read-only queries (what a built-in alert engine or a scrape endpoint needs)} Calls
     * run with the storage plugin's class loader. The reference may be taken in {@code create(...)}; storage is
     * started first, so the queries answer by the time this component starts.
     *
     * @throws IllegalStateException when called by a storage factory (a backend does not query itself through here)
     */
    StorageQueries storage();

    /**
     * {@return the live sample feed: every batch ingested from now on, through a bounded queue of the subscriber's own, on a
     * kernel thread; a slow subscriber loses its own oldest batches (counted), never delays ingestion or anyone else}
     */
    SampleFeed samples();

    /**
     * {@return where this plugin registers its own counters, gauges and histograms} The kernel exports them with the
     * server's metrics as {@code pulse_<id>_<name>} (e.g. on the HTTP API's {@code GET /metrics}). This default, for
     * contexts that export nothing (test doubles), is {@link PluginMetrics#discarding()}.
     */
    default PluginMetrics metrics() {
        return PluginMetrics.discarding();
    }
}
