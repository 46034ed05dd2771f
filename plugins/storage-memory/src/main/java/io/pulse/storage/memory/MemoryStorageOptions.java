package io.pulse.storage.memory;

import io.pulse.spi.ConfigException;
import io.pulse.spi.ConfigOption;
import io.pulse.spi.ConfigView;
import io.pulse.spi.Durations;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The memory store's options (configuration section {@code memory}), validated.
 *
 * @param durable          keep a write-ahead log and snapshots in the data directory ({@code durable}, default true)
 * @param snapshotInterval how often the whole state is written to a snapshot, which lets the log be truncated
 *                         ({@code snapshot-interval}, 10s..24h, default 15m); maintenance also writes one
 * @param walSyncInterval  how often the log is forced to the device ({@code wal-sync-interval}, 0..1m, default 1s;
 *                         0 forces it on every write). A process crash loses nothing either way: every write
 *                         reaches the operating system at once; this bounds what a power loss can take.
 */
public record MemoryStorageOptions(boolean durable, Duration snapshotInterval, Duration walSyncInterval) {

    static final String DURABLE = "durable";
    static final String SNAPSHOT_INTERVAL = "snapshot-interval";
    static final String WAL_SYNC_INTERVAL = "wal-sync-interval";

    private static final Duration DEFAULT_SNAPSHOT = Duration.ofMinutes(15);
    private static final Duration DEFAULT_SYNC = Duration.ofSeconds(1);
    private static final Duration MIN_SNAPSHOT = Duration.ofSeconds(10);
    private static final Duration MAX_SNAPSHOT = Duration.ofHours(24);
    private static final Duration MAX_SYNC = Duration.ofMinutes(1);

    /** The defaults: durable, snapshots every 15 minutes, log synced every second. */
    public static MemoryStorageOptions defaults() {
        return new MemoryStorageOptions(true, DEFAULT_SNAPSHOT, DEFAULT_SYNC);
    }

    /** The accepted keys, for {@code --help} and the kernel's unknown-key check. */
    static List<ConfigOption> options() {
        return List.of(
            new ConfigOption(DURABLE, "true",
                "keep a write-ahead log and snapshots in the data directory (false: nothing survives a restart)"),
            new ConfigOption(SNAPSHOT_INTERVAL, Durations.format(DEFAULT_SNAPSHOT),
                "how often the whole store is written to a snapshot, truncating the log (10s to 24h)"),
            new ConfigOption(WAL_SYNC_INTERVAL, Durations.format(DEFAULT_SYNC),
                "how often the write-ahead log is forced to disk; 0 forces it on every write (0 to 1m)"));
    }

    /**
     * Reads and validates the section.
     *
     * @throws ConfigException naming the key and what is accepted
     */
    static MemoryStorageOptions from(ConfigView config) {
        Set<String> known = new TreeSet<>(List.of(DURABLE, SNAPSHOT_INTERVAL, WAL_SYNC_INTERVAL));
        for (String key : config.keys()) {
            if (!known.contains(key)) {
                throw new ConfigException(config.fullKey(key) + ": unknown key; accepted are " + known);
            }
        }
        boolean durable = config.getBoolean(DURABLE, true);
        Duration snapshot = config.getDuration(SNAPSHOT_INTERVAL, DEFAULT_SNAPSHOT);
        if (snapshot.compareTo(MIN_SNAPSHOT) < 0 || snapshot.compareTo(MAX_SNAPSHOT) > 0) {
            throw new ConfigException(config.fullKey(SNAPSHOT_INTERVAL) + ": expected a duration from 10s to 24h, got '"
                + config.get(SNAPSHOT_INTERVAL, "") + "'");
        }
        Duration sync = config.getDuration(WAL_SYNC_INTERVAL, DEFAULT_SYNC);
        if (sync.compareTo(MAX_SYNC) > 0) {
            throw new ConfigException(config.fullKey(WAL_SYNC_INTERVAL) + ": expected a duration from 0 to 1m, got '"
                + config.get(WAL_SYNC_INTERVAL, "") + "'");
        }
        return new MemoryStorageOptions(durable, snapshot, sync);
    }
}
