package io.pulse.storage.influxdb;

import io.pulse.spi.Plugin;
import io.pulse.spi.storage.StorageFactory;

import java.util.List;

/** The plugin entry point: offers the {@code influxdb} storage. */
public final class InfluxDbPlugin implements Plugin {

    /** Called by {@link java.util.ServiceLoader}. */
    public InfluxDbPlugin() {
    }

    @Override
    public List<StorageFactory> storageFactories() {
        return List.of(new InfluxDbStorageFactory());
    }
}
