package io.pulse.relay;

import java.time.Duration;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * Exponential backoff with jitter for reconnection attempts: {@code initial * 2^failures}, capped at {@code max},
 * then spread by {@code +-jitter} (a fraction) so that a fleet of relays does not reconnect in lock step after a
 * server restart.
 *
 * <p>Immutable apart from the random generator it draws from; {@link #delay} may be called from any thread if the
 * generator may (the default one, {@link java.util.concurrent.ThreadLocalRandom}, is fetched per call).
 */
final class Backoff {

    private final Duration initial;
    private final Duration max;
    private final double jitter;
    private final RandomGenerator random;

    /**
     * @param initial delay after the first failure, positive
     * @param max     largest delay before jitter, at least {@code initial}
     * @param jitter  spread as a fraction of the delay, in {@code [0, 1)}
     * @param random  source of the spread; null means {@link java.util.concurrent.ThreadLocalRandom}
     */
    Backoff(Duration initial, Duration max, double jitter, RandomGenerator random) {
        this.initial = Objects.requireNonNull(initial, "initial");
        this.max = Objects.requireNonNull(max, "max");
        if (initial.isNegative() || initial.isZero()) {
            throw new IllegalArgumentException("backoff initial delay must be positive: " + initial);
        }
        if (max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("backoff maximum " + max + " is smaller than the initial delay " + initial);
        }
        if (!(jitter >= 0 && jitter < 1)) {
            throw new IllegalArgumentException("backoff jitter must be in [0, 1): " + jitter);
        }
        this.jitter = jitter;
        this.random = random;
    }

    /** The delay cap before jitter; a connection that stayed up this long resets the failure count. */
    Duration max() {
        return max;
    }

    /**
     * @param failures consecutive failures so far (0 for the first retry)
     * @return how long to wait before the next attempt
     */
    Duration delay(int failures) {
        long maxNanos = max.toNanos();
        long nanos = initial.toNanos();
        for (int i = 0; i < failures && nanos < maxNanos; i++) {
            nanos = nanos > maxNanos / 2 ? maxNanos : nanos * 2;
        }
        nanos = Math.min(nanos, maxNanos);
        RandomGenerator source = random != null ? random : java.util.concurrent.ThreadLocalRandom.current();
        double spread = jitter == 0 ? 1 : 1 + jitter * (2 * source.nextDouble() - 1);
        return Duration.ofNanos(Math.round(nanos * spread));
    }
}
