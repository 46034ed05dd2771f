package io.pulse.storage.memory.series;

import io.pulse.spi.stats.Tags;
import io.pulse.storage.memory.codec.Block;
import io.pulse.storage.memory.codec.BlockBuilder;
import io.pulse.storage.memory.codec.BlockCursor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * One stat of one tag set: its raw samples in compressed {@link Block}s, its down-sampled aggregates, and the
 * buckets that need (re-)aggregating.
 *
 * <p><b>Raw samples</b> are appended to an open {@link BlockBuilder} (the head) that is sealed every
 * {@value #BLOCK_SAMPLES} samples. A sample older than the newest one so far is "late": it waits, sorted, in a
 * small buffer that is merged into the blocks by the next {@link #aggregate} (or when the buffer fills up), so
 * blocks always hold non-decreasing times. Samples with equal times keep their write order.
 *
 * <p><b>Aggregates</b> are (bucket start, mean) pairs in ascending primitive arrays. Every append marks its bucket
 * dirty; {@link #aggregate} recomputes complete dirty buckets.
 *
 * <p><b>Thread-safety</b>: every method synchronizes on the series: a lock per series, held for microseconds, so
 * the writer and concurrent queries only ever wait for one series. A series that expiry emptied is marked
 * {@linkplain #isRemoved() removed}; an append to it is refused and the writer resolves a fresh series.
 */
public final class Series {

    /** Samples per sealed block: 4 hours at the default 60 s poll interval. */
    public static final int BLOCK_SAMPLES = 240;
    /** Late samples buffered before they are merged into the blocks. */
    static final int MAX_LATE = 256;

    private static final Block[] NO_BLOCKS = new Block[0];
    private static final long[] NO_LONGS = new long[0];
    private static final double[] NO_DOUBLES = new double[0];

    private final long id;
    private final String stat;
    private final Tags tags;
    private final long bucketMillis;
    private final Set<Series> maintainQueue;

    private Block[] blocks = NO_BLOCKS;
    private int blockCount;
    private BlockBuilder head;
    private long[] lateTimes = NO_LONGS;
    private double[] lateValues = NO_DOUBLES;
    private int lateCount;
    private long newestTime = Long.MIN_VALUE;
    private int rawCount;

    private long[] aggregateTimes = NO_LONGS;
    private double[] aggregateValues = NO_DOUBLES;
    private int aggregateCount;

    private long[] dirty = NO_LONGS;
    private int dirtyCount;
    /**
     * {@code dirty[dirtyCount - 1]} when there are dirty buckets: nearly every append falls in the newest dirty
     * bucket, and this spares it a look at the array, a cache line of its own (see {@link #dirtyChanged}).
     */
    private long newestDirty;
    private boolean queued;

    private long lastBatch = -1;
    private int appliedInLastBatch;
    private long loggedInSegment = -1;

    private boolean removed;

    /**
     * An empty series.
     *
     * @param bucketMillis  the aggregate interval
     * @param maintainQueue where the series puts itself when it has dirty buckets (a concurrent set)
     */
    public Series(long id, String stat, Tags tags, long bucketMillis, Set<Series> maintainQueue) {
        this.id = id;
        this.stat = stat;
        this.tags = tags;
        this.bucketMillis = bucketMillis;
        this.maintainQueue = maintainQueue;
    }

    /** A series restored from a snapshot. */
    public static Series restore(SeriesState state, long bucketMillis, Set<Series> maintainQueue) {
        Series s = new Series(state.id(), state.stat(), state.tags(), bucketMillis, maintainQueue);
        synchronized (s) {
            s.blocks = state.blocks().toArray(NO_BLOCKS);
            s.blockCount = s.blocks.length;
            for (Block b : s.blocks) {
                s.rawCount += b.count();
                s.newestTime = Math.max(s.newestTime, b.maxTime());
            }
            s.lateTimes = state.lateTimes().clone();
            s.lateValues = state.lateValues().clone();
            s.lateCount = s.lateTimes.length;
            s.rawCount += s.lateCount;
            s.aggregateTimes = state.aggregateTimes().clone();
            s.aggregateValues = state.aggregateValues().clone();
            s.aggregateCount = s.aggregateTimes.length;
            s.dirty = state.dirtyBuckets().clone();
            s.dirtyCount = s.dirty.length;
            s.dirtyChanged();
            s.lastBatch = state.lastBatch();
            s.appliedInLastBatch = state.appliedInLastBatch();
            if (s.dirtyCount > 0) {
                s.queued = true;
                maintainQueue.add(s);
            }
        }
        return s;
    }

    public long id() {
        return id;
    }

    public String stat() {
        return stat;
    }

    public Tags tags() {
        return tags;
    }

    // ---------------------------------------------------------------------------------------------------- writes

    /**
     * Appends a sample of write batch {@code batch}.
     *
     * @return false when the series was removed (the caller must resolve a new one); true when stored
     */
    public synchronized boolean append(long time, double value, long batch) {
        if (removed) {
            return false;
        }
        if (batch != lastBatch) {
            lastBatch = batch;
            appliedInLastBatch = 0;
        }
        appliedInLastBatch++;
        if (time < newestTime) {
            addLate(time, value);
        } else {
            if (head == null) {
                head = new BlockBuilder(BLOCK_SAMPLES);
            }
            head.append(time, value);
            newestTime = time;
            if (head.count() >= BLOCK_SAMPLES) {
                pushBlock(head.seal());
                head = null;
            }
        }
        rawCount++;
        markDirty(Math.floorDiv(time, bucketMillis) * bucketMillis);
        return true;
    }

    /**
     * Re-aligns the dirty buckets to this series' aggregate interval after a restart with another one: every raw
     * sample in a bucket that was dirty under the previous interval marks its bucket under the current one. Without
     * this, a bucket start of the old width would be aggregated over the new width (a 15-minute bucket read as its
     * first 2 s, say) and the rest of its samples would never be down-sampled.
     *
     * @param previousBucketMillis the interval the dirty buckets were aligned to; 0 or less when unknown, in which
     *                             case every sample from the oldest dirty bucket on is re-marked
     */
    public synchronized void realignDirty(long previousBucketMillis) {
        if (dirtyCount == 0 || previousBucketMillis == bucketMillis) {
            return;
        }
        long[] previous = Arrays.copyOf(dirty, dirtyCount);
        dirtyCount = 0;
        dirtyChanged();
        if (previousBucketMillis <= 0) {
            previous = new long[] {previous[0]};
        }
        for (long start : previous) {
            long end = previousBucketMillis <= 0 ? Long.MAX_VALUE : start + previousBucketMillis - 1;
            scanRaw(start - 1, end, (t, v) -> markDirty(Math.floorDiv(t, bucketMillis) * bucketMillis));
        }
        if (dirtyCount == 0) {
            queued = false;
            maintainQueue.remove(this);
        }
    }

    /** The last write batch applied, and how many of its samples for this series; for WAL replay. */
    public synchronized long lastBatch() {
        return lastBatch;
    }

    /** How many samples of {@link #lastBatch()} were applied to this series. */
    public synchronized int appliedInLastBatch() {
        return appliedInLastBatch;
    }

    /** The write-ahead log segment that last recorded this series' definition (-1: none). */
    public synchronized long loggedInSegment() {
        return loggedInSegment;
    }

    /** Notes that {@code segment} recorded this series' definition. */
    public synchronized void loggedIn(long segment) {
        loggedInSegment = segment;
    }

    private void addLate(long time, double value) {
        if (lateCount == lateTimes.length) {
            int capacity = Math.max(8, lateCount * 2);
            lateTimes = Arrays.copyOf(lateTimes, capacity);
            lateValues = Arrays.copyOf(lateValues, capacity);
        }
        int at = upperBound(lateTimes, lateCount, time);
        System.arraycopy(lateTimes, at, lateTimes, at + 1, lateCount - at);
        System.arraycopy(lateValues, at, lateValues, at + 1, lateCount - at);
        lateTimes[at] = time;
        lateValues[at] = value;
        lateCount++;
        if (lateCount >= MAX_LATE) {
            mergeLate();
        }
    }

    private void markDirty(long bucket) {
        if (dirtyCount == 0 || newestDirty != bucket) {
            int at = Arrays.binarySearch(dirty, 0, dirtyCount, bucket);
            if (at < 0) {
                at = -at - 1;
                if (dirtyCount == dirty.length) {
                    dirty = Arrays.copyOf(dirty, Math.max(4, dirtyCount * 2));
                }
                System.arraycopy(dirty, at, dirty, at + 1, dirtyCount - at);
                dirty[at] = bucket;
                dirtyCount++;
                dirtyChanged();
            }
        }
        if (!queued) {
            queued = true;
            maintainQueue.add(this);
        }
    }

    /** Keeps {@link #newestDirty} true after any change to the dirty buckets. */
    private void dirtyChanged() {
        newestDirty = dirtyCount > 0 ? dirty[dirtyCount - 1] : 0;
    }

    private void pushBlock(Block block) {
        if (blockCount == blocks.length) {
            blocks = Arrays.copyOf(blocks, Math.max(4, blockCount * 2));
        }
        blocks[blockCount++] = block;
    }

    /**
     * Merges the late samples into the blocks: re-encodes the blocks from the first one holding a time after the
     * oldest late sample. Samples already stored keep their place before late samples of equal time.
     */
    private void mergeLate() {
        if (lateCount == 0) {
            return;
        }
        long oldestLate = lateTimes[0];
        int first = 0;
        while (first < blockCount && blocks[first].maxTime() <= oldestLate) {
            first++;
        }
        SampleBuffer merged = new SampleBuffer(Math.max(16, rawCount));
        for (int b = first; b < blockCount; b++) {
            BlockCursor c = blocks[b].cursor();
            while (c.next()) {
                merged.add(c.time(), c.value());
            }
        }
        if (head != null) {
            BlockCursor c = head.cursor();
            while (c.next()) {
                merged.add(c.time(), c.value());
            }
        }
        merged.mergeSorted(lateTimes, lateValues, lateCount);
        for (int b = first; b < blockCount; b++) {
            blocks[b] = null;
        }
        blockCount = first;
        head = null;
        lateCount = 0;
        lateTimes = NO_LONGS;
        lateValues = NO_DOUBLES;
        for (int i = 0; i < merged.size(); i++) {
            if (head == null) {
                head = new BlockBuilder(BLOCK_SAMPLES);
            }
            head.append(merged.time(i), merged.value(i));
            if (head.count() >= BLOCK_SAMPLES) {
                pushBlock(head.seal());
                head = null;
            }
        }
        if (merged.size() > 0) {
            newestTime = Math.max(newestTime, merged.time(merged.size() - 1));
        }
    }

    // ----------------------------------------------------------------------------------------------------- reads

    /** Emits the raw samples with time in {@code (fromExclusive, toInclusive]}, in time order. */
    public synchronized void scanRaw(long fromExclusive, long toInclusive, SampleSink sink) {
        if (rawCount == 0 || toInclusive <= fromExclusive) {
            return;
        }
        if (lateCount == 0) {
            scanBlocks(fromExclusive, toInclusive, sink);
            return;
        }
        SampleBuffer main = new SampleBuffer(16);
        scanBlocks(fromExclusive, toInclusive, main::add);
        int lo = upperBound(lateTimes, lateCount, fromExclusive);
        int hi = upperBound(lateTimes, lateCount, toInclusive);
        main.mergeSorted(Arrays.copyOfRange(lateTimes, lo, hi), Arrays.copyOfRange(lateValues, lo, hi), hi - lo);
        for (int i = 0; i < main.size(); i++) {
            sink.accept(main.time(i), main.value(i));
        }
    }

    private void scanBlocks(long fromExclusive, long toInclusive, SampleSink sink) {
        int b = firstBlockEndingAfter(fromExclusive);
        for (; b < blockCount; b++) {
            Block block = blocks[b];
            if (block.minTime() > toInclusive) {
                return;
            }
            scanCursor(block.cursor(), fromExclusive, toInclusive, sink);
        }
        if (head != null && head.minTime() <= toInclusive && head.maxTime() > fromExclusive) {
            scanCursor(head.cursor(), fromExclusive, toInclusive, sink);
        }
    }

    private static void scanCursor(BlockCursor c, long fromExclusive, long toInclusive, SampleSink sink) {
        while (c.next()) {
            long t = c.time();
            if (t > toInclusive) {
                return;
            }
            if (t > fromExclusive) {
                sink.accept(t, c.value());
            }
        }
    }

    /** Index of the first block whose max time is after {@code time}. */
    private int firstBlockEndingAfter(long time) {
        int lo = 0;
        int hi = blockCount;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (blocks[mid].maxTime() > time) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return lo;
    }

    /** Emits the aggregates with bucket start in {@code (fromExclusive, toExclusive)}, ascending. */
    public synchronized void scanAggregates(long fromExclusive, long toExclusive, SampleSink sink) {
        int i = upperBound(aggregateTimes, aggregateCount, fromExclusive);
        for (; i < aggregateCount && aggregateTimes[i] < toExclusive; i++) {
            sink.accept(aggregateTimes[i], aggregateValues[i]);
        }
    }

    // ----------------------------------------------------------------------------------------------- maintenance

    /**
     * Recomputes the complete dirty buckets ({@code start + interval <= now}) as the mean of their raw samples, as the
     * storage contract says: buckets older than {@code rawCutoff} that already have an aggregate keep it. The caller
     * removed this series from the maintain queue first; it is put back while it still has dirty buckets.
     *
     * @return how many aggregates were written, and how many of those are new buckets
     */
    public synchronized Aggregated aggregate(long now, long rawCutoff) {
        mergeLate();
        int written = 0;
        int added = 0;
        int kept = 0;
        for (int i = 0; i < dirtyCount; i++) {
            long start = dirty[i];
            if (start + bucketMillis > now) {
                dirty[kept++] = start; // incomplete: later
                continue;
            }
            if (start < rawCutoff && aggregateIndex(start) >= 0) {
                continue;
            }
            double[] sum = {0};
            int[] n = {0};
            scanBlocks(start - 1, start + bucketMillis - 1, (t, v) -> {
                sum[0] += v;
                n[0]++;
            });
            if (n[0] > 0) {
                if (putAggregate(start, sum[0] / n[0])) {
                    added++;
                }
                if (start >= rawCutoff) {
                    // finer aggregates inside this bucket (from a run with a shorter interval) cover the same raw
                    // samples, which are all still here: the new aggregate supersedes them
                    added -= removeAggregatesInside(start, start + bucketMillis);
                }
                written++;
            }
        }
        dirtyCount = kept;
        dirtyChanged();
        if (dirtyCount > 0) {
            maintainQueue.add(this);
        } else {
            queued = false;
        }
        return new Aggregated(written, added);
    }

    /**
     * What one {@link #aggregate} call did.
     *
     * @param written aggregates computed (new or replacing an older value)
     * @param added   the change in the number of aggregates held: buckets that had none before, less the finer
     *                aggregates (of an earlier, shorter interval) that new ones superseded
     */
    public record Aggregated(int written, int added) {
    }

    /**
     * Removes raw samples with {@code time < rawCutoff} and aggregates with {@code time < aggregateCutoff}.
     *
     * @return how many raw samples and aggregates were removed, as {@code {raw, aggregates}}
     */
    public synchronized long[] expire(long rawCutoff, long aggregateCutoff) {
        long rawBefore = rawCount;
        long aggregatesBefore = aggregateCount;
        if (rawCount > 0) {
            expireRaw(rawCutoff);
        }
        int drop = lowerBound(aggregateTimes, aggregateCount, aggregateCutoff);
        if (drop > 0) {
            System.arraycopy(aggregateTimes, drop, aggregateTimes, 0, aggregateCount - drop);
            System.arraycopy(aggregateValues, drop, aggregateValues, 0, aggregateCount - drop);
            aggregateCount -= drop;
            if (aggregateCount < aggregateTimes.length / 4) {
                aggregateTimes = Arrays.copyOf(aggregateTimes, aggregateCount);
                aggregateValues = Arrays.copyOf(aggregateValues, aggregateCount);
            }
        }
        return new long[] {rawBefore - rawCount, aggregatesBefore - aggregateCount};
    }

    private void expireRaw(long cutoff) {
        int dropWhole = 0;
        while (dropWhole < blockCount && blocks[dropWhole].maxTime() < cutoff) {
            rawCount -= blocks[dropWhole].count();
            dropWhole++;
        }
        if (dropWhole > 0) {
            System.arraycopy(blocks, dropWhole, blocks, 0, blockCount - dropWhole);
            Arrays.fill(blocks, blockCount - dropWhole, blockCount, null);
            blockCount -= dropWhole;
        }
        if (blockCount > 0 && blocks[0].minTime() < cutoff) {
            blocks[0] = retained(blocks[0].cursor(), blocks[0].count(), cutoff);
        }
        if (blockCount > 0 && blocks[0] == null) {
            System.arraycopy(blocks, 1, blocks, 0, blockCount - 1);
            blocks[--blockCount] = null;
        }
        if (blockCount == 0 && head != null && head.minTime() < cutoff) {
            Block kept = retained(head.cursor(), head.count(), cutoff);
            head = null;
            if (kept != null) {
                BlockCursor c = kept.cursor();
                head = new BlockBuilder(BLOCK_SAMPLES);
                while (c.next()) {
                    head.append(c.time(), c.value());
                }
            }
        }
        int dropLate = lowerBound(lateTimes, lateCount, cutoff);
        if (dropLate > 0) {
            System.arraycopy(lateTimes, dropLate, lateTimes, 0, lateCount - dropLate);
            System.arraycopy(lateValues, dropLate, lateValues, 0, lateCount - dropLate);
            lateCount -= dropLate;
            rawCount -= dropLate;
        }
        if (blocks.length > 8 && blockCount < blocks.length / 4) {
            blocks = Arrays.copyOf(blocks, Math.max(4, blockCount * 2));
        }
    }

    /** The samples of a cursor with time at or after {@code cutoff} as a block (null when none); adjusts rawCount. */
    private Block retained(BlockCursor c, int count, long cutoff) {
        BlockBuilder kept = new BlockBuilder(count);
        while (c.next()) {
            if (c.time() >= cutoff) {
                kept.append(c.time(), c.value());
            }
        }
        rawCount -= count - kept.count();
        return kept.isEmpty() ? null : kept.seal();
    }

    /**
     * Marks the series removed when it holds nothing at all; an append will then be refused.
     *
     * @return whether it is (now) removed
     */
    public synchronized boolean removeIfEmpty() {
        if (!removed && rawCount == 0 && aggregateCount == 0 && dirtyCount == 0) {
            removed = true;
        }
        return removed;
    }

    /** Whether expiry removed this series. */
    public synchronized boolean isRemoved() {
        return removed;
    }

    private int aggregateIndex(long start) {
        return Arrays.binarySearch(aggregateTimes, 0, aggregateCount, start);
    }

    /** Removes the aggregates with time in {@code (start, end)}; returns how many. */
    private int removeAggregatesInside(long start, long end) {
        int from = upperBound(aggregateTimes, aggregateCount, start);
        int to = lowerBound(aggregateTimes, aggregateCount, end);
        int n = to - from;
        if (n > 0) {
            System.arraycopy(aggregateTimes, to, aggregateTimes, from, aggregateCount - to);
            System.arraycopy(aggregateValues, to, aggregateValues, from, aggregateCount - to);
            aggregateCount -= n;
        }
        return Math.max(0, n);
    }

    /** Sets the aggregate of the bucket at {@code start}; returns whether the bucket had none before. */
    private boolean putAggregate(long start, double mean) {
        int at = aggregateIndex(start);
        if (at >= 0) {
            aggregateValues[at] = mean;
            return false;
        }
        at = -at - 1;
        if (aggregateCount == aggregateTimes.length) {
            int capacity = Math.max(8, aggregateCount + (aggregateCount >> 1) + 1);
            aggregateTimes = Arrays.copyOf(aggregateTimes, capacity);
            aggregateValues = Arrays.copyOf(aggregateValues, capacity);
        }
        System.arraycopy(aggregateTimes, at, aggregateTimes, at + 1, aggregateCount - at);
        System.arraycopy(aggregateValues, at, aggregateValues, at + 1, aggregateCount - at);
        aggregateTimes[at] = start;
        aggregateValues[at] = mean;
        aggregateCount++;
        return true;
    }

    // ------------------------------------------------------------------------------------------ snapshot, stats

    /** Everything this series holds, as of now (the open block sealed into a copy). */
    public synchronized SeriesState capture() {
        List<Block> all = new ArrayList<>(blockCount + 1);
        for (int i = 0; i < blockCount; i++) {
            all.add(blocks[i]);
        }
        if (head != null && !head.isEmpty()) {
            all.add(head.seal());
        }
        return new SeriesState(id, stat, tags, all, Arrays.copyOf(lateTimes, lateCount),
            Arrays.copyOf(lateValues, lateCount), Arrays.copyOf(aggregateTimes, aggregateCount),
            Arrays.copyOf(aggregateValues, aggregateCount), Arrays.copyOf(dirty, dirtyCount), lastBatch,
            appliedInLastBatch);
    }

    /** Number of raw samples held. */
    public synchronized int rawCount() {
        return rawCount;
    }

    /** Number of aggregates held. */
    public synchronized int aggregateCount() {
        return aggregateCount;
    }

    /** Bytes used by the raw samples: blocks, the open block and late samples (approximate, excludes the index). */
    public synchronized long rawBytes() {
        long bytes = 0;
        for (int i = 0; i < blockCount; i++) {
            bytes += blocks[i].sizeBytes();
        }
        if (head != null) {
            bytes += head.sizeBytes();
        }
        bytes += 16L * lateTimes.length;
        return bytes;
    }

    @Override
    public String toString() {
        return stat + tags;
    }

    /** First index whose value is greater than {@code key}. */
    static int upperBound(long[] a, int n, long key) {
        int lo = 0;
        int hi = n;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (a[mid] <= key) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** First index whose value is at least {@code key}. */
    static int lowerBound(long[] a, int n, long key) {
        int lo = 0;
        int hi = n;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (a[mid] < key) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }
}
