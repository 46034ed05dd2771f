package io.pulse.publish.mist;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Delays between reconnection attempts: {@code first * 2^(attempt-1)}, capped at {@code max}, of which a random part up to a
 * half is taken away ("equal jitter"), so many servers that lost one Mist do not all come back at the same instant,
 * yet each waits at least half the nominal delay.
 */
final class Backoff {

    private final long firstMillis;
    private final long maxMillis;
    private final RandomGenerator random;

    Backoff(Duration first, Duration max, RandomGenerator random) {
        this.firstMillis = Math.max(1, first.toMillis());
        this.maxMillis = Math.max(firstMillis, max.toMillis());
        this.random = random;
    }

    /** The delay before attempt {@code failures + 1}, after {@code failures} (at least 1) failed ones. */
    Duration delay(int failures) {
        int doublings = Math.min(Math.max(failures, 1) - 1, 30);
        long nominal = Math.min(maxMillis, firstMillis << doublings);
        long half = nominal / 2;
        return Duration.ofMillis(nominal - half + (half == 0 ? 0 : random.nextLong(half + 1)));
    }
}
