package io.pulse.api.http.json;

import io.pulse.spi.frontend.PollOverride;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A poll override in force, for {@code POST /overrides} and {@code GET /overrides}: when it started and ends (ms since
 * the epoch), and each collector's poll interval in seconds.
 *
 * @param collectors collector name to its interval in seconds, sorted by name
 * @param started    when it started
 * @param until      when it ends
 */
public record OverrideBody(Map<String, Long> collectors, long started, long until) {

    /** The API's view of an override. */
    public static OverrideBody of(PollOverride override) {
        Map<String, Long> seconds = new LinkedHashMap<>();
        override.collectors().forEach((name, interval) -> seconds.put(name, interval.toSeconds()));
        return new OverrideBody(seconds, override.started().toEpochMilli(), override.until().toEpochMilli());
    }
}
