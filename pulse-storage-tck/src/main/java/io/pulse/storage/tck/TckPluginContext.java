package io.pulse.storage.tck;

import io.pulse.spi.ConfigView;
import io.pulse.spi.PluginContext;
import io.pulse.spi.Scheduler;
import io.pulse.spi.ServerSettings;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * A {@link PluginContext} for tests: configuration from maps, a data directory of the test's choosing, the default
 * {@link ServerSettings} of the original pulse (or others), a {@link Scheduler} and a {@link Clock}.
 *
 * <pre>{@code
 * TckPluginContext ctx = TckPluginContext.builder("memory", tempDir)
 *     .config(Map.of("snapshot-interval", "1m"))
 *     .scheduler(new ManualScheduler())
 *     .build();
 * Storage storage = new MemoryStorageFactory().create(ctx);
 * }</pre>
 *
 * <p>Immutable and thread-safe (the scheduler and clock it holds are the caller's).
 */
public final class TckPluginContext implements PluginContext {

    /** The original's poll interval: 60 s. */
    public static final Duration POLL_INTERVAL = Duration.ofSeconds(60);
    /** The original's heartbeat: 30 s. */
    public static final Duration BEAT_INTERVAL = Duration.ofSeconds(30);
    /** The original's aggregate interval: 15 min. */
    public static final Duration AGGREGATE_INTERVAL = Duration.ofMinutes(15);
    /** The original's default retention: 1 week. */
    public static final Duration RETENTION = Duration.ofDays(7);
    /** The original's raw retention (its {@code one_day} policy): 8 h. */
    public static final Duration RAW_RETENTION = Duration.ofHours(8);

    private final String pluginId;
    private final ConfigView config;
    private final ConfigView serverConfig;
    private final ServerSettings settings;
    private final Path dataDir;
    private final Scheduler scheduler;
    private final Clock clock;

    private TckPluginContext(Builder b) {
        this.pluginId = b.pluginId;
        this.config = ConfigView.of(b.pluginId, b.config);
        this.serverConfig = ConfigView.of("", b.serverConfig);
        this.settings = b.settings != null ? b.settings : defaultSettings(b.serverDataDir);
        this.dataDir = b.serverDataDir.resolve(b.pluginId);
        this.scheduler = b.scheduler != null ? b.scheduler : new ManualScheduler();
        this.clock = b.clock != null ? b.clock : Clock.systemUTC();
        try {
            Files.createDirectories(dataDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the plugin data directory " + dataDir, e);
        }
    }

    /**
     * Starts a context for the plugin {@code pluginId} whose server data directory is {@code serverDataDir}; the
     * plugin's own directory {@code serverDataDir/pluginId} is created by {@link Builder#build()}, as the kernel does.
     */
    public static Builder builder(String pluginId, Path serverDataDir) {
        return new Builder(pluginId, serverDataDir);
    }

    /** The original pulse's defaults: poll 60 s, beat 30 s, aggregate 15 min, retention 1 week, raw 8 h. */
    public static ServerSettings defaultSettings(Path serverDataDir) {
        return new ServerSettings(POLL_INTERVAL, BEAT_INTERVAL, AGGREGATE_INTERVAL, RETENTION, RAW_RETENTION,
            serverDataDir, "0.0.0-tck");
    }

    /** The plugin id this context was built for. */
    public String pluginId() {
        return pluginId;
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
        return scheduler;
    }

    @Override
    public Clock clock() {
        return clock;
    }

    /** A copy of this context's builder, to derive a context (e.g. the same data directory, another clock). */
    public Builder toBuilder() {
        return new Builder(pluginId, settings.dataDir())
            .config(config.asMap())
            .serverConfig(serverConfig.asMap())
            .settings(settings)
            .scheduler(scheduler)
            .clock(clock);
    }

    /** Builds a {@link TckPluginContext}. Not thread-safe. */
    public static final class Builder {
        private final String pluginId;
        private final Path serverDataDir;
        private Map<String, String> config = Map.of();
        private Map<String, String> serverConfig = Map.of();
        private ServerSettings settings;
        private Scheduler scheduler;
        private Clock clock;

        private Builder(String pluginId, Path serverDataDir) {
            this.pluginId = Objects.requireNonNull(pluginId, "pluginId");
            this.serverDataDir = Objects.requireNonNull(serverDataDir, "serverDataDir");
        }

        /** The plugin's own section, keys relative to it (default: empty). */
        public Builder config(Map<String, String> values) {
            this.config = Map.copyOf(values);
            return this;
        }

        /** The server's top-level settings by long flag name (default: empty). */
        public Builder serverConfig(Map<String, String> values) {
            this.serverConfig = Map.copyOf(values);
            return this;
        }

        /**
         * The server settings (default: {@link #defaultSettings(Path)}). Their {@code dataDir} should be the server
         * data directory given to {@link #builder}.
         */
        public Builder settings(ServerSettings settings) {
            this.settings = Objects.requireNonNull(settings, "settings");
            return this;
        }

        /** The scheduler (default: a new {@link ManualScheduler}). */
        public Builder scheduler(Scheduler scheduler) {
            this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
            return this;
        }

        /** The clock (default: the system clock, UTC). */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** Creates the plugin data directory and the context. */
        public TckPluginContext build() {
            return new TckPluginContext(this);
        }
    }
}
