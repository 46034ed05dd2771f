package io.pulse.spi.storage;

import io.pulse.spi.Api;

import java.time.Duration;
import java.util.Objects;

/**
 * The latest value of a stat ({@code GET /latest/{stat}}), as the original computed it:
 * raw samples with time in {@code (now - 2 * interval, now]} are grouped into epoch-aligned buckets of
 * {@code interval}; the answer is the most recent bucket for which the verb gives a value, over all matching
 * series together, timed at the bucket's start.
 *
 * @param stat        the stat name
 * @param aggregation the verb
 * @param filter      which series
 * @param interval    the bucket, normally the poll interval
 * @param nowMillis   "now", ms since the epoch
 */
@Api
public record LatestQuery(String stat, Aggregation aggregation, TagFilter filter, Duration interval, long nowMillis) {
    /** Checks and normalises the components; see the class comment. */
    public LatestQuery {
        Objects.requireNonNull(stat, "stat");
        Objects.requireNonNull(aggregation, "aggregation");
        Objects.requireNonNull(filter, "filter");
        if (interval.toMillis() <= 0) {
            throw new IllegalArgumentException("interval must be positive, got " + interval);
        }
    }

    /** {@return start of the window, exclusive} */
    public long fromMillis() {
        return nowMillis - 2 * interval.toMillis();
    }
}
