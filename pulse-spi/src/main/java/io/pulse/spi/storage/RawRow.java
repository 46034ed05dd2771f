package io.pulse.spi.storage;

import io.pulse.spi.Api;

import java.util.Map;

/**
 * One raw sample as returned for {@code verb=none}: its time, value, and the requested tag columns.
 *
 * @param timeMillis the sample's time, ms since the epoch
 * @param value      the sample's value
 * @param columns    the requested tag keys to the sample's values for them (in request order; a key the series
 *                   lacks maps to {@code ""})
 */
@Api
public record RawRow(long timeMillis, double value, Map<String, String> columns) {
    /** Checks and normalises the components; see the class comment. */
    public RawRow {
        columns = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(columns));
    }
}
