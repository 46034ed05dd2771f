package io.pulse.alert.builtin;

import io.pulse.spi.PluginContext;
import io.pulse.spi.Scheduler;
import io.pulse.spi.ServerSettings;
import io.pulse.spi.option.OptionValues;
import io.pulse.spi.storage.StorageQueries;
import io.pulse.storage.tck.ManualSampleFeed;
import io.pulse.storage.tck.ManualScheduler;
import io.pulse.storage.tck.RecordingMetrics;
import io.pulse.storage.tck.SettableClock;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

/**
 * The context the kernel gives an alert factory, for tests: options parsed with the kernel's rules, a poll interval
 * of 1 s, {@code <serverDataDir>/builtin}, a {@link ManualScheduler}, a {@link SettableClock} and a
 * {@link ManualSampleFeed} the test publishes to and delivers from. (The TCK's TckPluginContext is made for storage
 * factories.) The engine never queries storage, so {@link #storage()} fails loudly if it ever starts to.
 */
final class TestContext implements PluginContext {

    static final Duration POLL = Duration.ofSeconds(1);

    final ManualSampleFeed feed = new ManualSampleFeed();
    final ManualScheduler scheduler = new ManualScheduler();
    final SettableClock clock;
    final RecordingMetrics metrics = new RecordingMetrics();
    private final OptionValues options;
    private final Path dataDir;

    TestContext(Path serverDataDir, SettableClock clock, Map<String, String> options) {
        this.clock = clock;
        BuiltinAlertBackendFactory factory = new BuiltinAlertBackendFactory();
        this.options = OptionValues.parse(factory.id(), factory.options(), options);
        this.dataDir = serverDataDir.resolve(factory.id());
        try {
            Files.createDirectories(dataDir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String id() {
        return "builtin";
    }

    @Override
    public OptionValues options() {
        return options;
    }

    @Override
    public ServerSettings server() {
        return new ServerSettings(POLL, Duration.ofSeconds(30), Duration.ofMinutes(15), Duration.ofDays(7),
            Duration.ofHours(8), "0.0.0-test");
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

    @Override
    public StorageQueries storage() {
        throw new UnsupportedOperationException("the builtin engine evaluates the live feed and never queries storage");
    }

    @Override
    public RecordingMetrics metrics() {
        return metrics;
    }

    @Override
    public ManualSampleFeed samples() {
        return feed;
    }
}
