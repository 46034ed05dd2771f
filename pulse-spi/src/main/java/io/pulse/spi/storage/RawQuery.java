package io.pulse.spi.storage;

import io.pulse.spi.Api;

import java.util.List;
import java.util.Objects;

/**
 * The newest raw samples of a stat ({@code GET /latest/{stat}?verb=none}): raw samples of the matching series with
 * time in {@code (fromMillis, toMillis]}, newest first, at most {@code limit}; ties in time are ordered by series
 * tags, ascending. Each row carries the values of {@code columns} (tag keys) for its series.
 *
 * @param stat       the stat name
 * @param filter     which series
 * @param columns    tag keys to return with each row
 * @param limit      the most rows to return, at least 1
 * @param fromMillis window start, exclusive
 * @param toMillis   window end, inclusive
 */
@Api
public record RawQuery(String stat, TagFilter filter, List<String> columns, int limit, long fromMillis, long toMillis) {
    /** Checks and normalises the components; see the class comment. */
    public RawQuery {
        Objects.requireNonNull(stat, "stat");
        Objects.requireNonNull(filter, "filter");
        columns = List.copyOf(columns);
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1, got " + limit);
        }
        if (toMillis < fromMillis) {
            throw new IllegalArgumentException("window end " + toMillis + " is before its start " + fromMillis);
        }
    }
}
