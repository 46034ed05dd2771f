package io.pulse.storage.influxdb;

import io.pulse.spi.ConfigView;
import io.pulse.spi.PluginContext;
import io.pulse.spi.Scheduler;
import io.pulse.spi.ServerSettings;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A {@link PluginContext} for this module's own tests: a real scheduler (runs never overlap, failures are
 * printed and do not cancel later runs, as the kernel's), the given configuration and data directory.
 */
final class TestContext implements PluginContext, AutoCloseable {

    private final ConfigView config;
    private final ConfigView serverConfig;
    private final ServerSettings settings;
    private final Path dataDir;
    private final ScheduledExecutorService executor = Executors.newScheduledThreadPool(1, Thread.ofPlatform().daemon().factory());

    TestContext(String influxUrl, Path dataDir, Map<String, String> options) {
        this(influxUrl, dataDir, options, Duration.ofDays(7));
    }

    TestContext(String influxUrl, Path dataDir, Map<String, String> options, Duration retention) {
        this(influxUrl, dataDir, options, retention, Duration.ofMinutes(15));
    }

    TestContext(String influxUrl, Path dataDir, Map<String, String> options, Duration retention, Duration aggregateInterval) {
        Map<String, String> values = new HashMap<>(options);
        values.putIfAbsent("retry-interval", "100ms");
        values.putIfAbsent("timeout", "2s");
        this.config = ConfigView.of("influxdb", values);
        this.serverConfig = ConfigView.of("", Map.of("influx-address", influxUrl));
        this.settings = new ServerSettings(Duration.ofSeconds(60), Duration.ofSeconds(30), aggregateInterval,
            retention, Duration.ofHours(8), dataDir.getParent() == null ? dataDir : dataDir.getParent(), "test");
        this.dataDir = dataDir;
    }

    @Override
    public ConfigView config() {
        return config;
    }

    @Override
    public ConfigView serverConfig() {
        return serverConfig;
    }

    @Override
    public ServerSettings settings() {
        return settings;
    }

    @Override
    public Path dataDir() {
        return dataDir;
    }

    @Override
    public Scheduler scheduler() {
        return (name, initialDelay, period, task) -> {
            AtomicBoolean running = new AtomicBoolean();
            ScheduledFuture<?> future = executor.scheduleAtFixedRate(() -> {
                if (!running.compareAndSet(false, true)) {
                    return;
                }
                Thread.ofVirtual().name(name).start(() -> {
                    try {
                        task.run();
                    } catch (RuntimeException e) {
                        System.err.println("task " + name + " failed: " + e);
                    } finally {
                        running.set(false);
                    }
                });
            }, initialDelay.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
            return () -> future.cancel(false);
        };
    }

    @Override
    public Clock clock() {
        return Clock.systemUTC();
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
