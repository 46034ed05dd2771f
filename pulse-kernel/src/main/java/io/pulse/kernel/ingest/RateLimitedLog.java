package io.pulse.kernel.ingest;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A log line that repeats at most once per period, saying how many were suppressed in between, so a flood of
 * the same trouble (a full queue, a failing backend) stays readable and cheap.
 *
 * <p>Thread-safe.
 */
final class RateLimitedLog {

    private final System.Logger logger;
    private final System.Logger.Level level;
    private final long periodNanos;
    private final AtomicLong nextAllowedNanos;
    private final AtomicLong suppressed = new AtomicLong();

    RateLimitedLog(System.Logger logger, System.Logger.Level level, Duration period) {
        this.logger = logger;
        this.level = level;
        this.periodNanos = period.toNanos();
        this.nextAllowedNanos = new AtomicLong(System.nanoTime());
    }

    /** Logs the message now, or counts it as suppressed if one was logged less than a period ago. */
    void log(String message, Throwable error) {
        if (!logger.isLoggable(level)) {
            return;
        }
        long now = System.nanoTime();
        long allowed = nextAllowedNanos.get();
        if (now - allowed < 0 || !nextAllowedNanos.compareAndSet(allowed, now + periodNanos)) {
            suppressed.incrementAndGet();
            return;
        }
        long skipped = suppressed.getAndSet(0);
        String text = skipped == 0 ? message : message + " (" + skipped + " similar messages suppressed)";
        if (error == null) {
            logger.log(level, text);
        } else {
            logger.log(level, text, error);
        }
    }
}
