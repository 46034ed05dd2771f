package io.pulse.api.http;

import io.pulse.spi.PluginContext;
import io.pulse.spi.Scheduler;
import io.pulse.spi.ServerSettings;
import io.pulse.spi.metrics.PluginMetrics;
import io.pulse.spi.option.OptionValues;
import io.pulse.spi.stats.SampleFeed;
import io.pulse.spi.storage.StorageQueries;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

/**
 * TEST DOUBLE of the kernel's {@link PluginContext} for the {@code http} front end: its options parsed the kernel's
 * way, a given clock, and the storage queries and server settings of the {@link FakeServer} it was made for (read
 * when asked, so a test may swap them). Its live sample feed is the fake server's
 * {@link io.pulse.storage.tck.ManualSampleFeed}, its metrics registry the fake server's {@link io.pulse.storage.tck.RecordingMetrics}.
 * The API schedules nothing and keeps no files, so asking for those fails the test.
 */
final class TestPluginContext implements PluginContext {

    /** The original's settings: poll 60 s, beat 30 s, aggregate 15 min, retention 1 week, raw 8 h. */
    static final ServerSettings SETTINGS = new ServerSettings(Duration.ofSeconds(60), Duration.ofSeconds(30),
        Duration.ofMinutes(15), Duration.ofDays(7), Duration.ofHours(8), "0.1.0-test");

    private final OptionValues options;
    private final Clock clock;
    private final FakeServer kernel;

    TestPluginContext(OptionValues options, Clock clock, FakeServer kernel) {
        this.options = options;
        this.clock = clock;
        this.kernel = kernel;
    }

    @Override
    public String id() {
        return HttpApiFactory.ID;
    }

    @Override
    public OptionValues options() {
        return options;
    }

    @Override
    public ServerSettings server() {
        return kernel.settings;
    }

    @Override
    public Path dataDir() {
        throw new AssertionError("the HTTP API keeps no files");
    }

    @Override
    public Scheduler scheduler() {
        throw new AssertionError("the HTTP API schedules nothing");
    }

    @Override
    public Clock clock() {
        return clock;
    }

    @Override
    public StorageQueries storage() {
        return kernel.storage;
    }

    @Override
    public PluginMetrics metrics() {
        return kernel.pluginMetrics;
    }

    @Override
    public SampleFeed samples() {
        return kernel.feed;
    }
}
