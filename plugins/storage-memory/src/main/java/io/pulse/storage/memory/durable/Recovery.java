package io.pulse.storage.memory.durable;

import io.pulse.spi.stats.Tags;
import io.pulse.storage.memory.series.Series;
import io.pulse.storage.memory.series.SeriesIndex;
import io.pulse.storage.memory.series.SeriesState;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Rebuilds a store from its data directory: the newest readable snapshot, then every log segment from that
 * snapshot's number on, in order. Whatever is damaged is skipped and described in {@link Result#problems()};
 * recovery itself only fails when the directory cannot be read at all.
 *
 * <p>Replay is exact even though a snapshot captures series one at a time while writes go on: each series records
 * the last write batch it applied and how many of that batch's samples it took, and replay skips those.
 *
 * <p>Not thread-safe: runs once, before the store accepts writes or queries.
 */
public final class Recovery {

    /**
     * What recovery found.
     *
     * @param series          series loaded
     * @param samplesReplayed samples applied from the log
     * @param nextSeriesId    the first unused series id
     * @param nextBatch       the first unused write batch number
     * @param nextSegment     the number for the next log segment
     * @param problems        what was damaged, one line each (empty when all was well)
     */
    public record Result(int series, long samplesReplayed, long nextSeriesId, long nextBatch, long nextSegment,
                         List<String> problems) {
    }

    private final DataDirectory dir;
    private final SeriesIndex index;
    private final long bucketMillis;
    private final Set<Series> maintainQueue;
    private final List<String> problems = new ArrayList<>();
    /** Every series recovered, by the id it had when it was written. */
    private final Map<Long, Series> byId = new HashMap<>();
    /** For series loaded from the snapshot: the batch and count they had already applied. */
    private final Map<Series, long[]> snapshotMarks = new IdentityHashMap<>();
    /** For each series during replay: the batch being replayed and how many of its samples were seen. */
    private final Map<Series, long[]> replayPosition = new IdentityHashMap<>();
    private long maxBatch = -1;
    private long maxSeriesId = -1;
    private long replayed;

    public Recovery(DataDirectory dir, SeriesIndex index, long bucketMillis, Set<Series> maintainQueue) {
        this.dir = dir;
        this.index = index;
        this.bucketMillis = bucketMillis;
        this.maintainQueue = maintainQueue;
    }

    /** Loads the directory into the index. */
    public Result run() throws IOException {
        for (String leftover : dir.deleteTemporaryFiles()) {
            problems.add(leftover + ": a snapshot left half-written by a crash was deleted (the previous one is used)");
        }
        TreeMap<Long, Path> snapshots = dir.snapshots();
        TreeMap<Long, Path> segments = dir.walSegments();
        long replayFrom = Long.MIN_VALUE;
        long highest = 0;
        for (Map.Entry<Long, Path> e : snapshots.descendingMap().entrySet()) {
            try {
                SnapshotFile.Contents contents = SnapshotFile.read(e.getValue());
                problems.addAll(contents.problems());
                maxSeriesId = Math.max(maxSeriesId, contents.nextSeriesId() - 1);
                maxBatch = Math.max(maxBatch, contents.nextBatch() - 1);
                load(contents.series(), contents.aggregateMillis());
                replayFrom = e.getKey();
                break;
            } catch (CorruptDataException unusable) {
                problems.add(unusable.getMessage() + "; trying an older snapshot");
            }
        }
        if (replayFrom == Long.MIN_VALUE && !snapshots.isEmpty()) {
            problems.add("no readable snapshot: the store starts from the write-ahead log alone");
        }
        for (Map.Entry<Long, Path> e : segments.entrySet()) {
            highest = Math.max(highest, e.getKey());
            if (e.getKey() >= replayFrom) {
                replay(e.getValue());
            }
        }
        if (!snapshots.isEmpty()) {
            highest = Math.max(highest, snapshots.lastKey());
        }
        return new Result(index.size(), replayed, maxSeriesId + 1, maxBatch + 1, highest + 1, List.copyOf(problems));
    }

    /**
     * Loads a snapshot's series. When the snapshot was written with another aggregate interval (the operator changed
     * {@code -a}), its dirty buckets are re-aligned to the current one, so the raw samples not yet down-sampled are
     * down-sampled at the new width instead of being lost.
     */
    private void load(List<SeriesState> states, long snapshotBucketMillis) {
        boolean realign = snapshotBucketMillis != bucketMillis;
        for (SeriesState state : states) {
            if (byId.containsKey(state.id()) || index.get(state.stat(), state.tags()) != null) {
                problems.add("snapshot holds series " + state.stat() + state.tags() + " (id " + state.id()
                    + ") twice; the second copy is ignored");
                continue;
            }
            Series s = Series.restore(state, bucketMillis, maintainQueue);
            if (realign) {
                s.realignDirty(snapshotBucketMillis);
            }
            index.add(s);
            byId.put(s.id(), s);
            snapshotMarks.put(s, new long[] {state.lastBatch(), state.appliedInLastBatch()});
            maxBatch = Math.max(maxBatch, state.lastBatch());
            maxSeriesId = Math.max(maxSeriesId, state.id());
        }
    }

