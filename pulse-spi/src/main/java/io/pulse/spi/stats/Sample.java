package io.pulse.spi.stats;

import io.pulse.spi.Api;

import java.util.Objects;

/**
 * One measured value of one stat of one series.
 *
 * @param stat       the stat name, e.g. {@code cpu_used} (the part after {@code -} in a relay's {@code got} item);
 *                   never empty
 * @param tags       the series' tags, {@code host} included
 * @param timeMillis when the server received it, milliseconds since the epoch
 * @param value      the value; always finite (the kernel never passes NaN or infinities on)
 */
@Api
public record Sample(String stat, Tags tags, long timeMillis, double value) {
    /** Checks and normalises the components; see the class comment. */
    public Sample {
        Objects.requireNonNull(stat, "stat");
        Objects.requireNonNull(tags, "tags");
        if (stat.isEmpty()) {
            throw new IllegalArgumentException("stat name must not be empty");
        }
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("sample values must be finite, got " + value + " for " + stat);
        }
    }
}
