package io.pulse.storage.memory;

import io.pulse.spi.storage.StorageFactory;
import io.pulse.storage.tck.StorageTck;

/** The storage TCK against the memory store, durable (write-ahead log and snapshots in a temporary data dir). */
class MemoryStorageTckTest extends StorageTck {

    @Override
    protected StorageFactory factory() {
        return new MemoryStorageFactory();
    }
}
