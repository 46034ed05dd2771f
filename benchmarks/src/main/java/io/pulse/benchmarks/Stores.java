package io.pulse.benchmarks;

import io.pulse.spi.storage.Storage;
import io.pulse.storage.memory.MemoryStorage;
import io.pulse.storage.memory.MemoryStorageFactory;
import io.pulse.storage.tck.ManualScheduler;
import io.pulse.storage.tck.TckPluginContext;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Opens memory stores in temporary data directories for the benchmarks: default settings, a manual scheduler (no
 * background snapshots or syncs run during a measurement).
 */
final class Stores {

    private Stores() {
    }

    /** A started store; {@code durable} adds the write-ahead log (snapshots only at close). */
    static MemoryStorage open(Path serverDir, boolean durable) {
        try {
            MemoryStorageFactory factory = new MemoryStorageFactory();
            TckPluginContext context = TckPluginContext.builder(factory, serverDir)
                .options(Map.of("durable", Boolean.toString(durable)))
                .scheduler(new ManualScheduler())
                .build();
            MemoryStorage storage = factory.create(context);
            storage.start();
            return storage;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path tempDir() {
        try {
            return Files.createTempDirectory("pulse-bench-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void closeAndDelete(Storage storage, Path dir) {
        storage.close();
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
