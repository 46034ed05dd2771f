package io.pulse.storage.influxdb;

import io.pulse.spi.metrics.Counter;
import io.pulse.spi.stats.Sample;
import io.pulse.spi.storage.StorageUnavailableException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Gets samples into InfluxDB without losing them while it is unreachable.
 *
 * <p>Each {@link #write} call turns its samples into line protocol and gathers them into the next request's body
 * ({@link PendingLines}); a body goes out when it holds {@code batch-max-points} lines, and otherwise once its first
 * line has waited {@code write-interval}: sent by the write that finds it so, or by the storage's interval task
 * ({@link #flushIfDue}) when no write comes; with an interval of zero at the end of each write. Why gather: InfluxDB 1.x pays per request (HTTP, a WAL append, cache and index locks), and the
 * kernel hands over a write every 200 ms; one request a second of 4,000 points cost InfluxDB and the writing thread
 * about a third less than five of 800 (docs/performance.md, "Fifth round"). The storage flushes before every
 * query, so a sample is visible to queries through Pulse as soon as its write returned; other InfluxDB clients see
 * it within {@code write-interval}. While the link is healthy and nothing is buffered,
 * requests go straight to InfluxDB. When a request fails
 * because InfluxDB is down, slow or lost its schema, that batch and every later one go to the {@link DiskBuffer}
 * instead (appending is a local file write, so ingestion never waits on InfluxDB again), until {@link #replay}
 * has sent the whole buffer, oldest first; then writes go straight to InfluxDB again. Order is kept: while
 * anything is buffered, new batches queue behind it.
 *
 * <p>Replaying a batch twice (e.g. the answer was lost after InfluxDB stored it) is harmless: a point with the
 * same series and time overwrites itself with the same value.
 *
 * <p>Thread-safety: {@link #write} is called by one thread at a time (the storage contract), {@link #replay} by
 * the background task, {@link #flush} by the interval task, queries and close; the gathered body is taken and sent
 * under one lock ({@link #sending}), so bodies reach InfluxDB or the buffer in the order they were gathered; the
 * decision "send directly or append" and the switch back to direct sending happen under
 * one lock, so a batch can never overtake an earlier buffered one. Network I/O happens outside that lock.
 */
final class WritePath {

    private static final System.Logger LOG = System.getLogger(WritePath.class.getName());
    private static final Pattern DROPPED = Pattern.compile("dropped=(\\d+)");
    private static final long DROP_LOG_INTERVAL_MILLIS = 60_000;

    /** Where the link stands, as the write path sees it; implemented by the storage. */
    interface Link {
        /** The schema exists, as far as we know. */
        boolean schemaReady();

        /** InfluxDB failed a request for a reason that may pass. */
        void unreachable(String reason);

        /** InfluxDB no longer has the database or retention policy; the schema must be created again. */
        void schemaMissing(String reason);

        /** A request succeeded. */
        void reachable();
    }

    private final InfluxDbConnection influx;
    private final InfluxDbSettings settings;
    private final DiskBuffer buffer;
    private final Link link;
    private final LongConsumer delivered;
    private final Counter lost;
    /** Whether lines are gathered across writes for {@code write-interval} (else each write sends its own). */
    private final boolean gathering;
    private final long intervalNanos;
    /** The next request's lines. */
    private final PendingLines pending = new PendingLines(new WriteClock());
    /** Held from taking a body to having sent or buffered it, so that bodies keep their order. */
    private final ReentrantLock sending = new ReentrantLock();
    private final Object gate = new Object();
    /** Guarded by {@link #gate}: whether writes may go straight to InfluxDB. */
    private boolean direct;
    private final AtomicLong rejectedByInflux = new AtomicLong();
    private final AtomicLong replayedLines = new AtomicLong();
    private volatile long lastDropLogMillis;
    private long droppedAtLastLog;

    /**
     * @param delivered told the earliest sample time of every batch InfluxDB stored (for re-aggregation)
     * @param lost      counts gathered samples that could neither be sent nor buffered
     */
    WritePath(InfluxDbConnection influx, InfluxDbSettings settings, DiskBuffer buffer, Link link, LongConsumer delivered,
              Counter lost) {
        this.influx = influx;
        this.lost = lost;
        this.gathering = !settings.writeInterval().isZero();
        this.intervalNanos = settings.writeInterval().toNanos();
        this.settings = settings;
        this.buffer = buffer;
        this.link = link;
        this.delivered = delivered;
    }

    /**
     * Stores storable samples (see {@link LineProtocol#whyUnstorable}), directly or through the buffer. The lines are
     * built into the {@link PendingLines} body from the series' cached line starts ({@link SeriesLines}); a body is
     * sent as one raw line-protocol write ({@link InfluxDbConnection#write}) when it holds {@code batch-max-points}
     * lines, and otherwise: with a {@code write-interval} of zero at the end of this call, else at the end of the
     * first call that finds its first line a {@code write-interval} old, or by {@link #flushIfDue} (the storage's
     * interval task) or {@link #flush} (a query, {@code close}).
     *
     * @param prefixes each sample's line start ({@link SeriesLines.Series#prefix}), in the same order
     * @throws StorageUnavailableException with a {@code write-interval} of zero, when InfluxDB could not take a batch
     *         and the buffer could not either (when gathering, such samples are counted as lost instead: they may
     *         come from earlier writes that already returned)
     */
    void write(List<Sample> samples, List<String> prefixes) {
        List<String> failures = new ArrayList<>();
        int limit = settings.batchMaxPoints();
        int from = 0;
        while (from < samples.size()) {
            from = pending.append(samples, prefixes, from, limit);
            if (pending.lines() >= limit) {
                // when gathering, the body may hold earlier writes' samples: a failure is counted, not thrown
                sendPending(gathering).ifPresent(failures::add);
            }
        }
        if (gathering && pending.gatheredFor(intervalNanos)) {
            // sent by the writing thread while writes come (its code is hot); the interval task covers a pause
            sendPending(true);
        }
        if (!gathering) {
            sendPending(false).ifPresent(failures::add);
            if (!failures.isEmpty()) {
                throw new StorageUnavailableException(failures.size() + " batch(es) could not be stored or buffered: " + failures.get(0));
            }
        }
    }

    /**
     * Sends (or buffers) whatever is gathered, due or not. Called before queries and on close; a body that can
     * neither be sent nor buffered is counted as lost and logged.
     */
    void flush() {
        sendPending(true);
    }

    /**
     * Sends what is gathered if it has waited a {@code write-interval} (for the storage's interval task, which
     * covers the time when no writes come).
     */
    void flushIfDue() {
        if (pending.gatheredFor(intervalNanos)) {
            sendPending(true);
        }
    }

    /** Whether lines wait for the next {@link #flush}. */
    boolean hasPending() {
        return !pending.isEmpty();
    }

    /**
     * Takes the gathered body and delivers or buffers it, under {@link #sending} so that bodies go out in the order
     * they were gathered.
     *
     * @param countLost whether a body that could not be buffered either is counted and logged here (else the
     *                  caller reports it)
     * @return why the body could not be stored or buffered, if so
     */
    private Optional<String> sendPending(boolean countLost) {
        sending.lock();
        try {
            PendingLines.Body body = pending.take();
            if (body == null) {
                return Optional.empty();
            }
            Optional<String> failure = deliverOrBuffer(body.text(), body.lines(), body.earliestMillis());
            if (failure.isPresent() && countLost) {
                lost.add(body.lines());
                LOG.log(Level.ERROR, "{0} samples are lost: {1}", body.lines(), failure.get());
            }
            return failure;
        } finally {
            sending.unlock();
        }
    }

    private Optional<String> deliverOrBuffer(String body, int lines, long earliest) {
        boolean sendNow;
        synchronized (gate) {
            sendNow = direct && link.schemaReady();
            if (!sendNow) {
                return append(body, lines);
            }
        }
        InfluxDbConnection.WriteResult result = influx.write(settings.database(), settings.rawPolicy(), body);
        switch (result.status()) {
            case STORED -> {
                delivered.accept(earliest);
                return Optional.empty();
            }
            case PARTIALLY_STORED -> {
                delivered.accept(earliest);
                countRejected(result.detail(), lines);
                return Optional.empty();
            }
            case SCHEMA_MISSING -> link.schemaMissing(result.detail());
            case RETRY -> link.unreachable(refusal(result));
        }
        synchronized (gate) {
            direct = false;
            return append(body, lines);
        }
    }

    /** Appends under {@link #gate}; returns a failure description when the batch could not be buffered. */
    private Optional<String> append(String body, int lines) {
        try {
            DiskBuffer.Added added = buffer.add(body, lines);
            if (added.droppedLines() > 0) {
                logDrops();
            }
            return Optional.empty();
        } catch (IOException e) {
            return Optional.of("cannot write to the buffer in " + buffer.dir() + ": " + InfluxDbConnection.describe(e));
        }
    }

    private void logDrops() {
        long now = System.currentTimeMillis();
        if (now - lastDropLogMillis < DROP_LOG_INTERVAL_MILLIS) {
            return;
        }
        long total = buffer.droppedLines();
        LOG.log(Level.WARNING, "InfluxDB buffer {0} is full ({1} bytes): dropped {2} of the oldest samples ({3} since start)",
            buffer.dir(), buffer.maxBytes(), total - droppedAtLastLog, total);
        droppedAtLastLog = total;
        lastDropLogMillis = now;
    }

    /**
     * Sends buffered batches, oldest first, until the buffer is empty or InfluxDB fails; when it is empty, writes
     * go straight to InfluxDB again.
     *
     * @return true when the buffer is empty and writes go directly
     */
    boolean replay() {
        long sent = 0;
        while (link.schemaReady()) {
            Optional<DiskBuffer.Batch> next = buffer.beginReplay();
            if (next.isEmpty()) {
                break;
            }
            DiskBuffer.Batch batch = next.get();
            String body;
            try {
                body = batch.read();
            } catch (UncheckedIOException e) {
                LOG.log(Level.ERROR, "dropping unreadable buffered batch ({0} samples): {1}", batch.lines(), e.getMessage());
                removeQuietly(batch);
                continue;
            }
            InfluxDbConnection.WriteResult result = influx.write(settings.database(), settings.rawPolicy(), body);
            switch (result.status()) {
                case STORED, PARTIALLY_STORED -> {
                    removeQuietly(batch);
                    if (result.status() == InfluxDbConnection.WriteStatus.PARTIALLY_STORED) {
                        countRejected(result.detail(), batch.lines());
                    }
                    delivered.accept(earliest(body));
                    sent += batch.lines();
                    replayedLines.addAndGet(batch.lines());
                }
                case SCHEMA_MISSING -> {
                    buffer.endReplay();
                    link.schemaMissing(result.detail());
                    logReplayed(sent, false);
                    return false;
                }
                case RETRY -> {
                    buffer.endReplay();
                    link.unreachable(refusal(result));
                    logReplayed(sent, false);
                    return false;
                }
            }
        }
        if (!link.schemaReady()) {
            return false;
        }
        synchronized (gate) {
            if (buffer.isEmpty()) {
                if (!direct && sent > 0) {
                    logReplayed(sent, true);
                }
                direct = true;
                link.reachable();
                return true;
            }
            return false;
        }
    }

    private String refusal(InfluxDbConnection.WriteResult result) {
        return "InfluxDB at " + influx.address() + " did not take a write: " + result.detail();
    }

    private void logReplayed(long sent, boolean done) {
        if (sent > 0) {
            LOG.log(Level.INFO, "replayed {0} buffered samples to InfluxDB at {1}{2}", sent, influx.address(),
                done ? "; buffer empty, writing directly again" : "; " + buffer.lineCount() + " still buffered");
        }
    }

    /** Stops direct writes (the link went down); the next successful {@link #replay} resumes them. */
    void suspendDirect() {
        synchronized (gate) {
            direct = false;
        }
    }

    private void removeQuietly(DiskBuffer.Batch batch) {
        try {
            buffer.remove(batch);
        } catch (IOException e) {
            LOG.log(Level.ERROR, "cannot delete replayed buffer file {0}: {1}", batch.file(), e.getMessage());
        }
    }

    private void countRejected(String detail, int lines) {
        Matcher m = DROPPED.matcher(detail);
        long dropped = m.find() ? Long.parseLong(m.group(1)) : 0;
        rejectedByInflux.addAndGet(dropped);
        LOG.log(Level.WARNING, "InfluxDB refused {0} of {1} samples for good: {2}", dropped, lines, detail);
    }

    private static long earliest(String body) {
        long earliest = Long.MAX_VALUE;
        int start = 0;
        while (start < body.length()) {
            int end = body.indexOf('\n', start);
            if (end < 0) {
                end = body.length();
            }
            if (end > start) {
                earliest = Math.min(earliest, LineProtocol.millisOf(body.substring(start, end)));
            }
            start = end + 1;
        }
        return earliest;
    }

    /** Samples InfluxDB refused for good (partial writes), since start. */
    long rejectedByInflux() {
        return rejectedByInflux.get();
    }

    /** Samples replayed from the buffer, since start. */
    long replayedLines() {
        return replayedLines.get();
    }

    DiskBuffer buffer() {
        return buffer;
    }
}
