package io.pulse.kernel.relay;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Logs refusals at WARNING at most once per {@link #INTERVAL_NANOS} (with how many were not logged since), and the
 * rest at DEBUG: an operator learns that relays are being refused without a scanner or a misconfigured fleet
 * flooding the log. Thread-safe.
 */
final class RefusalLog {

    /** One WARNING per minute at most. */
    static final long INTERVAL_NANOS = 60_000_000_000L;

    private final System.Logger log;
    private final AtomicLong nextWarning = new AtomicLong(System.nanoTime());
    private final AtomicLong suppressed = new AtomicLong();

    RefusalLog(System.Logger log) {
        this.log = log;
    }

    /** Logs {@code message} (already formatted) at WARNING if the last warning is old enough, else at DEBUG. */
    void refused(String message) {
        long now = System.nanoTime();
        long next = nextWarning.get();
        if (now - next >= 0 && nextWarning.compareAndSet(next, now + INTERVAL_NANOS)) {
            long skipped = suppressed.getAndSet(0);
            log.log(System.Logger.Level.WARNING, skipped == 0 ? message
                : message + " (" + skipped + " more refusal(s) in the last minute, logged at DEBUG)");
        } else {
            suppressed.incrementAndGet();
            log.log(System.Logger.Level.DEBUG, message);
        }
    }
}
