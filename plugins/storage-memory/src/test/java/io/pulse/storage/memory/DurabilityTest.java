package io.pulse.storage.memory;

import io.pulse.spi.Health;
import io.pulse.spi.stats.Sample;
import io.pulse.spi.stats.Tags;
import io.pulse.spi.storage.Aggregation;
import io.pulse.spi.storage.Fill;
import io.pulse.spi.storage.Point;
import io.pulse.spi.storage.RangeQuery;
import io.pulse.spi.storage.RawQuery;
import io.pulse.spi.storage.Source;
import io.pulse.spi.storage.TagFilter;
import io.pulse.storage.memory.durable.SnapshotFile;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Restarts from the data directory: after a clean close, after a crash (the store abandoned without its final
 * snapshot, as {@code kill -9} leaves it), and with damaged files - the store starts with what it can read and says
 * what it could not.
 */
class DurabilityTest {

    static final long T0 = 1_767_225_600_000L; // 2026-01-01T00:00:00Z, the fixture clock
    private static final long MINUTE = 60_000;
    private static final Tags WEB1 = Tags.of("host", "web1");
    private static final Tags WEB2 = Tags.of("host", "web2", "service", "api");

    private final StoreFixture fixture = new StoreFixture();

    @AfterEach
    void cleanUp() throws IOException {
        fixture.close();
    }

    @Test
    void cleanRestartKeepsRawSamplesAggregatesKeysAndTags() throws IOException {
        MemoryStorage store = fixture.open();
        writeBatches(store, "cpu_used", WEB1, 0, 40);           // 40 minutes, one sample a minute
        store.write(List.of(new Sample("ram_used", WEB2, T0, 0.5)));
        store.maintain(T0 + 40 * MINUTE);
        store.close();

        MemoryStorage reopened = fixture.open();
        assertEquals(List.of("cpu_used", "ram_used"), reopened.keys());
        assertEquals(List.of("host", "service"), reopened.tagKeys());
        assertEquals(40, rawCount(reopened, "cpu_used"));
        assertEquals(List.of(new Point(T0, 7), new Point(T0 + 15 * MINUTE, 22)), aggregates(reopened, "cpu_used"));
        assertTrue(reopened.health().isUp(), reopened.health().detail());
        assertFalse(reopened.health().detail().contains("problem"), reopened.health().detail());
    }

    @Test
    void crashRestartReplaysTheWriteAheadLog() throws IOException {
        MemoryStorage store = fixture.open();
        writeBatches(store, "cpu_used", WEB1, 0, 30);
        store.maintain(T0 + 30 * MINUTE);                      // aggregates + snapshot
        writeBatches(store, "cpu_used", WEB1, 30, 45);          // only in the log
        store.write(List.of(new Sample("cpu_used", WEB1, T0 + 5 * MINUTE + 1, 1000))); // a late sample, log only
        store.abandon();

        MemoryStorage reopened = fixture.open();
        assertEquals(46, rawCount(reopened, "cpu_used"));
        assertEquals(List.of(new Point(T0, 7), new Point(T0 + 15 * MINUTE, 22)), aggregates(reopened, "cpu_used"),
            "aggregates come back from the snapshot");
        reopened.maintain(T0 + 46 * MINUTE);
        assertEquals(List.of(new Point(T0, (105 + 1000) / 16.0), new Point(T0 + 15 * MINUTE, 22),
            new Point(T0 + 30 * MINUTE, 37)), aggregates(reopened, "cpu_used"), "the replayed late sample re-aggregates");
    }

