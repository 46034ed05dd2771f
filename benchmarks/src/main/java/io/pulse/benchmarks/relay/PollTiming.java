package io.pulse.benchmarks.relay;

import java.util.Locale;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * How punctually the server polls, seen from the relays: within a measuring window, every {@code get} a relay
 * receives is counted, and the gap since its previous {@code get} is compared with the poll interval. Lateness is
 * {@code gap - interval} (0 when early), in a histogram of 1 ms buckets up to 60 s; a relay's first get in the window
 * only sets its reference point. The window is in seconds after the fleet started, so the ramp-up is left out.
 *
 * <p>Thread-safe: each relay has its own {@link Relay} (one thread), the histogram is atomic.
 */
final class PollTiming {

    private static final int BUCKETS = 60_001;

    private final long intervalNanos;
    private final long fromOffsetNanos;
    private final long lengthNanos;
    private final AtomicLongArray latenessMillis = new AtomicLongArray(BUCKETS);
    private final LongAdder polls = new LongAdder();
    private volatile long windowStart = Long.MAX_VALUE;

    PollTiming(long intervalMillis, int fromSeconds, int seconds) {
        this.intervalNanos = intervalMillis * 1_000_000L;
        this.fromOffsetNanos = fromSeconds * 1_000_000_000L;
        this.lengthNanos = seconds * 1_000_000_000L;
    }

    void startedAt(long nanos) {
        windowStart = nanos + fromOffsetNanos;
    }

    Relay newRelay() {
        return new Relay();
    }

    /** One relay's view: the time of its previous get. */
    final class Relay {
        private long previous = Long.MIN_VALUE;

        void polled(long now) {
            long start = windowStart;
            if (now - start < 0 || now - start >= lengthNanos) {
                previous = Long.MIN_VALUE;
                return;
            }
            polls.increment();
            if (previous != Long.MIN_VALUE) {
                long late = Math.max(0, (now - previous) - intervalNanos) / 1_000_000L;
                latenessMillis.incrementAndGet((int) Math.min(late, BUCKETS - 1));
            }
            previous = now;
        }
    }

    /** Polls received in the window, the polls a punctual server would have sent, and lateness percentiles. */
    String json(int relays) {
        long expected = relays * (lengthNanos / intervalNanos);
        return String.format(Locale.ROOT,
            "{\"polls_answered\":%d,\"polls_expected\":%d,\"poll_lateness_p50_ms\":%d,\"poll_lateness_p99_ms\":%d,"
                + "\"poll_lateness_max_ms\":%d}",
            polls.sum(), expected, percentile(0.50), percentile(0.99), percentile(1.0));
    }

    private long percentile(double p) {
        long total = 0;
        for (int i = 0; i < BUCKETS; i++) {
            total += latenessMillis.get(i);
        }
        if (total == 0) {
            return -1;
        }
        long rank = Math.max(1, (long) Math.ceil(p * total));
        long seen = 0;
        for (int i = 0; i < BUCKETS; i++) {
            seen += latenessMillis.get(i);
            if (seen >= rank) {
                return i;
            }
        }
        return BUCKETS - 1;
    }
}
