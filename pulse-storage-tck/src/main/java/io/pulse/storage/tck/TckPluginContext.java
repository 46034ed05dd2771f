package io.pulse.storage.tck;

import io.pulse.spi.PluginContext;
import io.pulse.spi.Scheduler;
import io.pulse.spi.ServerSettings;
import io.pulse.spi.option.OptionValues;
import io.pulse.spi.storage.StorageFactory;
import io.pulse.spi.storage.StorageQueries;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * The {@link PluginContext} the kernel would give a storage factory, for tests: the factory's options parsed from text
 * with the kernel's rules (a bad value is a {@link io.pulse.spi.ConfigException} naming {@code <id>.<key>}), the
 * original pulse's {@link ServerSettings} (or others), the factory's own data directory, a {@link Scheduler}, a
 * {@link Clock} and a {@link ManualSampleFeed} the test publishes to. {@link #storage()} throws, as the kernel's does
 * for a storage factory.
 *
 * <pre>{@code
 * StorageFactory factory = new AcmeStorageFactory();
 * TckPluginContext ctx = TckPluginContext.builder(factory, tempDir)
 *     .options(Map.of("snapshot-interval", "1m"))
 *     .scheduler(new ManualScheduler())
 *     .build();
 * Storage storage = factory.create(ctx);
 * }</pre>
 *
 * <p>Immutable and thread-safe (the scheduler, clock and feed it holds are the caller's).
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
    /** The version the default settings report. */
    public static final String VERSION = "0.0.0-tck";

    private final StorageFactory factory;
    private final Path serverDataDir;
    private final Map<String, String> optionText;
    private final OptionValues options;
    private final ServerSettings server;
    private final Path dataDir;
    private final Scheduler scheduler;
    private final Clock clock;
    private final ManualSampleFeed samples;

    private TckPluginContext(Builder b) {
        this.factory = b.factory;
        this.serverDataDir = b.serverDataDir;
        this.optionText = b.options;
        this.options = OptionValues.parse(b.factory.id(), b.factory.options(), b.options);
        this.server = b.server != null ? b.server : defaultSettings();
        this.dataDir = b.serverDataDir.resolve(b.factory.id());
        this.scheduler = b.scheduler != null ? b.scheduler : new ManualScheduler();
        this.clock = b.clock != null ? b.clock : Clock.systemUTC();
        this.samples = b.samples != null ? b.samples : new ManualSampleFeed();
        try {
            Files.createDirectories(dataDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the plugin data directory " + dataDir, e);
        }
    }

    /**
     * Starts a context for {@code factory} whose server data directory is {@code serverDataDir}; the factory's own
     * directory {@code serverDataDir/<id>} is created by {@link Builder#build()}, as the kernel does.
     */
    public static Builder builder(StorageFactory factory, Path serverDataDir) {
        return new Builder(factory, serverDataDir);
    }

    /** The original pulse's defaults: poll 60 s, beat 30 s, aggregate 15 min, retention 1 week, raw 8 h. */
    public static ServerSettings defaultSettings() {
        return new ServerSettings(POLL_INTERVAL, BEAT_INTERVAL, AGGREGATE_INTERVAL, RETENTION, RAW_RETENTION, VERSION);
    }

    @Override
    public String id() {
        return factory.id();
    }

    @Override
    public OptionValues options() {
        return options;
    }

    @Override
    public ServerSettings server() {
        return server;
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

    /**
     * Throws, as the kernel's context does for a storage factory: a backend does not query itself through its
     * context.
     */
    @Override
    public StorageQueries storage() {
        throw new IllegalStateException(factory.id() + " is a storage factory: the storage queries are not offered to"
            + " the storage itself");
    }

    /** The feed, which the test {@link ManualSampleFeed#publish publishes} to. */
    @Override
    public ManualSampleFeed samples() {
        return samples;
    }

    /**
     * A builder holding everything this context was built from, to derive another one (e.g. the same data directory
     * with another clock).
     */
    public Builder toBuilder() {
        return new Builder(factory, serverDataDir)
            .options(optionText)
            .server(server)
            .scheduler(scheduler)
            .clock(clock)
            .samples(samples);
    }

    /** Builds a {@link TckPluginContext}. Not thread-safe. */
    public static final class Builder {
        private final StorageFactory factory;
        private final Path serverDataDir;
        private Map<String, String> options = Map.of();
        private ServerSettings server;
        private Scheduler scheduler;
        private Clock clock;
        private ManualSampleFeed samples;

        private Builder(StorageFactory factory, Path serverDataDir) {
            this.factory = Objects.requireNonNull(factory, "factory");
            this.serverDataDir = Objects.requireNonNull(serverDataDir, "serverDataDir");
        }

        /**
         * The factory's options as an operator writes them in its config-file section: option key to text
         * (default: none set, so every option has its default). Parsed by {@link #build()}.
         */
        public Builder options(Map<String, String> values) {
            this.options = Map.copyOf(values);
            return this;
        }

        /** The server settings (default: {@link #defaultSettings()}). */
        public Builder server(ServerSettings settings) {
            this.server = Objects.requireNonNull(settings, "settings");
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

        /** The sample feed (default: a new {@link ManualSampleFeed}). */
        public Builder samples(ManualSampleFeed feed) {
            this.samples = Objects.requireNonNull(feed, "feed");
            return this;
        }

        /**
         * Parses the options, creates the factory's data directory and the context.
         *
         * @throws io.pulse.spi.ConfigException naming {@code <id>.<key>} for an unknown key or a bad value
         */
        public TckPluginContext build() {
            return new TckPluginContext(this);
        }
    }
}
