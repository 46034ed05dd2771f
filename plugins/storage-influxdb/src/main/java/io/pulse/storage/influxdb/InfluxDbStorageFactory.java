package io.pulse.storage.influxdb;

import io.pulse.spi.PluginContext;
import io.pulse.spi.Selection;
import io.pulse.spi.option.Option;
import io.pulse.spi.storage.Storage;
import io.pulse.spi.storage.StorageFactory;

import java.util.List;

/**
 * Creates the {@code influxdb} storage. Its options ({@link InfluxDbOptions}) are InfluxDB's address (the original's
 * {@code -i}/{@code --influx-address}), the layout names and the buffer tuning; setting the address selects this
 * storage, as in the original. Creating validates the configuration only; connecting happens in
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
    public List<Option<?>> options() {
        return InfluxDbOptions.ALL;
    }

    /** Chosen when the operator gives InfluxDB's address ({@code -i}), the original's way of choosing it. */
    @Override
    public Selection selection() {
        return Selection.whenSet(InfluxDbOptions.ADDRESS);
    }

    @Override
    public Storage create(PluginContext context) {
        return new InfluxDbStorage(InfluxDbSettings.from(context.options(), context.server()), context);
    }
}
