package io.pulse.storage.memory;

import io.pulse.spi.option.Option;
import io.pulse.spi.option.OptionType;
import io.pulse.spi.option.OptionValues;

import java.time.Duration;
import java.util.List;

/**
 * The memory store's options (section {@code memory}): their declarations, and their values as one record.
 *
 * @param durable          keep a write-ahead log and snapshots in the data directory ({@code durable}, default true)
 * @param snapshotInterval how often the whole state is written to a snapshot, which lets the log be truncated
 *                         ({@code snapshot-interval}, 10s..24h, default 15m); maintenance also writes one
 * @param walSyncInterval  how often the log is forced to the device ({@code wal-sync-interval}, 0..1m, default 1s;
 *                         0 forces it on every write). A process crash loses nothing either way: every write
 *                         reaches the operating system at once; this bounds what a power loss can take.
 */
public record MemoryStorageOptions(boolean durable, Duration snapshotInterval, Duration walSyncInterval) {

    static final Option<Boolean> DURABLE = Option.builder("durable", OptionType.bool())
        .defaultValue(true)
        .description("keep a write-ahead log and snapshots in the data directory (false: nothing survives a restart)")
        .build();
    static final Option<Duration> SNAPSHOT_INTERVAL = Option.builder("snapshot-interval",
            OptionType.duration(Duration.ofSeconds(10), Duration.ofHours(24)))
        .defaultValue(Duration.ofMinutes(15))
        .description("how often the whole store is written to a snapshot, truncating the log")
        .build();
    static final Option<Duration> WAL_SYNC_INTERVAL = Option.builder("wal-sync-interval",
            OptionType.duration(Duration.ZERO, Duration.ofMinutes(1)))
        .defaultValue(Duration.ofSeconds(1))
        .description("how often the write-ahead log is forced to disk; 0 forces it on every write")
        .build();

    /** Every option, in {@code --help} order. */
    static final List<Option<?>> ALL = List.of(DURABLE, SNAPSHOT_INTERVAL, WAL_SYNC_INTERVAL);

    /** The defaults: durable, snapshots every 15 minutes, log synced every second. */
    public static MemoryStorageOptions defaults() {
        return from(OptionValues.defaults(ALL));
    }

    /** The values the kernel parsed (each option is checked by its type; none depends on another). */
    static MemoryStorageOptions from(OptionValues values) {
        return new MemoryStorageOptions(values.get(DURABLE), values.get(SNAPSHOT_INTERVAL),
            values.get(WAL_SYNC_INTERVAL));
    }
}