    @Test
    void writesOfChangingSizeAreLoggedAndReplayedExactly() throws IOException {
        // each write's log record holds its own samples only (and defines its own new series): a shorter write
        // after a longer one must not replay the longer one's tail, a longer one must not be cut short
        MemoryStorage store = fixture.open();
        int[] sizes = {5, 2, 7, 1, 7};
        int minute = 0;
        for (int size : sizes) {
            List<Sample> samples = new ArrayList<>();
            for (int i = 0; i < size; i++) {
                samples.add(new Sample("s" + i, i % 2 == 0 ? WEB1 : WEB2, T0 + minute * MINUTE, minute));
            }
            store.write(samples);
            minute++;
        }
        store.abandon();

        MemoryStorage reopened = fixture.open();
        for (int i = 0; i < 7; i++) {
            int expected = 0;
            for (int size : sizes) {
                expected += size > i ? 1 : 0;
            }
            assertEquals(expected, rawCount(reopened, "s" + i), "samples of s" + i);
        }
        assertEquals(22, rawCount(reopened, "s0") + rawCount(reopened, "s1") + rawCount(reopened, "s2")
            + rawCount(reopened, "s3") + rawCount(reopened, "s4") + rawCount(reopened, "s5") + rawCount(reopened, "s6"));
    }

    @Test
    void aSnapshotTakenWhileWritingIsNotReplayedTwice() throws IOException {
        MemoryStorage store = fixture.open();
        // two samples of one series in one batch, around a snapshot: replay must neither drop nor repeat them
        store.write(List.of(new Sample("x", WEB1, T0, 1), new Sample("x", WEB1, T0 + 1, 2)));
        store.snapshot();
        store.write(List.of(new Sample("x", WEB1, T0 + 2, 3), new Sample("x", WEB1, T0 + 3, 4)));
        store.abandon();
        MemoryStorage reopened = fixture.open();
        assertEquals(4, rawCount(reopened, "x"));
        reopened.write(List.of(new Sample("x", WEB1, T0 + 4, 5)));
        reopened.abandon();
        MemoryStorage third = fixture.open();
        assertEquals(5, rawCount(third, "x"));
        assertEquals(List.of(5.0, 4.0, 3.0, 2.0, 1.0), third.raw(new RawQuery("x", TagFilter.none(), List.of(), 10,
            T0 - 1, T0 + MINUTE)).stream().map(r -> r.value()).toList());
    }

    @Test
    void aTruncatedLogTailLosesOnlyTheTornBatch() throws IOException {
        MemoryStorage store = fixture.open();
        writeBatches(store, "cpu_used", WEB1, 0, 10);
        store.abandon();
        Path wal = fixture.onlyFile("wal-");
        Files.write(wal, java.util.Arrays.copyOf(Files.readAllBytes(wal), (int) Files.size(wal) - 5));

        MemoryStorage reopened = fixture.open();
        assertEquals(9, rawCount(reopened, "cpu_used"));
        Health health = reopened.health();
        assertTrue(health.isUp());
        assertTrue(health.detail().contains("truncated record"), health.detail());
    }

    @Test
    void aCorruptLogRecordIsSkippedAndTheRestReplayed() throws IOException {
        MemoryStorage store = fixture.open();
        writeBatches(store, "cpu_used", WEB1, 0, 10);
        store.abandon();
        Path wal = fixture.onlyFile("wal-");
        List<Long> records = recordOffsets(wal);
        assertEquals(11, records.size(), "one series definition and ten batches");
        flipByte(wal, records.get(4) + 12);                     // inside the payload of the 4th batch

        MemoryStorage reopened = fixture.open();
        assertEquals(9, rawCount(reopened, "cpu_used"));
        assertTrue(reopened.health().detail().contains("checksum mismatch"), reopened.health().detail());
        assertTrue(reopened.raw(new RawQuery("cpu_used", TagFilter.none(), List.of(), 20, T0 - 1, T0 + 10 * MINUTE))
            .stream().noneMatch(r -> r.timeMillis() == T0 + 3 * MINUTE), "the damaged batch is the one missing");
    }

    @Test
    void aCorruptSnapshotRecordLosesOnlyItsSeries() throws IOException {
        MemoryStorage store = fixture.open();
        for (int host = 0; host < 3; host++) {
            writeBatches(store, "cpu_used", Tags.of("host", "h" + host), 0, 20);
        }
        store.close();
        Path snapshot = fixture.onlyFile("snapshot-");
        List<Long> records = recordOffsets(snapshot);
        assertEquals(5, records.size(), "meta, three series, end");
        flipByte(snapshot, records.get(2) + 20);

        MemoryStorage reopened = fixture.open();
        assertEquals(40, rawCount(reopened, "cpu_used"));
        Health health = reopened.health();
        assertTrue(health.isUp(), health.detail());
        assertTrue(health.detail().contains("checksum mismatch"), health.detail());
    }

