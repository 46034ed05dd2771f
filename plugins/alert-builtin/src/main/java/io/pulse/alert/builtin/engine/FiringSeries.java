package io.pulse.alert.builtin.engine;

import io.pulse.spi.stats.Tags;

import java.util.Objects;

/**
 * A series that is firing, as kept across restarts: which series, at which level, since when. Series that are OK are
 * not stored (OK is every series' state until proven otherwise).
 *
 * @param tags        the series' tags
 * @param level       the level it fires at, never {@link Level#OK}
 * @param sinceMillis when the incident started
 */
public record FiringSeries(Tags tags, Level level, long sinceMillis) {
    public FiringSeries {
        Objects.requireNonNull(tags, "tags");
        Objects.requireNonNull(level, "level");
        if (level == Level.OK) {
            throw new IllegalArgumentException("a firing series cannot be OK");
        }
    }
}
