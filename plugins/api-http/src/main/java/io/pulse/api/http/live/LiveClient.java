package io.pulse.api.http.live;

import io.pulse.api.http.json.LiveEvent;
import io.pulse.api.http.json.Json;
import io.pulse.api.http.query.StatParameters.Selection;
import io.pulse.spi.stats.Sample;
import io.pulse.spi.stats.SampleBatch;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * One {@code GET /live} client's bounded queue of encoded events, between the kernel's delivery thread (the
 * {@link #accept listener}: filters, encodes, queues, never blocks) and the request's thread (which takes events
 * and writes them to the socket, and may block on a slow client). When the queue is full the oldest event is
 * dropped and counted, so a slow client only ever loses its own events.
 *
 * <p>Thread-safe: one lock guards the queue, the counters and the closed flag.
 */
final class LiveClient implements Consumer<SampleBatch> {

    private final Selection selection;
    private final Json json;
    private final int capacity;
    private final ArrayDeque<String> queue = new ArrayDeque<>();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private long sent;
    private long dropped;
    private boolean closed;

    LiveClient(Selection selection, Json json, int capacity) {
        this.selection = selection;
        this.json = json;
        this.capacity = capacity;
    }

    /** Queues the selected samples of {@code batch}; runs on the kernel's delivery thread. */
    @Override
    public void accept(SampleBatch batch) {
        for (Sample s : batch.samples()) {
            if (selection.matches(s.stat(), s.tags())) {
                // Encoded here, off the request thread, so that a slow socket holds strings rather than samples.
                offer(encode(s));
            }
        }
    }

    private String encode(Sample s) {
        byte[] line = json.write(new LiveEvent(s.stat(), s.tags().asMap(), s.timeMillis(), s.value()));
        // Json.write ends with '\n'; an SSE data line must not contain one.
        return new String(line, 0, line.length - 1, StandardCharsets.UTF_8);
    }

    private void offer(String event) {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            if (queue.size() == capacity) {
                queue.pollFirst();
                dropped++;
            }
            queue.addLast(event);
            changed.signal();
        } finally {
            lock.unlock();
        }
    }

    /**
     * The next event, waiting at most {@code timeout}; null when none came in time or the client is closed.
     *
     * @throws InterruptedException when the request's thread is interrupted
     */
    String next(Duration timeout) throws InterruptedException {
        long nanos = timeout.toNanos();
        lock.lock();
        try {
            while (queue.isEmpty() && !closed) {
                if (nanos <= 0) {
                    return null;
                }
                nanos = changed.awaitNanos(nanos);
            }
            if (closed) {
                return null;
            }
            sent++;
            return queue.pollFirst();
        } finally {
            lock.unlock();
        }
    }

    /** Whether {@link #close()} was called. */
    boolean isClosed() {
        lock.lock();
        try {
            return closed;
        } finally {
            lock.unlock();
        }
    }

    /** Events taken for sending. */
    long sent() {
        lock.lock();
        try {
            return sent;
        } finally {
            lock.unlock();
        }
    }

    /** Events dropped because this client's queue was full. */
    long dropped() {
        lock.lock();
        try {
            return dropped;
        } finally {
            lock.unlock();
        }
    }

    /** Discards what is queued and wakes the request's thread. Idempotent. */
    void close() {
        lock.lock();
        try {
            closed = true;
            queue.clear();
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }
}
