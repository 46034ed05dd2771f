package io.pulse.storage.memory;

import io.pulse.spi.PluginContext;
import io.pulse.spi.Selection;
import io.pulse.spi.option.Option;
import io.pulse.spi.storage.StorageFactory;

import java.util.List;

/**
 * Creates the embedded {@link MemoryStorage} (factory id {@code memory}, options section {@code memory}): the storage
 * used when no other is chosen.
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
    public List<Option<?>> options() {
        return MemoryStorageOptions.ALL;
    }

    /** The default storage: the one the kernel uses unless another is named or selected by its own option. */
    @Override
    public Selection selection() {
        return Selection.byDefault();
    }

    /** Creates the store from its parsed options; {@link MemoryStorage#start()} recovers the data directory. */
    @Override
    public MemoryStorage create(PluginContext context) {
        return new MemoryStorage(context, MemoryStorageOptions.from(context.options()));
    }
}
