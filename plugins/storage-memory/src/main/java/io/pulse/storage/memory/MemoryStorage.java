package io.pulse.storage.memory;

import io.pulse.spi.Health;
import io.pulse.spi.PluginContext;
import io.pulse.spi.Scheduler;
import io.pulse.spi.stats.Sample;
import io.pulse.spi.stats.Tags;
import io.pulse.spi.storage.Fill;
import io.pulse.spi.storage.InvalidQueryException;
import io.pulse.spi.storage.LatestQuery;
import io.pulse.spi.storage.Point;
import io.pulse.spi.storage.RangeQuery;
import io.pulse.spi.storage.RawQuery;
import io.pulse.spi.storage.RawRow;
import io.pulse.spi.storage.SeriesHandle;
import io.pulse.spi.storage.Source;
import io.pulse.spi.storage.Storage;
import io.pulse.spi.storage.StorageUnavailableException;
import io.pulse.spi.storage.WriteResult;
import io.pulse.storage.memory.durable.DataDirectory;
import io.pulse.storage.memory.durable.Recovery;
import io.pulse.storage.memory.durable.SnapshotFile;
import io.pulse.storage.memory.durable.WriteAheadLog;
import io.pulse.storage.memory.series.Series;
import io.pulse.storage.memory.series.SeriesIndex;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * The embedded storage: compressed series in memory, down-sampled by {@link #maintain}, made durable by a
 * write-ahead log and snapshots in the plugin's data directory (see docs/storage.md for the file formats).
 *
 * <h2>Thread-safety</h2>
 * <ul>
 *   <li>Queries take no global lock: they find series through the concurrent {@link SeriesIndex} and read each
 *   under that series' own lock, for microseconds.</li>
 *   <li>{@link #write} (one thread at a time, per the contract) holds the store's write lock while it logs the batch
 *   and applies it, so the log and memory agree batch by batch. A {@link MemorySeriesHandle} is read and re-bound
 *   under that lock only. Only the snapshot's log roll and the removal of
 *   expired series take that lock besides; both are brief.</li>
 *   <li>{@link #maintain} works series by series under their locks; snapshots capture series one at a time while
 *   writes go on (recovery replays exactly what a series had not yet applied).</li>
 * </ul>
 */
public final class MemoryStorage implements Storage {

    /** The most buckets a filled range may have; more is refused as an invalid query. */
    static final int MAX_FILL_BUCKETS = 100_000;

    private static final System.Logger LOG = System.getLogger(MemoryStorage.class.getName());
    private static final long WAL_RETRY_NANOS = Duration.ofSeconds(5).toNanos();

    private enum State { NEW, STARTED, CLOSED }

    /**
     * Figures about the store.
     *
     * @param series     number of series
     * @param rawSamples raw samples held
     * @param rawBytes   bytes the raw samples occupy (compressed blocks, open blocks, late samples)
     * @param aggregates aggregates held
     */
    public record Stats(int series, long rawSamples, long rawBytes, long aggregates) {
        /** Bytes per raw sample, or 0 when there are none. */
        public double bytesPerSample() {
            return rawSamples == 0 ? 0 : (double) rawBytes / rawSamples;
        }
    }

    private final PluginContext context;
    private final MemoryStorageOptions options;
    private final long aggregateMillis;
    private final long rawRetentionMillis;
    private final long retentionMillis;
    private final SeriesIndex index = new SeriesIndex();
    private final Set<Series> maintainQueue = ConcurrentHashMap.newKeySet();
    private final AtomicLong nextSeriesId = new AtomicLong();
    private final LongAdder rawSamples = new LongAdder();
    private final LongAdder aggregates = new LongAdder();
    private final List<Scheduler.Scheduled> tasks = new CopyOnWriteArrayList<>();

    /** Guards the batch counter, the log and its segment numbers; held by writes, log rolls and series removal. */
    private final Object writeLock = new Object();
    /** One snapshot at a time. */
    private final Object snapshotLock = new Object();

    private volatile State state = State.NEW;
    private long lastBatch = -1;
    private DataDirectory dir;
    private volatile WriteAheadLog wal;
    private long lastSegment;
    private long walRetryAfterNanos;
    private volatile String walProblem;
    private volatile String snapshotProblem;
    /** When the last snapshot was written, by the context's clock. */
    private volatile long lastSnapshotMillis;
    private volatile List<String> recoveryProblems = List.of();

    MemoryStorage(PluginContext context, MemoryStorageOptions options) {
        this.context = context;
        this.options = options;
        this.aggregateMillis = context.server().aggregateInterval().toMillis();
        this.rawRetentionMillis = context.server().rawRetention().toMillis();
        this.retentionMillis = context.server().retention().toMillis();
        if (aggregateMillis <= 0) {
            throw new IllegalArgumentException("the aggregate interval must be positive, got "
                + context.server().aggregateInterval());
        }
    }

    // ------------------------------------------------------------------------------------------------- lifecycle

    /**
     * Recovers the data directory (when durable), writes a fresh snapshot and schedules log syncs and snapshots.
     *
     * @throws IOException when the data directory cannot be used at all (damaged files are reported, not fatal)
     */
    @Override
    public void start() throws IOException {
        if (state != State.NEW) {
            throw new IllegalStateException("memory storage already started");
        }
        if (options.durable()) {
            dir = new DataDirectory(context.dataDir());
            dir.lock();
            try {
                recover();
                synchronized (writeLock) {
                    wal = new WriteAheadLog(dir, lastSegment);
                }
                state = State.STARTED;
            } catch (IOException | RuntimeException e) {
                state = State.NEW;
                closeWalQuietly();
                dir.close();
                throw new IOException("memory storage cannot use its data directory " + context.dataDir() + ": "
                    + e.getMessage(), e);
            }
            // fold the replayed log into a fresh snapshot; if that fails the old files stay and health says so
            snapshotQuietly();
            Duration sync = options.walSyncInterval();
            if (!sync.isZero()) {
                tasks.add(context.scheduler().every("memory-wal-sync", sync, sync, this::syncWal));
            }
            Duration snapshotEvery = options.snapshotInterval();
            tasks.add(context.scheduler().every("memory-snapshot", snapshotEvery, snapshotEvery, this::periodicSnapshot));
        }
        state = State.STARTED;
    }

    private void recover() throws IOException {
        Recovery.Result r = new Recovery(dir, index, aggregateMillis, maintainQueue).run();
        nextSeriesId.set(r.nextSeriesId());
        lastBatch = r.nextBatch() - 1;
        lastSegment = r.nextSegment();
        for (Series s : index.all()) {
            rawSamples.add(s.rawCount());
            aggregates.add(s.aggregateCount());
        }
        recoveryProblems = r.problems();
        for (String problem : r.problems()) {
            LOG.log(System.Logger.Level.WARNING, "memory storage recovery: " + problem);
        }
        LOG.log(System.Logger.Level.INFO, "memory storage recovered " + r.series() + " series, " + rawSamples.sum()
            + " raw samples (" + r.samplesReplayed() + " from the write-ahead log), " + aggregates.sum()
            + " aggregates from " + context.dataDir()
            + (r.problems().isEmpty() ? "" : " with " + r.problems().size() + " problem(s)"));
    }

    /** Cancels periodic work, writes a final snapshot and closes the log. */
    @Override
    public void close() {
        if (state == State.CLOSED) {
            return;
        }
        boolean wasStarted = state == State.STARTED;
        tasks.forEach(Scheduler.Scheduled::cancel);
        if (wasStarted && options.durable()) {
            snapshotQuietly();
        }
        closeFiles();
    }

    /**
     * Stops the way a killed process does, for crash tests in this package: no final snapshot, periodic work
     * cancelled, files closed (what was written is in the operating system's hands, as after {@code kill -9}).
     */
    void abandon() {
        tasks.forEach(Scheduler.Scheduled::cancel);
        closeFiles();
    }

    /** Marks the store closed, closes the write-ahead log and releases the data directory lock. */
    private void closeFiles() {
        state = State.CLOSED;
        synchronized (writeLock) {
            closeWalQuietly();
        }
        if (dir != null) {
            try {
                dir.close();
            } catch (IOException e) {
                LOG.log(System.Logger.Level.WARNING, "memory storage: cannot release the data directory lock", e);
            }
        }
    }

    @Override
    public Health health() {
        State s = state;
        if (s == State.NEW) {
            return Health.down("memory storage is not started");
        }
        if (s == State.CLOSED) {
            return Health.down("memory storage is closed");
        }
        String w = walProblem;
        if (w != null) {
            return Health.down(w);
        }
        String snap = snapshotProblem;
        if (snap != null) {
            return Health.down(snap);
        }
        StringBuilder detail = new StringBuilder()
            .append(index.size()).append(" series, ")
            .append(rawSamples.sum()).append(" raw samples, ")
            .append(aggregates.sum()).append(" aggregates");
        if (!options.durable()) {
            detail.append("; not durable (memory.durable=false)");
        }
        List<String> problems = recoveryProblems;
        if (!problems.isEmpty()) {
            detail.append("; recovered with ").append(problems.size()).append(" problem(s) at start-up: ")
                .append(String.join("; ", problems.subList(0, Math.min(3, problems.size()))));
            if (problems.size() > 3) {
                detail.append("; and ").append(problems.size() - 3).append(" more in the log");
            }
        }
        return Health.up(detail.toString());
    }

    // ---------------------------------------------------------------------------------------------------- writes

    @Override
    public WriteResult write(List<Sample> samples) {
        return write(samples, null);
    }

    /** A handle that finds its series once and keeps it (see {@link MemorySeriesHandle}); creates nothing. */
    @Override
    public SeriesHandle seriesHandle(String stat, Tags tags) {
        return new MemorySeriesHandle(this, stat, tags);
    }

    /** As {@link #write(List)}; a sample with one of this store's handles skips the series lookup. */
    @Override
    public WriteResult write(List<Sample> samples, SeriesHandle[] handles) {
        if (samples.isEmpty()) {
            return WriteResult.accepted(0);
        }
        if (handles != null && handles.length != samples.size()) {
            throw new IllegalArgumentException("expected one handle per sample: " + samples.size() + " samples, "
                + handles.length + " handles");
        }
        synchronized (writeLock) {
            if (state != State.STARTED) {
                throw new StorageUnavailableException("memory storage is " + (state == State.NEW ? "not started" : "closed"));
            }
            long batch = ++lastBatch;
            Series[] series = new Series[samples.size()];
            for (int i = 0; i < series.length; i++) {
                Sample sample = samples.get(i);
                series[i] = handles != null && handles[i] instanceof MemorySeriesHandle handle && handle.isFor(this, sample)
                    ? handle.series(this)
                    : seriesOf(sample.stat(), sample.tags());
            }
            if (options.durable()) {
                log(batch, samples, series);
            }
            for (int i = 0; i < series.length; i++) {
                Sample sample = samples.get(i);
                if (!series[i].append(sample.timeMillis(), sample.value(), batch)) {
                    // removal happens under the write lock, so a series resolved for this batch stays
                    throw new IllegalStateException("series " + series[i] + " was removed during a write");
                }
            }
            rawSamples.add(samples.size());
        }
        // every stat name and tag set can be held in memory and in the log, so nothing is ever refused
        return WriteResult.accepted(samples.size());
    }

    /** The live series of {@code stat} and {@code tags}, created when there is none. Under the write lock. */
    Series seriesOf(String stat, Tags tags) {
        return index.getOrCreate(stat, tags, () -> new Series(
            nextSeriesId.getAndIncrement(), stat, tags, aggregateMillis, maintainQueue));
    }

    /** Appends a batch to the log; a failing log is reported and retried, the batch is kept in memory regardless. */
    private void log(long batch, List<Sample> samples, Series[] series) {
        if (wal == null && !reopenWal()) {
            return;
        }
        try {
            wal.append(batch, samples, series);
            if (options.walSyncInterval().isZero()) {
                wal.sync();
            }
        } catch (IOException e) {
            walFailed(e);
        }
    }

    /** Under the write lock. */
    private void walFailed(IOException e) {
        walProblem = "memory storage: the write-ahead log in " + context.dataDir() + " failed (" + e
            + "); new samples are kept in memory only until it works again";
        LOG.log(System.Logger.Level.ERROR, walProblem, e);
        closeWalQuietly();
        walRetryAfterNanos = System.nanoTime() + WAL_RETRY_NANOS;
    }

    /** Under the write lock: tries to start a new log segment after a failure, at most every few seconds. */
    private boolean reopenWal() {
        if (System.nanoTime() - walRetryAfterNanos < 0) {
            return false;
        }
        try {
            wal = new WriteAheadLog(dir, ++lastSegment);
            walProblem = null;
            LOG.log(System.Logger.Level.INFO, "memory storage: the write-ahead log works again (segment " + lastSegment
                + "); samples stored meanwhile reach the disk with the next snapshot");
            snapshotSoon();
            return true;
        } catch (IOException e) {
            walFailed(e);
            return false;
        }
    }

    private void snapshotSoon() {
        lastSnapshotMillis = Long.MIN_VALUE / 2;
    }

    private void closeWalQuietly() {
        WriteAheadLog w = wal;
        wal = null;
        if (w != null) {
            try {
                w.close();
            } catch (IOException e) {
                LOG.log(System.Logger.Level.WARNING, "memory storage: closing the write-ahead log failed", e);
            }
        }
    }

    private void syncWal() {
        WriteAheadLog w = wal;
        if (w == null) {
            return;
        }
        try {
            w.sync();
        } catch (IOException e) {
            synchronized (writeLock) {
                if (wal == w) {
                    walFailed(e);
                }
            }
        }
    }

    // --------------------------------------------------------------------------------------------- maintenance

    @Override
    public void maintain(long nowMillis) {
        if (state != State.STARTED) {
            throw new StorageUnavailableException("memory storage is " + (state == State.NEW ? "not started" : "closed"));
        }
        long rawCutoff = nowMillis - rawRetentionMillis;
        long aggregateCutoff = nowMillis - retentionMillis;
        long written = 0;
        for (Series s : new ArrayList<>(maintainQueue)) {
            maintainQueue.remove(s);
            Series.Aggregated result = s.aggregate(nowMillis, rawCutoff);
            written += result.written();
            aggregates.add(result.added());
        }
        long expiredRaw = 0;
        long expiredAggregates = 0;
        List<Series> emptied = new ArrayList<>();
        for (Series s : index.all()) {
            long[] expired = s.expire(rawCutoff, aggregateCutoff);
            expiredRaw += expired[0];
            expiredAggregates += expired[1];
            if (s.rawCount() == 0 && s.aggregateCount() == 0) {
                emptied.add(s);
            }
        }
        rawSamples.add(-expiredRaw);
        aggregates.add(-expiredAggregates);
        int removed = 0;
        if (!emptied.isEmpty()) {
            synchronized (writeLock) {
                for (Series s : emptied) {
                    if (s.removeIfEmpty()) {
                        index.remove(s);
                        removed++;
                    }
                }
            }
        }
        if (written + expiredRaw + expiredAggregates + removed > 0) {
            LOG.log(System.Logger.Level.DEBUG, "memory storage maintenance: " + written + " aggregates written, "
                + expiredRaw + " raw samples and " + expiredAggregates + " aggregates expired, " + removed
                + " series removed");
            if (options.durable()) {
                snapshotQuietly();
            }
        }
    }

    /**
     * Writes a snapshot now and deletes the log segments and snapshots it makes redundant.
     *
     * @throws IOException when the snapshot could not be written (the previous one and the log remain)
     */
    public void snapshot() throws IOException {
        if (!options.durable()) {
            return;
        }
        synchronized (snapshotLock) {
            long sequence;
            long nextId;
            long nextBatch;
            WriteAheadLog.Segment previous = null;
            synchronized (writeLock) {
                if (state != State.STARTED) {
                    throw new IllegalStateException("memory storage is not running");
                }
                sequence = ++lastSegment;
                if (wal != null) {
                    try {
                        previous = wal.roll(sequence);
                    } catch (IOException e) {
                        walFailed(e);
                    }
                } else {
                    reopenWalAt(sequence);
                }
                nextId = nextSeriesId.get();
                nextBatch = lastBatch + 1;
            }
            if (previous != null) {
                try {
                    previous.close();
                } catch (IOException e) {
                    // its samples are in memory and go into the snapshot below
                    LOG.log(System.Logger.Level.WARNING, "memory storage: closing a write-ahead log segment failed", e);
                }
            }
            try {
                SnapshotFile.write(dir, sequence, index.all(), context.clock().millis(), nextId, nextBatch,
                    aggregateMillis);
                dir.deleteBefore(sequence);
                snapshotProblem = null;
                lastSnapshotMillis = context.clock().millis();
            } catch (IOException | RuntimeException e) {
                snapshotProblem = "memory storage: writing a snapshot to " + context.dataDir() + " failed (" + e
                    + "); the write-ahead log keeps growing until one succeeds";
                throw e;
            }
        }
    }

    /** Under the write lock: after a log failure, a snapshot is a good moment to try a new segment. */
    private void reopenWalAt(long segment) {
        try {
            wal = new WriteAheadLog(dir, segment);
            walProblem = null;
        } catch (IOException e) {
            walFailed(e);
        }
    }

    private void snapshotQuietly() {
        try {
            snapshot();
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "memory storage: snapshot failed", e);
        }
    }

    private void periodicSnapshot() {
        if (state != State.STARTED) {
            return;
        }
        if (context.clock().millis() - lastSnapshotMillis < options.snapshotInterval().toMillis() / 2) {
            return; // maintenance wrote one recently
        }
        snapshotQuietly();
    }

    // --------------------------------------------------------------------------------------------------- queries

    @Override
    public List<String> keys() {
        return index.stats();
    }

    @Override
    public List<String> tagKeys() {
        return index.tagKeys();
    }

    @Override
    public Optional<Point> latest(LatestQuery q) {
        Buckets buckets = new Buckets(q.interval().toMillis(), q.aggregation());
        index.forEachMatching(q.stat(), q.filter(), s -> s.scanRaw(q.fromMillis(), q.nowMillis(), buckets::add));
        return buckets.newestWithValue();
    }

    @Override
    public List<Point> range(RangeQuery q) {
        long width = q.bucket().toMillis();
        Buckets buckets = new Buckets(width, q.aggregation());
        if (q.source() == Source.RAW) {
            index.forEachMatching(q.stat(), q.filter(),
                s -> s.scanRaw(q.fromMillis(), q.toMillis() - 1, buckets::add));
        } else {
            index.forEachMatching(q.stat(), q.filter(),
                s -> s.scanAggregates(q.fromMillis(), q.toMillis(), buckets::add));
        }
        if (buckets.isEmpty()) {
            return List.of();
        }
        if (q.fill().kind() == Fill.Kind.NONE) {
            return buckets.withValues();
        }
        long first = Math.floorDiv(q.fromMillis(), width) * width;
        long count = (q.toMillis() - first + width - 1) / width;
        if (count > MAX_FILL_BUCKETS) {
            throw new InvalidQueryException("a filled range of " + count + " buckets is too long (at most "
                + MAX_FILL_BUCKETS + "): use a wider bucket or a shorter range");
        }
        List<Point> out = new ArrayList<>((int) count);
        for (long start = first; start < q.toMillis(); start += width) {
            double v = buckets.resultAt(start);
            out.add(new Point(start, Double.isNaN(v) ? q.fill().value() : v));
        }
        return out;
    }

    @Override
    public List<RawRow> raw(RawQuery q) {
        record Row(long time, double value, Series series) {
        }
        List<Row> rows = new ArrayList<>();
        index.forEachMatching(q.stat(), q.filter(), s -> {
            List<Row> own = new ArrayList<>();
            s.scanRaw(q.fromMillis(), q.toMillis(), (t, v) -> own.add(new Row(t, v, s)));
            rows.addAll(own.subList(Math.max(0, own.size() - q.limit()), own.size()));
        });
        rows.sort(Comparator.comparingLong(Row::time).reversed().thenComparing(r -> r.series().tags()));
        List<RawRow> out = new ArrayList<>(Math.min(q.limit(), rows.size()));
        for (Row r : rows.subList(0, Math.min(q.limit(), rows.size()))) {
            Map<String, String> columns = new LinkedHashMap<>();
            for (String key : q.columns()) {
                String value = r.series().tags().get(key);
                columns.put(key, value == null ? "" : value);
            }
            out.add(new RawRow(r.time(), r.value(), columns));
        }
        return out;
    }

    // ----------------------------------------------------------------------------------------------------- stats

    /** Counts and sizes, by visiting every series (for benchmarks, tests and diagnostics; not cheap). */
    public Stats stats() {
        int series = 0;
        long samples = 0;
        long bytes = 0;
        long aggregateCount = 0;
        for (Series s : index.all()) {
            series++;
            samples += s.rawCount();
            bytes += s.rawBytes();
            aggregateCount += s.aggregateCount();
        }
        return new Stats(series, samples, bytes, aggregateCount);
    }
}
