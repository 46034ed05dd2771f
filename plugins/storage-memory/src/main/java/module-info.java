/**
 * The embedded storage plugin ({@code --storage memory}, the default): compressed series in memory (Gorilla-style
 * blocks), down-sampling and retention in {@code maintain}, a write-ahead log and snapshots in the plugin's data
 * directory.
 *
 * <p>Packages: {@code io.pulse.storage.memory} (the plugin, factory and store, exported so tests and other modules
 * can build a store directly), {@code .codec} (block compression), {@code .series} (per-series state and the index),
 * {@code .durable} (file formats, log, snapshots, recovery).
 */
module io.pulse.storage.memory {
    requires io.pulse.spi;

    exports io.pulse.storage.memory;

    provides io.pulse.spi.Plugin with io.pulse.storage.memory.MemoryStoragePlugin;
}
