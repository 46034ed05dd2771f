package io.pulse.spi.frontend;

import io.pulse.spi.Api;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A temporary change of poll interval for some collectors.
 *
 * @param collectors collector name to its poll interval during the override, sorted by name
 * @param started    when it started
 * @param until      when it ends
 */
@Api
public record PollOverride(Map<String, Duration> collectors, Instant started, Instant until) {
    /** Checks and normalises the components; see the class comment. */
    public PollOverride {
        collectors = java.util.Collections.unmodifiableMap(new TreeMap<>(collectors));
        Objects.requireNonNull(started, "started");
        Objects.requireNonNull(until, "until");
    }
}
