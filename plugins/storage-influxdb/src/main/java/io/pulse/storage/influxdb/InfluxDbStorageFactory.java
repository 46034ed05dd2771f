package io.pulse.storage.influxdb;

import io.pulse.spi.ConfigOption;
import io.pulse.spi.PluginContext;
import io.pulse.spi.storage.Storage;
import io.pulse.spi.storage.StorageFactory;

import java.util.List;

/**
 * Creates the {@code influxdb} storage. InfluxDB's address is the server flag {@code influx-address}
 * (default {@code http://127.0.0.1:8086}); the layout names and buffer tuning are in the {@code influxdb} section
 * (see {@link #options()}). Creating validates the configuration only; connecting happens in
 * {@link Storage#start()}.
 */
public final class InfluxDbStorageFactory implements StorageFactory {

    /** The factory id: {@code --storage influxdb}, section {@code influxdb}, data directory {@code <data-dir>/influxdb}. */
    public static final String ID = "influxdb";

    public InfluxDbStorageFactory() {
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String description() {
        return "InfluxDB 1.x in the original pulse layout, buffering on disk while InfluxDB is unreachable";
    }

    @Override
    public List<ConfigOption> options() {
        return InfluxSettings.OPTIONS;
    }

    @Override
    public Storage create(PluginContext context) {
        return new InfluxDbStorage(InfluxSettings.from(context), context);
    }
}
