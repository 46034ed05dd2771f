package io.pulse.storage.memory;

import io.pulse.spi.Plugin;
import io.pulse.spi.storage.StorageFactory;

import java.util.List;

/** The plugin entry point: offers the {@code memory} storage. */
public final class MemoryStoragePlugin implements Plugin {

    @Override
    public List<StorageFactory> storageFactories() {
        return List.of(new MemoryStorageFactory());
    }
}
