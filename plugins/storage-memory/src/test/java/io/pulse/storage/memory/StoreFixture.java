package io.pulse.storage.memory;

import io.pulse.spi.ServerSettings;
import io.pulse.storage.tck.ManualScheduler;
import io.pulse.storage.tck.SettableClock;
import io.pulse.storage.tck.TckPluginContext;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A temporary server data directory with a manual scheduler and a settable clock, opening memory stores on it.
 * Closes the stores it opened (unless a test abandoned them) and deletes the directory.
 */
final class StoreFixture implements AutoCloseable {

    final Path serverDir;
    final ManualScheduler scheduler = new ManualScheduler();
    final SettableClock clock = new SettableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final List<MemoryStorage> opened = new ArrayList<>();

    StoreFixture() {
        try {
            serverDir = Files.createTempDirectory("pulse-memory-test-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A context for the memory factory with these options (key to text, as in the {@code memory} section). */
    TckPluginContext context(Map<String, String> options) {
        return TckPluginContext.builder(new MemoryStorageFactory(), serverDir)
            .options(options)
            .scheduler(scheduler)
            .clock(clock)
            .build();
    }

    /** The plugin's data directory. */
    Path dataDir() {
        return serverDir.resolve(MemoryStorageFactory.ID);
    }

    /** Creates and starts a store with these options. */
    MemoryStorage open(Map<String, String> options) throws IOException {
        MemoryStorage storage = new MemoryStorageFactory().create(context(options));
        storage.start();
        opened.add(storage);
        return storage;
    }

    /** Creates and starts a store with default options and this aggregate interval ({@code -a}). */
    MemoryStorage openWithAggregateInterval(Duration aggregateInterval) throws IOException {
        ServerSettings d = TckPluginContext.defaultSettings();
        ServerSettings settings = new ServerSettings(d.pollInterval(), d.beatInterval(), aggregateInterval,
            d.retention(), d.rawRetention(), d.version());
        MemoryStorage storage = new MemoryStorageFactory().create(context(Map.of()).toBuilder().server(settings).build());
        storage.start();
        opened.add(storage);
        return storage;
    }

    MemoryStorage open() throws IOException {
        return open(Map.of());
    }

    /** Files in the data directory, by name, sorted. */
    List<String> files() throws IOException {
        try (Stream<Path> s = Files.list(dataDir())) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    /** The one file whose name starts with {@code prefix}. */
    Path onlyFile(String prefix) throws IOException {
        List<String> matching = files().stream().filter(n -> n.startsWith(prefix) && !n.endsWith(".tmp")).toList();
        if (matching.size() != 1) {
            throw new AssertionError("expected one " + prefix + " file, found " + matching);
        }
        return dataDir().resolve(matching.get(0));
    }

    @Override
    public void close() throws IOException {
        for (MemoryStorage s : opened) {
            s.close();
        }
        try (Stream<Path> walk = Files.walk(serverDir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
