package io.pulse.storage.memory;

import io.pulse.spi.Plugin;
import io.pulse.spi.Selection;
import io.pulse.spi.stats.Sample;
import io.pulse.spi.stats.Tags;
import io.pulse.spi.storage.Storage;
import io.pulse.spi.storage.StorageFactory;
import io.pulse.storage.tck.ManualScheduler;
import io.pulse.storage.tck.TckPluginContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.module.ModuleDescriptor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * How the kernel finds and uses the plugin: the module provides {@link Plugin}, which offers the {@code memory}
 * storage, chosen when no other is; a store created through the SPI with a testing context works.
 */
class MemoryStoragePluginTest {

    @TempDir
    Path serverDir;

    @Test
    void theModuleProvidesThePlugin() {
        Module module = MemoryStoragePlugin.class.getModule();
        assertTrue(module.isNamed(), "tests run on the module path");
        ModuleDescriptor.Provides provides = module.getDescriptor().provides().stream()
            .filter(p -> p.service().equals(Plugin.class.getName()))
            .findFirst().orElseThrow(() -> new AssertionError("no provides " + Plugin.class.getName()));
        assertEquals(List.of(MemoryStoragePlugin.class.getName()), provides.providers());
        assertEquals(Set.of("io.pulse.storage.memory"), module.getDescriptor().exports().stream()
            .map(ModuleDescriptor.Exports::source).collect(java.util.stream.Collectors.toSet()));
    }

    @Test
    void thePluginOffersTheMemoryFactoryAsTheDefaultStorage() {
        List<StorageFactory> factories = new MemoryStoragePlugin().storageFactories();
        assertEquals(1, factories.size());
        assertInstanceOf(MemoryStorageFactory.class, factories.get(0));
        assertEquals("memory", factories.get(0).id());
        Selection selection = factories.get(0).selection();
        assertTrue(selection.isDefault() && selection.trigger().isEmpty(), selection.toString());
        assertTrue(new MemoryStoragePlugin().frontEndFactories().isEmpty());
    }

    @Test
    void aStoreCreatedThroughTheSpiStoresAndAnswers() throws Exception {
        // The kernel declares `uses`; this test runs inside the plugin module, which does not.
        MemoryStoragePluginTest.class.getModule().addUses(Plugin.class);
        StorageFactory factory = ServiceLoader.load(ModuleLayer.boot(), Plugin.class).stream()
            .flatMap(p -> p.get().storageFactories().stream())
            .filter(f -> f.id().equals("memory"))
            .findFirst().orElseThrow(() -> new AssertionError("the memory plugin is not found through the SPI"));
        ManualScheduler scheduler = new ManualScheduler();
        TckPluginContext context = TckPluginContext.builder(factory, serverDir)
            .options(Map.of("snapshot-interval", "1m", "wal-sync-interval", "0"))
            .scheduler(scheduler)
            .build();
        Storage storage = factory.create(context);
        try {
            storage.start();
            assertTrue(storage.health().isUp(), storage.health().toString());
            assertEquals(Set.of(Duration.ofMinutes(1)), Set.copyOf(scheduler.activeTasks().stream()
                .filter(t -> t.name().equals("memory-snapshot")).map(ManualScheduler.Task::period).toList()),
                "the snapshot interval option reaches the store");
            storage.write(List.of(new Sample("cpu_used", Tags.of("host", "a"), 1_000, 0.5)));
            assertEquals(List.of("cpu_used"), storage.keys());
            assertEquals(List.of("host"), storage.tagKeys());
        } finally {
            storage.close();
        }
        try (var files = Files.list(context.dataDir())) {
            assertFalse(files.toList().isEmpty(), "a durable store keeps its files in its data directory");
        }
    }
}
