package io.pulse.alert.kapacitor;

import io.pulse.spi.PluginContext;
import io.pulse.spi.Scheduler;
import io.pulse.spi.ServerSettings;
import io.pulse.spi.option.OptionValues;
import io.pulse.spi.stats.SampleFeed;
import io.pulse.spi.storage.StorageQueries;
import io.pulse.storage.tck.ManualSampleFeed;
import io.pulse.storage.tck.TckPluginContext;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

/**
 * A testing {@link PluginContext} for the {@code kapacitor} factory: its options parsed exactly as the kernel parses
 * them ({@link OptionValues#parse}), a scheduler of the test's choosing, and no storage (this backend never queries
 * it, so asking is a bug).
 */
final class KapacitorTestContext implements PluginContext {

    private final OptionValues options;
    private final Scheduler scheduler;
    private final Path dataDir;

    KapacitorTestContext(Map<String, String> options, Scheduler scheduler, Path dataDir) {
        KapacitorAlertBackendFactory factory = new KapacitorAlertBackendFactory();
        this.options = OptionValues.parse(factory.id(), factory.options(), options);
        this.scheduler = scheduler;
        this.dataDir = dataDir;
    }

    @Override
    public String id() {
        return KapacitorAlertBackendFactory.ID;
    }

    @Override
    public OptionValues options() {
        return options;
    }

    @Override
    public ServerSettings server() {
        return TckPluginContext.defaultSettings();
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
        return Clock.systemUTC();
    }

    @Override
    public StorageQueries storage() {
        throw new AssertionError("the kapacitor backend never reads storage");
    }

    @Override
    public SampleFeed samples() {
        return new ManualSampleFeed();
    }
}