    @Test
    void anUnreadableSnapshotStillLetsTheStoreStartFromTheLog() throws IOException {
        MemoryStorage store = fixture.open();
        writeBatches(store, "a", WEB1, 0, 5);
        store.snapshot();
        writeBatches(store, "b", WEB1, 0, 5);
        store.abandon();
        flipByte(fixture.onlyFile("snapshot-"), 3);            // inside the magic: the header is unusable

        MemoryStorage reopened = fixture.open();
        assertEquals(List.of("b"), reopened.keys(), "what the log held after the snapshot");
        assertTrue(reopened.health().detail().contains("no readable snapshot"), reopened.health().detail());
        reopened.close();
        MemoryStorage again = fixture.open();
        assertEquals(List.of("b"), again.keys());
        assertFalse(again.health().detail().contains("problem"), "the damaged files were replaced: "
            + again.health().detail());
    }

    @Test
    void aHalfWrittenSnapshotIsDeleted() throws IOException {
        MemoryStorage store = fixture.open();
        writeBatches(store, "a", WEB1, 0, 5);
        store.abandon();
        Files.write(fixture.dataDir().resolve("snapshot-00000000000000000099.snap.tmp"), new byte[] {1, 2, 3});
        MemoryStorage reopened = fixture.open();
        assertEquals(5, rawCount(reopened, "a"));
        assertTrue(fixture.files().stream().noneMatch(n -> n.endsWith(".tmp")), fixture.files().toString());
        assertTrue(reopened.health().detail().contains("half-written"), reopened.health().detail());
    }

    @Test
    void aSecondStoreCannotUseTheSameDirectory() throws IOException {
        fixture.open();
        IOException e = assertThrows(IOException.class, fixture::open);
        assertTrue(e.getMessage().contains("in use"), e.getMessage());
    }

    @Test
    void anUnusableDataDirectoryFailsStartWithItsName() throws IOException {
        MemoryStorage store = new MemoryStorageFactory().create(fixture.context(Map.of()));
        Files.delete(fixture.dataDir());
        Files.writeString(fixture.dataDir(), "not a directory");
        IOException e = assertThrows(IOException.class, store::start);
        assertTrue(e.getMessage().contains(fixture.dataDir().toString()), e.getMessage());
        assertFalse(store.health().isUp());
    }

    @Test
    void snapshotsReplaceOlderFilesAndExpiryRemovesDataFromDisk() throws IOException {
        MemoryStorage store = fixture.open();
        writeBatches(store, "old", WEB1, 0, 30);
        store.maintain(T0 + 30 * MINUTE);
        store.snapshot();
        store.snapshot();
        assertEquals(2, fixture.files().stream().filter(n -> !n.equals("LOCK")).count(),
            "one snapshot and one log segment: " + fixture.files());
        assertEquals(1, SnapshotFile.read(fixture.onlyFile("snapshot-")).series().size());

        store.maintain(T0 + Duration.ofDays(8).toMillis());    // past the raw retention and the retention
        assertEquals(List.of(), store.keys());
        assertEquals(List.of(), SnapshotFile.read(fixture.onlyFile("snapshot-")).series(), "the snapshot holds nothing");
        assertEquals(0, Files.size(fixture.onlyFile("wal-")) - 24, "the new log segment holds only its header");
        store.close();
        assertEquals(List.of(), fixture.open().keys());
    }

    @Test
    void aSnapshotThatCannotBeWrittenIsReportedAndTheStoreGoesOn() throws IOException {
        MemoryStorage store = fixture.open();
        writeBatches(store, "a", WEB1, 0, 5);
        long segment = Long.parseLong(fixture.onlyFile("wal-").getFileName().toString().replaceAll("\\D", ""));
        Path blocker = fixture.dataDir().resolve(String.format("snapshot-%020d.snap.tmp", segment + 1));
        Files.createDirectories(blocker.resolve("occupied"));  // the next snapshot's temporary file cannot be made

        assertThrows(IOException.class, store::snapshot);
        Health health = store.health();
        assertFalse(health.isUp());
        assertTrue(health.detail().contains("snapshot") && health.detail().contains("failed"), health.detail());
        writeBatches(store, "a", WEB1, 5, 10);                   // writes go on, into the log
        assertEquals(10, rawCount(store, "a"));

        Files.delete(blocker.resolve("occupied"));
        Files.delete(blocker);
        store.snapshot();
        assertTrue(store.health().isUp(), store.health().detail());
        store.abandon();
        assertEquals(10, rawCount(fixture.open(), "a"));
    }

