package io.pulse.storage.memory;

import io.pulse.spi.ConfigOption;
import io.pulse.spi.PluginContext;
import io.pulse.spi.storage.StorageFactory;

import java.util.List;

/**
 * Creates the embedded {@link MemoryStorage} (factory id {@code memory}, configuration section {@code memory}).
 *
 * <p>Thread-safe: stateless.
 */
public final class MemoryStorageFactory implements StorageFactory {

    /** The factory id: {@code --storage memory}. */
    public static final String ID = "memory";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String description() {
        return "embedded store: compressed series in memory, down-sampling, write-ahead log and snapshots in the data directory";
    }

    @Override
    public List<ConfigOption> options() {
        return MemoryStorageOptions.options();
    }

    /**
     * Validates the {@code memory} section and creates the store; {@link MemoryStorage#start()} recovers the data
     * directory.
     *
     * @throws io.pulse.spi.ConfigException for an invalid option
     */
    @Override
    public MemoryStorage create(PluginContext context) {
        return new MemoryStorage(context, MemoryStorageOptions.from(context.config()));
    }
}
