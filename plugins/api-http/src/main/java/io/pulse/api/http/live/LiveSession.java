package io.pulse.api.http.live;

import io.pulse.spi.stats.SampleSubscription;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * One open {@code GET /live} stream: its feed subscription and its queue. The request's thread takes events with
 * {@link #next}; {@link #close()} (by that thread when the client is gone, or by the front end when it stops) ends
 * the subscription and frees the client's slot. Thread-safe.
 */
public final class LiveSession implements AutoCloseable {

    private final String name;
    private final LiveClient client;
    private final SampleSubscription subscription;
    private final Consumer<LiveSession> onClose;
    private final AtomicBoolean closed = new AtomicBoolean();
    /** When the current socket write began ({@link System#nanoTime()}), or 0 between writes. */
    private volatile long writingSince;
    private volatile Thread writer;

    LiveSession(String name, LiveClient client, SampleSubscription subscription, Consumer<LiveSession> onClose) {
        this.name = name;
        this.client = client;
        this.subscription = subscription;
        this.onClose = onClose;
    }

    /** The subscription's name, {@code live-<n>}. */
    public String name() {
        return name;
    }

    /**
     * The next event's JSON, waiting at most {@code timeout}; null when none came in time (time for a heartbeat)
     * or the session is closed (see {@link #isOpen()}).
     */
    public String next(Duration timeout) throws InterruptedException {
        return client.next(timeout);
    }

    /** Whether the stream should go on. */
    public boolean isOpen() {
        return !client.isClosed();
    }

    /** Events this client lost: dropped from its own queue plus batches the kernel dropped for it. */
    public long dropped() {
        return client.dropped() + subscription.dropped();
    }

    /** Events taken for sending. */
    public long sent() {
        return client.sent();
    }

    /**
     * Writes with {@code write} on the calling thread, marked as in progress so that {@link #stalledFor} can see a
     * client that stopped reading (its write blocks once the socket buffers are full).
     */
    public void writing(Runnable write) {
        writer = Thread.currentThread();
        writingSince = Math.max(1, System.nanoTime());
        try {
            write.run();
        } finally {
            writingSince = 0;
        }
    }

    /** How long the current write has been blocked, in nanoseconds at {@code nowNanos}; 0 when not writing. */
    long stalledFor(long nowNanos) {
        long since = writingSince;
        return since == 0 ? 0 : nowNanos - since;
    }

    /**
     * Cuts off a client whose write is stuck: closes the session and interrupts the writing (virtual) thread, which
     * makes the JDK close the socket and fail the blocked write, so the request ends.
     */
    void abort() {
        close();
        Thread t = writer;
        if (t != null && writingSince != 0) {
            t.interrupt();
        }
    }

    /** Unsubscribes and frees the slot. Idempotent. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            client.close();
            subscription.close();
            onClose.accept(this);
        }
    }
}
