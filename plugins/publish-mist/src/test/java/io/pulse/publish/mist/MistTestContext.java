package io.pulse.publish.mist;

import io.pulse.spi.PluginContext;
import io.pulse.spi.Scheduler;
import io.pulse.spi.ServerSettings;
import io.pulse.spi.option.OptionValues;
import io.pulse.spi.storage.StorageQueries;
import io.pulse.storage.tck.ManualSampleFeed;
import io.pulse.storage.tck.ManualScheduler;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

/**
 * The context the kernel gives the mist factory, for tests: its options parsed with the kernel's rules. The publisher
 * uses only its options (it runs its own connector thread and never reads storage or the feed), so storage fails
 * loudly if it ever starts to.
 */
final class MistTestContext implements PluginContext {

    private final OptionValues options;

    MistTestContext(Map<String, String> options) {
        MistPublisherFactory factory = new MistPublisherFactory();
        this.options = OptionValues.parse(factory.id(), factory.options(), options);
    }

    @Override
    public String id() {
        return "mist";
    }

    @Override
    public OptionValues options() {
        return options;
    }

    @Override
    public ServerSettings server() {
        return new ServerSettings(Duration.ofSeconds(1), Duration.ofSeconds(30), Duration.ofMinutes(15),
            Duration.ofDays(7), Duration.ofHours(8), "0.0.0-test");
    }

    @Override
    public Path dataDir() {
        return Path.of("target", "mist-test-data");
    }

    @Override
    public Scheduler scheduler() {
        return new ManualScheduler();
    }

    @Override
    public Clock clock() {
        return Clock.systemUTC();
    }

    @Override
    public StorageQueries storage() {
        throw new UnsupportedOperationException("the mist publisher never queries storage");
    }

    @Override
    public ManualSampleFeed samples() {
        return new ManualSampleFeed();
    }
}
