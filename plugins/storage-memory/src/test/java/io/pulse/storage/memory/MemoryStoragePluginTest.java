package io.pulse.storage.memory;

import io.pulse.spi.Plugin;
import io.pulse.spi.storage.StorageFactory;
import org.junit.jupiter.api.Test;

import java.lang.module.ModuleDescriptor;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** How the kernel finds the plugin: the module provides {@link Plugin}, which offers the {@code memory} storage. */
class MemoryStoragePluginTest {

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
    void thePluginOffersTheMemoryFactory() {
        List<StorageFactory> factories = new MemoryStoragePlugin().storageFactories();
        assertEquals(1, factories.size());
        assertInstanceOf(MemoryStorageFactory.class, factories.get(0));
        assertEquals("memory", factories.get(0).id());
        assertTrue(new MemoryStoragePlugin().frontEndFactories().isEmpty());
    }
}
