package io.pulse.api.http;

import io.pulse.spi.Plugin;
import io.pulse.spi.stats.Sample;
import io.pulse.spi.stats.Tags;
import io.pulse.spi.storage.Storage;
import io.pulse.spi.storage.StorageFactory;
import io.pulse.storage.tck.ManualScheduler;
import io.pulse.storage.tck.SettableClock;
import io.pulse.storage.tck.TckPluginContext;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

/**
 * The real memory storage plugin ({@code pulse-storage-memory}, non-durable) on a settable clock, found as the kernel
 * finds plugins ({@link ServiceLoader} over {@link Plugin}, factory id {@code memory}) and fed the way the kernel's
 * ingestion pipeline feeds every storage: {@link Storage#write} batches, then {@link Storage#maintain} to down-sample.
 * (The kernel itself is not a dependency of plugins; its pipeline ends in exactly these calls.)
 */
final class MemoryData implements AutoCloseable {

    final SettableClock clock;
    final Storage storage;

    MemoryData(Path dir, Instant start) throws Exception {
        clock = new SettableClock(start);
        StorageFactory factory = memoryFactory();
        TckPluginContext context = TckPluginContext.builder(factory, dir)
            .options(Map.of("durable", "false"))
            .scheduler(new ManualScheduler())
            .clock(clock)
            .build();
        storage = factory.create(context);
        storage.start();
    }

    /** The {@code memory} storage factory, discovered through the SPI. */
    static StorageFactory memoryFactory() {
        // ServiceLoader needs `uses io.pulse.spi.Plugin` in the calling module; the kernel declares it, tests add it.
        MemoryData.class.getModule().addUses(Plugin.class);
        return ServiceLoader.load(Plugin.class).stream()
            .flatMap(p -> p.get().storageFactories().stream())
            .filter(f -> f.id().equals("memory"))
            .findFirst()
            .orElseThrow(() -> new AssertionError("the memory storage plugin is not on the test module path"));
    }

    /** Writes one sample of {@code stat} for the series with {@code tags} (alternating keys and values). */
    void write(String stat, Instant time, double value, String... tags) {
        storage.write(List.of(new Sample(stat, Tags.of(tags), time.toEpochMilli(), value)));
    }

    /** Down-samples everything complete at {@code now}, as the kernel's aggregate task does. */
    void maintain(Instant now) {
        clock.set(now);
        storage.maintain(now.toEpochMilli());
    }

    @Override
    public void close() {
        storage.close();
    }
}
