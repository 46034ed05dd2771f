package io.pulse.storage.memory;

import io.pulse.spi.storage.StorageFactory;
import io.pulse.storage.tck.StorageTck;

import java.util.Map;

/** The storage TCK against the memory store with {@code durable=false}: the same answers, nothing on disk. */
class VolatileMemoryStorageTckTest extends StorageTck {

    @Override
    protected StorageFactory factory() {
        return new MemoryStorageFactory();
    }

    @Override
    protected Map<String, String> options(String storeId) {
        return Map.of("durable", "false");
    }

    @Override
    protected boolean persistsAcrossRestart() {
        return false;
    }
}
