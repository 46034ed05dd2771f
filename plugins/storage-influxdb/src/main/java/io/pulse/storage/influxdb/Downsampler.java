package io.pulse.storage.influxdb;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The explicit down-sampling run behind {@link io.pulse.spi.storage.Storage#maintain}: it recomputes, with
 * {@code SELECT mean(..) INTO <aggregate> ... GROUP BY time(<interval>), *}, every complete bucket that may have
 * changed since the last run. The continuous query does the same on InfluxDB's own clock for the latest bucket
 * only; this run adds what it cannot: late samples (e.g. replayed from the buffer after an outage) and runs at a
 * chosen "now".
 *
 * <p>Which buckets: the first run after start covers every complete bucket lying wholly inside the raw retention
 * (nothing is known about earlier runs); later runs cover the buckets completed since the previous run plus every
 * bucket this process stored a sample into since then ({@link #delivered}). Each server of a scale-out group
 * re-aggregates the buckets it wrote to; since a run computes a bucket's mean from all raw data of all servers
 * and writes it to the same point, runs by different servers agree and overwrite each other harmlessly.
 *
 * <p>Thread-safe: {@link #delivered} may be called from any thread; {@link #run} is serialised.
 */
final class Downsampler {

    /** Statements per request, so that a large fleet's run is not one giant request. */
    private static final int STATEMENTS_PER_REQUEST = 50;

    private final InfluxDbConnection influx;
    private final Schema schema;
    private final InfluxDbSettings settings;
    private final long bucketMillis;
    /** Start of the earliest bucket stored into since the last run; MIN_VALUE = everything retained; MAX_VALUE = none. */
    private final AtomicLong dirtyFrom = new AtomicLong(Long.MIN_VALUE);
    /** End of the last run's window; guarded by this. */
    private long lastEnd = Long.MIN_VALUE;

    Downsampler(InfluxDbConnection influx, Schema schema, InfluxDbSettings settings) {
        this.influx = influx;
        this.schema = schema;
        this.settings = settings;
        this.bucketMillis = settings.aggregateInterval().toMillis();
    }

    /** InfluxDB stored samples, the earliest at {@code earliestMillis}. */
    void delivered(long earliestMillis) {
        long bucket = Math.floorDiv(earliestMillis, bucketMillis) * bucketMillis;
        dirtyFrom.accumulateAndGet(bucket, Math::min);
    }

    /**
     * Recomputes the buckets that need it as of {@code nowMillis}.
     *
     * @return the window {@code [from, to)} that was recomputed, or null when there was nothing to do
     * @throws InfluxDbConnection.Unreachable     when InfluxDB does not answer (the window is kept for the next run)
     * @throws InfluxDbConnection.StatementFailed when InfluxDB refuses (likewise)
     */
    synchronized long[] run(long nowMillis) {
        long completeEnd = Math.floorDiv(nowMillis, bucketMillis) * bucketMillis;
        long retainedStart = -Math.floorDiv(-(nowMillis - settings.rawRetention().toMillis()), bucketMillis) * bucketMillis;
        long dirty = dirtyFrom.getAndSet(Long.MAX_VALUE);
        long from = Math.max(retainedStart, Math.min(dirty, lastEnd));
        if (dirty >= completeEnd && dirty != Long.MAX_VALUE) {
            // Samples in buckets that are not complete yet: those buckets are due in a later run.
            dirtyFrom.accumulateAndGet(dirty, Math::min);
        }
        if (from >= completeEnd) {
            return null;
        }
        try {
            List<String> stats = schema.storedStats();
            List<String> statements = schema.aggregationStatements(stats, from, completeEnd);
            for (int i = 0; i < statements.size(); i += STATEMENTS_PER_REQUEST) {
                List<String> group = statements.subList(i, Math.min(statements.size(), i + STATEMENTS_PER_REQUEST));
                influx.query(settings.database(), String.join(";\n", group));
            }
        } catch (RuntimeException e) {
            dirtyFrom.accumulateAndGet(Math.min(dirty, from), Math::min);
            throw e;
        }
        lastEnd = Math.max(lastEnd, completeEnd);
        return new long[] {from, completeEnd};
    }
}
