package io.pulse.spi;

import java.time.Duration;
import java.util.Objects;

/**
 * The server-wide settings every component may need, already validated. They are the kernel's own options; nothing
 * secret is here.
 *
 * @param pollInterval      how often each relay is asked for its stats ({@code --poll-interval}, default 60 s);
 *                          also the bucket of {@code latest} queries
 * @param beatInterval      the relay heartbeat ({@code --beat-interval}, default 30 s)
 * @param aggregateInterval the down-sampling bucket ({@code --aggregate-interval}, default 15 min)
 * @param retention         how long down-sampled data is kept ({@code --retention} weeks, default 1 week)
 * @param rawRetention      how long raw samples are kept ({@code --raw-retention}, default 8 h, the original's
 *                          {@code one_day} policy)
 * @param version           the Pulse version, e.g. {@code 0.2.0}
 */
@Api
public record ServerSettings(Duration pollInterval, Duration beatInterval, Duration aggregateInterval,
                             Duration retention, Duration rawRetention, String version) {
    /** Checks and normalises the components; see the class comment. */
    public ServerSettings {
        Objects.requireNonNull(pollInterval, "pollInterval");
        Objects.requireNonNull(beatInterval, "beatInterval");
        Objects.requireNonNull(aggregateInterval, "aggregateInterval");
        Objects.requireNonNull(retention, "retention");
        Objects.requireNonNull(rawRetention, "rawRetention");
        Objects.requireNonNull(version, "version");
    }
}
