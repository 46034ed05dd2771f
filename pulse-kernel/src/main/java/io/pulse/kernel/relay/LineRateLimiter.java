package io.pulse.kernel.relay;

/**
 * A token bucket for the lines of one connection: {@code ratePerSecond} lines a second sustained, and up to
 * {@code burst} at once after a quiet spell. Kept as the time the bucket would be full again (the generic cell rate
 * algorithm), so it is a few integer operations per line and never allocates.
 *
 * <p>Not thread-safe: owned by the thread that reads the connection.
 */
final class LineRateLimiter {

    /** Nanoseconds one line costs. */
    private final long lineCostNanos;
    /** How far ahead of now the accounted time may run: the whole burst's cost. */
    private final long toleranceNanos;
    /** When the bucket would be full again if no more lines came. */
    private long fullAt;

    /**
     * @param ratePerSecond lines a second sustained; 1 to 1,000,000,000
     * @param burst         lines accepted at once from a full bucket; at least 1
     * @param nowNanos      the current {@link System#nanoTime()}: the bucket starts full
     */
    LineRateLimiter(int ratePerSecond, long burst, long nowNanos) {
        if (ratePerSecond < 1 || ratePerSecond > 1_000_000_000) {
            throw new IllegalArgumentException("rate must be 1 to 1000000000 lines a second, got " + ratePerSecond);
        }
        if (burst < 1) {
            throw new IllegalArgumentException("burst must be at least 1 line, got " + burst);
        }
        this.lineCostNanos = 1_000_000_000L / ratePerSecond;
        this.toleranceNanos = Math.multiplyExact(burst, lineCostNanos);
        this.fullAt = nowNanos;
    }

    /**
     * Takes one line's worth from the bucket if there is one.
     *
     * @param nowNanos the current {@link System#nanoTime()}
     * @return false when the bucket is empty: the line is over the rate (and was not accounted)
     */
    boolean admit(long nowNanos) {
        long next = Math.max(fullAt - nowNanos, 0) + lineCostNanos;
        if (next > toleranceNanos) {
            return false;
        }
        fullAt = nowNanos + next;
        return true;
    }
}
