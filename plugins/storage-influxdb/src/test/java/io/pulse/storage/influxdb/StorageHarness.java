package io.pulse.storage.influxdb;

import io.pulse.spi.ServerSettings;
import io.pulse.spi.storage.Storage;
import io.pulse.storage.tck.ExecutorScheduler;
import io.pulse.storage.tck.TckPluginContext;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/**
 * Creates started InfluxDB storages against a test influxd, each in its own database (so tests sharing one
 * influxd do not see each other's data) and its own data directory, and closes them. Each context gets a real
 * {@link ExecutorScheduler} of its own, closed with the harness.
 */
final class StorageHarness implements AutoCloseable {

    private static final AtomicInteger DATABASES = new AtomicInteger();

    private final InfluxdServer influxd;
    private final Path root;
    private final List<AutoCloseable> open = new ArrayList<>();

    StorageHarness(InfluxdServer influxd) {
        this.influxd = influxd;
        try {
            this.root = Files.createTempDirectory("pulse-influx-storage-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A fresh database name. */
    static String newDatabase() {
        return "pulse_test_" + DATABASES.incrementAndGet();
    }

    /**
     * A context as the kernel builds it for this plugin: {@code options} as the {@code influxdb} section (with a
     * short {@code retry-interval} and {@code timeout} and a {@code write-interval} of zero unless given) and {@code address} = {@code influxUrl}, the
     * original's server settings except {@code retention} and {@code aggregateInterval}, and the plugin data
     * directory {@code serverDataDir/influxdb}. The scheduler is the caller's to set (default: a manual one).
     */
    static TckPluginContext.Builder contextBuilder(String influxUrl, Path serverDataDir, Map<String, String> options,
                                                   Duration retention, Duration aggregateInterval) {
        Map<String, String> values = new HashMap<>(options);
        values.putIfAbsent("retry-interval", "100ms");
        values.putIfAbsent("timeout", "2s");
        // each write sends its own request, so that a test sees what one write did (in InfluxDB, in the buffer) when
        // it returns; gathering across writes has tests of its own (WriteIntervalTest) and the TCK runs with it
        values.putIfAbsent("write-interval", "0s");
        values.put("address", influxUrl);
        ServerSettings settings = new ServerSettings(TckPluginContext.POLL_INTERVAL, TckPluginContext.BEAT_INTERVAL,
            aggregateInterval, retention, TckPluginContext.RAW_RETENTION, "test");
        return TckPluginContext.builder(new InfluxDbStorageFactory(), serverDataDir)
            .options(values)
            .server(settings);
    }

    /** A context for a new storage in {@code database}, server data dir {@code <root>/<dir>}. */
    TckPluginContext context(String database, String dir, Map<String, String> options) {
        return context(database, dir, options, TckPluginContext.RETENTION);
    }

    TckPluginContext context(String database, String dir, Map<String, String> options, Duration retention) {
        return context(database, dir, options, retention, TckPluginContext.AGGREGATE_INTERVAL);
    }

    TckPluginContext context(String database, String dir, Map<String, String> options, Duration retention, Duration aggregateInterval) {
        Map<String, String> values = new HashMap<>(options);
        values.put("database", database);
        ExecutorScheduler scheduler = new ExecutorScheduler();
        open.add(scheduler);
        return contextBuilder(influxd.url(), root.resolve(dir), values, retention, aggregateInterval)
            .scheduler(scheduler)
            .build();
    }

    /** The server data directory {@code <root>/<dir>} that {@link #context} uses for {@code dir}. */
    Path serverDir(String dir) {
        return root.resolve(dir);
    }

    /** A real scheduler of its own, closed with the harness. */
    ExecutorScheduler scheduler() {
        ExecutorScheduler scheduler = new ExecutorScheduler();
        open.add(scheduler);
        return scheduler;
    }

    /** Creates (not starts) a storage on {@code context}. */
    InfluxDbStorage create(TckPluginContext context) {
        InfluxDbStorage storage = (InfluxDbStorage) new InfluxDbStorageFactory().create(context);
        open.add(storage);
        return storage;
    }

    /** Creates and starts a storage in a fresh database. */
    InfluxDbStorage started(Map<String, String> options) {
        InfluxDbStorage storage = create(context(newDatabase(), "data-" + DATABASES.get(), options));
        start(storage);
        return storage;
    }

    static void start(Storage storage) {
        try {
            storage.start();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Waits until {@code condition} holds, polling every 20 ms, or fails after {@code timeout}. */
    static void await(String what, Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout + " waiting for " + what);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what);
            }
        }
    }

    @Override
    public void close() {
        for (int i = open.size() - 1; i >= 0; i--) {
            try {
                open.get(i).close();
            } catch (Exception e) {
                // closing test resources: keep going
            }
        }
    }
}
