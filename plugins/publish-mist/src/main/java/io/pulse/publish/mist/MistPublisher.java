package io.pulse.publish.mist;

import io.pulse.spi.Health;
import io.pulse.spi.publish.LivePublisher;
import io.pulse.spi.stats.SampleBatch;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Publishes each sample to Mist as it arrives. A connector thread of its own connects, keeps the connection alive
 * with pings and reconnects with {@link Backoff backoff}; {@link #publish} only writes to the current connection.
 *
 * <p>Nothing is buffered here: while there is no connection, {@link #publish} drops the batch's messages and counts
 * them (Mist keeps no history either, so late values would only confuse live views). A write that fails or outlasts
 * the write timeout closes the connection and drops the rest of that batch. The kernel's bounded per-publisher queue
 * stands between ingestion and this class, so a slow Mist costs at most that queue.
 *
 * <p>Thread-safe: {@link #publish} is called by the kernel's thread for this publisher, {@link #health} by anyone,
 * the connector runs alone; they share only volatile and atomic fields.
 */
final class MistPublisher implements LivePublisher {

    private static final System.Logger LOG = System.getLogger(MistPublisher.class.getName());

    private final MistSettings settings;
    private final Backoff backoff;
    private final AtomicLong published = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final Object sleeper = new Object();
    private volatile MistConnection connection;
    private volatile String downReason = "not started";
    private volatile boolean closed;
    private volatile Thread connector;

    MistPublisher(MistSettings settings, Backoff backoff) {
        this.settings = settings;
        this.backoff = backoff;
    }

    /** Starts connecting in the background: an unreachable Mist must not stop Pulse from starting. */
    @Override
    public void start() {
        connector = Thread.ofVirtual().name("mist-connector").start(this::connectLoop);
    }

    @Override
    public void publish(SampleBatch batch) {
        int messages = batch.samples().size();
        MistConnection current = connection;
        if (current == null || messages == 0) {
            dropped.addAndGet(messages);
            return;
        }
        try {
            current.write(MistMessages.publishes(batch));
            published.addAndGet(messages);
        } catch (IOException e) {
            // Part of the batch may have reached Mist; with no acknowledgement there is no knowing, so all count.
            dropped.addAndGet(messages);
        }
    }

    /** Messages written to Mist. */
    long published() {
        return published.get();
    }

    /** Messages dropped because there was no working connection. */
    long dropped() {
        return dropped.get();
    }

    @Override
    public Health health() {
        String counts = published.get() + " messages published, " + dropped.get() + " dropped";
        if (connection != null) {
            return Health.up("connected to Mist at " + settings.address() + "; " + counts);
        }
        return Health.down("not connected to Mist at " + settings.address() + ": " + downReason
            + "; reconnecting; " + counts + " while disconnected");
    }

    @Override
    public void close() {
        closed = true;
        synchronized (sleeper) {
            sleeper.notifyAll();
        }
        MistConnection current = connection;
        connection = null;
        if (current != null) {
            current.close("Pulse is stopping");
        }
        Thread thread = connector;
        if (thread != null) {
            thread.interrupt();
            try {
                thread.join(Duration.ofSeconds(2));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        downReason = "stopped";
    }

    private void connectLoop() {
        int failures = 0;
        while (!closed) {
            MistConnection opened;
            try {
                opened = MistConnection.open(settings);
            } catch (IOException e) {
                failures++;
                String reason = e.getMessage() == null ? e.toString() : e.getMessage();
                if (failures == 1 || !reason.equals(downReason)) {
                    LOG.log(System.Logger.Level.WARNING, "cannot connect to Mist at " + settings.address() + ": "
                        + reason + "; retrying with backoff");
                }
                downReason = reason;
                pause(backoff.delay(failures));
                continue;
            } catch (InterruptedException e) {
                return;
            }
            failures = 0;
            if (closed) {
                opened.close("Pulse is stopping");
                return;
            }
            connection = opened;
            LOG.log(System.Logger.Level.INFO, "publishing to Mist at " + settings.address()
                + (settings.hasToken() ? " (authenticated)" : ""));
            String reason = keepAlive(opened);
            connection = null;
            if (closed) {
                return;
            }
            downReason = reason;
            LOG.log(System.Logger.Level.WARNING, "lost the connection to Mist at " + settings.address() + ": "
                + reason + "; reconnecting, dropping live values meanwhile");
            pause(backoff.delay(1));
        }
    }

    /** Pings every keep-alive interval until the connection dies; returns why it did. */
    private String keepAlive(MistConnection current) {
        try {
            while (!closed && !current.awaitClosed(settings.keepalive())) {
                current.keepAlive();
            }
        } catch (InterruptedException e) {
            current.close("Pulse is stopping");
        }
        String reason = current.closeReason();
        return reason == null ? "closed" : reason;
    }

    private void pause(Duration delay) {
        long deadline = System.nanoTime() + delay.toNanos();
        synchronized (sleeper) {
            while (!closed) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return;
                }
                try {
                    java.util.concurrent.TimeUnit.NANOSECONDS.timedWait(sleeper, left);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }
}
