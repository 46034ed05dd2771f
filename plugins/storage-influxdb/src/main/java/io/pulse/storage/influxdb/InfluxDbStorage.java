package io.pulse.storage.influxdb;

import io.pulse.spi.Health;
import io.pulse.spi.PluginContext;
import io.pulse.spi.Scheduler;
import io.pulse.spi.metrics.Counter;
import io.pulse.spi.stats.Sample;
import io.pulse.spi.storage.InvalidQueryException;
import io.pulse.spi.storage.LatestQuery;
import io.pulse.spi.storage.Point;
import io.pulse.spi.storage.RangeQuery;
import io.pulse.spi.storage.RawQuery;
import io.pulse.spi.storage.RawRow;
import io.pulse.spi.storage.Storage;
import io.pulse.spi.storage.StorageUnavailableException;
import io.pulse.spi.storage.WriteResult;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * The InfluxDB storage: samples go to InfluxDB 1.x in the original pulse layout ({@link Schema}), through a
 * {@link WritePath} that gathers them into one request per {@code write-interval} and buffers on disk while InfluxDB
 * is unreachable; queries are translated by {@link InfluxDbQueries} (each first sends what is gathered, so it sees
 * every returned write); {@link #maintain} re-aggregates with the {@link Downsampler}.
 *
 * <p>Life cycle: {@link #start()} opens the buffer and tries to reach InfluxDB once (ping and schema DDL, bounded
 * by {@code timeout}); whether or not that works, a background task on the kernel scheduler then retries the
 * schema, replays the buffer and keeps the continuous query up to date every {@code retry-interval}. Until the
 * schema exists, queries throw {@link StorageUnavailableException} and writes are buffered.
 *
 * <p>Thread-safety: {@link #write} is called by one thread at a time; queries, {@link #health()} and
 * {@link #maintain} from any thread. Link state is held in volatile fields that only move between well-defined
 * states; everything with more structure is owned by a thread-safe collaborator.
 */
final class InfluxDbStorage implements Storage, WritePath.Link {

    private static final System.Logger LOG = System.getLogger(InfluxDbStorage.class.getName());

    private final InfluxDbSettings settings;
    private final PluginContext context;
    private final InfluxDbConnection influx;
    private final Schema schema;
    private final InfluxDbQueries queries;
    private final Downsampler downsampler;
    private final AtomicLong refusedSamples = new AtomicLong();
    /** How often the link was tried (start and background retries), for tests. */
    private final AtomicLong connectAttempts = new AtomicLong();

    private volatile WritePath writes;
    /** Line starts per series (writing thread only, see {@link #write}). */
    private final SeriesLines seriesLines = new SeriesLines();
    private volatile Scheduler.Scheduled task;
    /** Sends gathered lines that waited {@code write-interval} while no write came; null when each write sends its own. */
    private volatile Scheduler.Scheduled flushTask;
    private volatile Counter lostSamples;
    private volatile boolean schemaReady;
    private volatile boolean continuousQueryStale = true;
    private volatile boolean closed;
    /** Null while InfluxDB answers; else why not, and since when. */
    private volatile String problem = "not started";
    private volatile Instant problemSince;
    private volatile String version = "";

    InfluxDbStorage(InfluxDbSettings settings, PluginContext context) {
        this.settings = settings;
        this.context = context;
        this.influx = new InfluxDbConnection(settings.addressText(), settings.timeout(), settings.queryTimeout());
        this.schema = new Schema(influx, settings);
        this.queries = new InfluxDbQueries(influx, settings);
        this.downsampler = new Downsampler(influx, schema, settings);
    }

    @Override
    public void start() throws IOException {
        Path bufferDir = context.dataDir().resolve("buffer");
        DiskBuffer buffer;
        try {
            buffer = DiskBuffer.open(bufferDir, settings.bufferMaxBytes());
        } catch (IOException e) {
            throw new IOException("influxdb: cannot open the write buffer in " + bufferDir + ": " + InfluxDbConnection.describe(e), e);
        }
        if (!buffer.isEmpty()) {
            LOG.log(Level.INFO, "found {0} samples buffered by an earlier run in {1}; they go to InfluxDB first",
                buffer.lineCount(), bufferDir);
        }
        DiskBuffer opened = buffer;
        context.metrics().gauge("buffer_bytes", "Size on disk of the samples buffered while InfluxDB cannot take them.",
            opened::byteCount);
        context.metrics().gauge("buffer_samples", "Samples buffered on disk while InfluxDB cannot take them.",
            opened::lineCount);
        lostSamples = context.metrics().counter("lost_samples",
            "Samples gathered for a write that could neither be sent to InfluxDB nor buffered on disk.");
        writes = new WritePath(influx, settings, buffer, this, downsampler::delivered, lostSamples);
        connect();
        if (schemaReady && buffer.isEmpty()) {
            writes.replay();
        }
        task = context.scheduler().every("influxdb-link", settings.retryInterval(), settings.retryInterval(), this::tick);
        if (!settings.writeInterval().isZero()) {
            // writes send what has waited an interval themselves; this covers a pause in writes, sending at most
            // half an interval late
            WritePath w = writes;
            Duration half = settings.writeInterval().dividedBy(2);
            Duration period = half.compareTo(Duration.ofMillis(1)) < 0 ? Duration.ofMillis(1) : half;
            flushTask = context.scheduler().every("influxdb-write", period, period, w::flushIfDue);
        }
    }

    /**
     * One round of the background task: create the schema if it is missing, replay the buffer, refresh the
     * continuous query when stats appeared.
     */
    void tick() {
        if (closed) {
            return;
        }
        if (!schemaReady) {
            connect();
            if (!schemaReady) {
                return;
            }
        }
        try {
            if (!writes.replay()) {
                return;
            }
            if (continuousQueryStale) {
                continuousQueryStale = false;
                schema.ensureContinuousQuery();
            }
        } catch (InfluxDbConnection.Unreachable e) {
            continuousQueryStale = true;
            unreachable(e.getMessage());
        } catch (InfluxDbConnection.StatementFailed e) {
            // Not retried every tick (it would only repeat the refusal); maintain() tries again every interval.
            LOG.log(Level.WARNING, "InfluxDB refused to update continuous query {0}: {1}", settings.continuousQuery(), e.getMessage());
        }
    }

    private void connect() {
        connectAttempts.incrementAndGet();
        try {
            String v = influx.ping();
            schema.ensureDatabaseAndPolicies();
            version = v;
            schemaReady = true;
            continuousQueryStale = true;
            reachable();
        } catch (InfluxDbConnection.Unreachable e) {
            unreachable(e.getMessage());
        } catch (InfluxDbConnection.StatementFailed e) {
            unreachable("InfluxDB at " + influx.address() + " refused the schema: " + e.getMessage());
        }
    }

    /** A stat and why InfluxDB cannot store it: refused samples are counted per such pair. */
    private record Unstorable(String stat, String reason) {
    }

    @Override
    public WriteResult write(List<Sample> samples) {
        if (closed) {
            throw new StorageUnavailableException("the InfluxDB storage is closed");
        }
        List<Sample> storable = new ArrayList<>(samples.size());
        List<String> prefixes = new ArrayList<>(samples.size());  // each storable sample's line start
        Map<Unstorable, Integer> refused = null;  // made on the first refusal: a complete write does without
        for (Sample sample : samples) {
            SeriesLines.Series series = seriesLines.of(sample);
            String why = series.unstorable();
            if (why != null) {
                if (refused == null) {
                    refused = new LinkedHashMap<>();
                }
                refused.merge(new Unstorable(sample.stat(), why), 1, Integer::sum);
                continue;
            }
            storable.add(sample);
            prefixes.add(series.prefix());
            if (!continuousQueryStale && !schema.isAggregated(sample.stat())) {
                continuousQueryStale = true;
            }
        }
        if (!storable.isEmpty()) {
            writes.write(storable, prefixes);
        }
        if (refused == null) {
            return WriteResult.accepted(storable.size());
        }
        refusedSamples.addAndGet(samples.size() - storable.size());
        List<WriteResult.Refusal> refusals = new ArrayList<>(refused.size());
        refused.forEach((unstorable, count) ->
            refusals.add(new WriteResult.Refusal(unstorable.stat(), count, unstorable.reason())));
        return WriteResult.partial(storable.size(), refusals);
    }

    /** How often this storage re-created the continuous query (tests check that servers settle). */
    int continuousQueryRebuilds() {
        return schema.rebuilds();
    }

    @Override
    public void maintain(long nowMillis) {
        requireQueryable();  // the re-aggregation reads raw samples: gathered ones too
        guarded(() -> {
            try {
                schema.ensureContinuousQuery();
            } catch (InfluxDbConnection.StatementFailed e) {
                // The explicit run below does the same work; a refused continuous query must not stop it.
                continuousQueryStale = true;
                LOG.log(Level.WARNING, "InfluxDB refused to update continuous query {0}: {1}", settings.continuousQuery(), e.getMessage());
            }
            long[] window = downsampler.run(nowMillis);
            if (window != null) {
                LOG.log(Level.DEBUG, "re-aggregated buckets {0}..{1}", Instant.ofEpochMilli(window[0]), Instant.ofEpochMilli(window[1]));
            }
            return null;
        });
    }

    @Override
    public List<String> keys() {
        requireQueryable();
        return guarded(queries::keys);
    }

    @Override
    public List<String> tagKeys() {
        requireQueryable();
        return guarded(queries::tagKeys);
    }

    @Override
    public Optional<Point> latest(LatestQuery query) {
        requireQueryable();
        return guarded(() -> queries.latest(query));
    }

    @Override
    public List<RawRow> raw(RawQuery query) {
        requireQueryable();
        return guarded(() -> queries.raw(query));
    }

    @Override
    public List<Point> range(RangeQuery query) {
        requireQueryable();
        return guarded(() -> queries.range(query));
    }

    private void requireReady() {
        if (closed) {
            throw new StorageUnavailableException("the InfluxDB storage is closed");
        }
        if (!schemaReady) {
            String why = problem;
            throw new StorageUnavailableException("InfluxDB is not available: " + (why == null ? "connecting" : why));
        }
    }

    /**
     * {@link #requireReady}, then sends the lines gathered for the next write, so that a query sees every sample
     * whose write returned (InfluxDB itself sees them only when they are sent, every {@code write-interval}).
     */
    private void requireQueryable() {
        requireReady();
        WritePath w = writes;
        if (w != null && w.hasPending()) {
            w.flush();
        }
    }

    /** Runs an InfluxDB call, mapping its failures to the storage exceptions. */
    private <T> T guarded(Supplier<T> call) {
        try {
            return call.get();
        } catch (InfluxDbConnection.Unreachable e) {
            throw new StorageUnavailableException(e.getMessage(), e);
        } catch (InfluxDbConnection.StatementFailed e) {
            String message = e.getMessage();
            if (message.contains("database not found") || message.contains("retention policy not found")) {
                schemaMissing(message);
                throw new StorageUnavailableException("InfluxDB lost the pulse schema (" + message + "); re-creating it");
            }
            throw new InvalidQueryException("InfluxDB refused the query: " + message);
        }
    }

    // ---- WritePath.Link ----

    @Override
    public boolean schemaReady() {
        return schemaReady;
    }

    @Override
    public void unreachable(String reason) {
        if (closed) {
            return; // requests cut short by close() say nothing about InfluxDB
        }
        if (problem == null) {
            problemSince = Instant.now(context.clock());
            LOG.log(Level.WARNING, "{0}; writes are buffered in {1} and retried every {2}",
                reason, context.dataDir().resolve("buffer"), InfluxQl.duration(settings.retryInterval()));
        }
        problem = reason;
        WritePath w = writes;
        if (w != null) {
            w.suspendDirect();
        }
    }

    @Override
    public void schemaMissing(String reason) {
        schemaReady = false;
        unreachable("InfluxDB at " + influx.address() + " lost the database or retention policy (" + reason + ")");
    }

    @Override
    public void reachable() {
        if (problem != null && problemSince != null) {
            LOG.log(Level.INFO, "InfluxDB {0} at {1} is reachable again", version, influx.address());
        }
        problem = null;
        problemSince = null;
    }

    @Override
    public Health health() {
        if (closed) {
            return Health.down("closed");
        }
        WritePath w = writes;
        String buffer = w == null ? "" : bufferState(w.buffer(), w);
        String why = problem;
        if (!schemaReady || why != null) {
            String since = problemSince == null ? "" : " (since " + problemSince + ")";
            return Health.down((why == null ? "connecting to InfluxDB at " + influx.address() : why) + since
                + "; retrying every " + InfluxQl.duration(settings.retryInterval()) + buffer);
        }
        return Health.up("InfluxDB " + version + " at " + influx.address() + ", database " + settings.database() + buffer);
    }

    private String bufferState(DiskBuffer buffer, WritePath w) {
        StringBuilder out = new StringBuilder("; buffered ").append(buffer.lineCount()).append(" samples (")
            .append(buffer.byteCount()).append(" of ").append(buffer.maxBytes()).append(" bytes)")
            .append("; dropped ").append(buffer.droppedLines()).append(" (buffer full)");
        if (w.replayedLines() > 0) {
            out.append("; replayed ").append(w.replayedLines());
        }
        if (w.rejectedByInflux() > 0) {
            out.append("; rejected by InfluxDB ").append(w.rejectedByInflux());
        }
        Counter lost = lostSamples;
        if (lost != null && lost.value() > 0) {
            out.append("; lost ").append(lost.value()).append(" (neither sent nor buffered)");
        }
        if (refusedSamples.get() > 0) {
            out.append("; refused ").append(refusedSamples.get()).append(" (names InfluxDB cannot store)");
        }
        return out.toString();
    }

    /** Samples dropped because the buffer was full, since start (the metric behind the health detail). */
    long droppedSamples() {
        WritePath w = writes;
        return w == null ? 0 : w.buffer().droppedLines();
    }

    /** Samples waiting in the buffer. */
    long connectAttempts() {
        return connectAttempts.get();
    }

    long bufferedSamples() {
        WritePath w = writes;
        return w == null ? 0 : w.buffer().lineCount();
    }

    /** Batches waiting in the buffer. */
    int bufferedBatches() {
        WritePath w = writes;
        return w == null ? 0 : w.buffer().batchCount();
    }

    /** The settings in use (tests and diagnostics). */
    InfluxDbSettings settings() {
        return settings;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        Scheduler.Scheduled t = task;
        if (t != null) {
            t.cancel();
        }
        Scheduler.Scheduled f = flushTask;
        if (f != null) {
            f.cancel();
        }
        WritePath w = writes;
        if (w != null) {
            w.flush();  // gathered lines go to InfluxDB, or to the buffer for the next start
        }
        if (w != null && !w.buffer().isEmpty()) {
            LOG.log(Level.INFO, "{0} samples stay buffered in {1} for the next start",
                w.buffer().lineCount(), w.buffer().dir());
        }
        influx.close();
    }
}