    private void replay(Path segment) throws IOException {
        String name = segment.getFileName().toString();
        FramedFile.Reader reader;
        try {
            reader = new FramedFile.Reader(segment, WriteAheadLog.MAGIC);
        } catch (CorruptDataException e) {
            problems.add(e.getMessage() + "; the segment is skipped");
            return;
        }
        /* Series ids in this segment -> series: a series re-created under a new id maps to the one already loaded. */
        Map<Long, Series> ids = new HashMap<>();
        Map<Long, Integer> unknown = new LinkedHashMap<>();
        try (reader) {
            byte[] payload;
            int recordNumber = 0;
            while ((payload = reader.next()) != null) {
                recordNumber++;
                try {
                    ByteSource in = new ByteSource(payload);
                    int type = in.readByte();
                    switch (type) {
                        case WriteAheadLog.SERIES -> defineSeries(in, ids);
                        case WriteAheadLog.SAMPLES -> replaySamples(in, ids, unknown);
                        default -> throw new CorruptDataException("unknown record type " + type);
                    }
                } catch (CorruptDataException | IllegalArgumentException e) {
                    problems.add(name + ": record #" + recordNumber + " is unreadable (" + e.getMessage() + "); skipped");
                }
            }
            problems.addAll(reader.problems());
        }
        unknown.forEach((id, count) -> problems.add(name + ": " + count + " samples of series id " + id
            + " whose definition was lost were skipped"));
    }

    private void defineSeries(ByteSource in, Map<Long, Series> ids) {
        long id = in.readVarLong();
        String stat = in.readString();
        if (stat.isEmpty()) {
            throw new CorruptDataException("empty stat name");
        }
        int tagCount = in.readCount(2);
        Map<String, String> tagMap = new LinkedHashMap<>();
        for (int i = 0; i < tagCount; i++) {
            tagMap.put(in.readString(), in.readString());
        }
        Tags tags = Tags.of(tagMap);
        maxSeriesId = Math.max(maxSeriesId, id);
        Series existing = index.get(stat, tags);
        if (existing == null) {
            existing = byId.get(id);
            if (existing != null) {
                throw new CorruptDataException("series id " + id + " names both " + existing + " and " + stat + tags);
            }
            existing = new Series(id, stat, tags, bucketMillis, maintainQueue);
            index.add(existing);
            byId.put(id, existing);
        }
        ids.put(id, existing);
    }

    private void replaySamples(ByteSource in, Map<Long, Series> ids, Map<Long, Integer> unknown) {
        long batch = in.readVarLong();
        int count = in.readCount(10);
        long time = 0;
        // decode the whole record first: a record that fails half-way applies nothing
        long[] seriesIds = new long[count];
        long[] times = new long[count];
        double[] values = new double[count];
        for (int i = 0; i < count; i++) {
            seriesIds[i] = in.readVarLong();
            time += in.readZigZag();
            times[i] = time;
            values[i] = in.readDouble();
            if (!Double.isFinite(values[i])) {
                throw new CorruptDataException("non-finite value " + values[i]);
            }
        }
        if (in.hasRemaining()) {
            throw new CorruptDataException(in.remaining() + " unexpected bytes at the end");
        }
        maxBatch = Math.max(maxBatch, batch);
        for (int i = 0; i < count; i++) {
            Series s = ids.get(seriesIds[i]);
            if (s == null) {
                s = byId.get(seriesIds[i]);
            }
            if (s == null) {
                unknown.merge(seriesIds[i], 1, Integer::sum);
                continue;
            }
            if (alreadyApplied(s, batch)) {
                continue;
            }
            s.append(times[i], values[i], batch);
            replayed++;
        }
    }

    /** Whether the snapshot already holds this sample (the n-th of {@code batch} for the series). */
    private boolean alreadyApplied(Series s, long batch) {
        long[] position = replayPosition.computeIfAbsent(s, x -> new long[] {Long.MIN_VALUE, 0});
        if (position[0] != batch) {
            position[0] = batch;
            position[1] = 0;
        }
        position[1]++;
        long[] mark = snapshotMarks.get(s);
        if (mark == null) {
            return false;
        }
        return batch < mark[0] || (batch == mark[0] && position[1] <= mark[1]);
    }
}