    @Test
    void periodicWorkRunsOnTheSchedulerAndStopsAtClose() throws IOException {
        MemoryStorage store = fixture.open(Map.of("snapshot-interval", "1m", "wal-sync-interval", "500ms"));
        assertEquals(List.of("memory-wal-sync", "memory-snapshot"),
            fixture.scheduler.activeTasks().stream().map(t -> t.name()).toList());
        writeBatches(store, "a", WEB1, 0, 3);
        Path before = fixture.onlyFile("snapshot-");
        fixture.scheduler.run("memory-snapshot");
        assertEquals(before, fixture.onlyFile("snapshot-"), "a snapshot was just written at start: skipped");
        fixture.clock.advance(Duration.ofMinutes(1));
        fixture.scheduler.runAll();
        assertFalse(before.equals(fixture.onlyFile("snapshot-")), "a new snapshot after the interval");
        assertEquals(List.of(), fixture.scheduler.failures());
        store.close();
        assertEquals(List.of(), fixture.scheduler.activeTasks());
    }

    @Test
    void syncingEveryWriteNeedsNoTask() throws IOException {
        MemoryStorage store = fixture.open(Map.of("wal-sync-interval", "0"));
        assertEquals(List.of("memory-snapshot"), fixture.scheduler.activeTasks().stream().map(t -> t.name()).toList());
        writeBatches(store, "a", WEB1, 0, 3);
        store.abandon();
        assertEquals(3, rawCount(fixture.open(), "a"));
    }

    @Test
    void aVolatileStoreWritesNothing() throws IOException {
        MemoryStorage store = fixture.open(Map.of("durable", "false"));
        writeBatches(store, "a", WEB1, 0, 3);
        store.maintain(T0 + Duration.ofHours(1).toMillis());
        store.close();
        assertEquals(List.of(), fixture.files());
        assertTrue(fixture.scheduler.tasks().isEmpty());
    }

    // ------------------------------------------------------------------------------------------------- helpers

    /** One sample a minute from minute {@code from} (inclusive) to {@code to} (exclusive), valued by the minute. */
    static void writeBatches(MemoryStorage store, String stat, Tags tags, int from, int to) {
        for (int m = from; m < to; m++) {
            store.write(List.of(new Sample(stat, tags, T0 + m * MINUTE, m)));
        }
    }

    static long rawCount(MemoryStorage store, String stat) {
        List<Point> counts = store.range(new RangeQuery(stat, Aggregation.of(Aggregation.Function.COUNT),
            TagFilter.none(), Source.RAW, T0 - Duration.ofDays(1).toMillis(), T0 + Duration.ofDays(1).toMillis(),
            Duration.ofDays(7), Fill.NONE));
        return counts.isEmpty() ? 0 : (long) counts.get(0).value();
    }

    static List<Point> aggregates(MemoryStorage store, String stat) {
        return store.range(new RangeQuery(stat, Aggregation.MEAN, TagFilter.none(), Source.AGGREGATED,
            T0 - Duration.ofDays(1).toMillis(), T0 + Duration.ofDays(1).toMillis(), Duration.ofMinutes(15), Fill.NONE));
    }

    /** Byte offsets of the records of a framed file (after its 24-byte header). */
    static List<Long> recordOffsets(Path file) throws IOException {
        ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(file));
        List<Long> offsets = new ArrayList<>();
        int at = 24;
        while (at + 8 <= bytes.limit()) {
            offsets.add((long) at);
            at += 8 + bytes.getInt(at);
        }
        return offsets;
    }

    static void flipByte(Path file, long offset) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        bytes[(int) offset] ^= 0x5A;
        Files.write(file, bytes);
    }
}
