package io.pulse.spi.storage;

import io.pulse.spi.Api;

import java.time.Duration;
import java.util.Objects;

/**
 * A stat over a time range, one value per bucket ({@code GET /hourly} reads {@link Source#AGGREGATED} data in 1 h
 * buckets; {@code GET /daily} in 15 min buckets, folded into slots of the day by the front end).
 *
 * <p>Values with time in {@code (fromMillis, toMillis)} from the matching series of {@code source} are grouped into
 * buckets aligned to the epoch ({@code start = floor(t / bucket) * bucket}); the verb is applied per bucket over all
 * matching series together. The result is ascending by time. A bucket for which the verb gives no value (see
 * {@link Aggregation#apply}) counts as empty. With {@link Fill#NONE} only buckets with a value are returned;
 * otherwise every bucket from the one containing {@code fromMillis} to the last one starting before
 * {@code toMillis} is returned, empty ones carrying the fill value. When no bucket of the range has a value the
 * result is empty whatever the fill (InfluxDB 1.x answers so, and the original's {@code backfill} inherited it).
 *
 * @param stat        the stat name
 * @param aggregation the verb applied per bucket
 * @param filter      which series
 * @param source      raw or down-sampled data
 * @param fromMillis  range start, exclusive
 * @param toMillis    range end, exclusive
 * @param bucket      bucket width, positive
 * @param fill        what empty buckets get
 */
@Api
public record RangeQuery(String stat, Aggregation aggregation, TagFilter filter, Source source,
                         long fromMillis, long toMillis, Duration bucket, Fill fill) {
    /** Checks and normalises the components; see the class comment. */
    public RangeQuery {
        Objects.requireNonNull(stat, "stat");
        Objects.requireNonNull(aggregation, "aggregation");
        Objects.requireNonNull(filter, "filter");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(fill, "fill");
        if (bucket.toMillis() <= 0) {
            throw new IllegalArgumentException("bucket must be positive, got " + bucket);
        }
        if (toMillis < fromMillis) {
            throw new IllegalArgumentException("range end " + toMillis + " is before its start " + fromMillis);
        }
    }
}
