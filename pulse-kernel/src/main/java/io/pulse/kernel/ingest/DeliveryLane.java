package io.pulse.kernel.ingest;

import io.pulse.spi.stats.SampleBatch;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * One consumer of live batches (a live publisher or a front-end subscriber) behind its own bounded queue and its own
 * virtual thread. A slow consumer loses its own oldest batches (counted) and never slows ingestion, storage or any
 * other consumer; a consumer that throws is logged (rate-limited) and counted and gets the next batch anyway.
 *
 * <p>Thread-safe: {@link #offer} from any thread; the handler is called from the lane's thread only, one batch at a
 * time, in arrival order.
 */
final class DeliveryLane {

    /** Receives batches; may block (e.g. on a slow socket). */
    @FunctionalInterface
    interface Handler {
        void handle(SampleBatch batch) throws Exception;
    }

    private final String name;
    private final DropOldestQueue<SampleBatch> queue;
    private final Handler handler;
    private final LongAdder droppedCounter;
    private final LongAdder failureCounter;
    private final RateLimitedLog failureLog;
    private final AtomicLong dropped = new AtomicLong();
    private volatile boolean stopped;
    private Thread thread;

    /**
     * @param name           for thread names and logs, e.g. {@code publisher acme}
     * @param capacity       batches queued at most
     * @param droppedCounter where dropped batches are also counted (a metrics counter)
     * @param failureCounter where handler failures are counted
     */
    DeliveryLane(String name, int capacity, Handler handler, LongAdder droppedCounter, LongAdder failureCounter,
                 RateLimitedLog failureLog) {
        this.name = name;
        this.queue = new DropOldestQueue<>(capacity);
        this.handler = handler;
        this.droppedCounter = droppedCounter;
        this.failureCounter = failureCounter;
        this.failureLog = failureLog;
    }

    synchronized void start() {
        if (thread == null) {
            thread = Thread.ofVirtual().name("pulse-live-" + name).unstarted(this::deliver);
            // A lane may be opened from a plugin's thread (a subscription); its thread is the kernel's all the same.
            thread.setContextClassLoader(DeliveryLane.class.getClassLoader());
            thread.start();
        }
    }

    /** Queues a batch; when the queue is full the oldest queued batch is dropped and counted. Never blocks. */
    void offer(SampleBatch batch) {
        if (stopped) {
            return;
        }
        if (queue.offer(batch) != null) {
            dropped.incrementAndGet();
            droppedCounter.increment();
        }
    }

    /** Batches this lane lost because its queue was full. */
    long dropped() {
        return dropped.get();
    }

    /** Batches waiting now. */
    int depth() {
        return queue.size();
    }

    /** Stops at once: queued batches are discarded, a delivery in progress is interrupted. */
    void stopNow() {
        stopped = true;
        queue.close();
        queue.clear();
        Thread t;
        synchronized (this) {
            t = thread;
        }
        if (t != null && t != Thread.currentThread()) {
            t.interrupt();
        }
    }

    /** Takes no more batches; those queued are still delivered (see {@link #awaitDrained}). */
    void closeInput() {
        queue.close();
    }

    /**
     * After {@link #closeInput}: waits until everything queued was delivered, at most until {@code deadlineNanos}
     * ({@link System#nanoTime()}); then stops at once.
     *
     * @return true if everything queued was delivered in time
     */
    boolean awaitDrained(long deadlineNanos) throws InterruptedException {
        Thread t;
        synchronized (this) {
            t = thread;
        }
        long left = Math.max(1, deadlineNanos - System.nanoTime());
        boolean done = t == null || t.join(Duration.ofNanos(left));
        if (!done) {
            stopNow();
        }
        return done && queue.size() == 0;
    }

    private void deliver() {
        while (!stopped) {
            SampleBatch batch;
            try {
                batch = queue.take();
            } catch (InterruptedException e) {
                return;
            }
            if (batch == null || stopped) {
                return;
            }
            try {
                handler.handle(batch);
            } catch (InterruptedException e) {
                if (stopped) {
                    return;
                }
                failed(e);
            } catch (Exception e) {
                failed(e);
            } catch (Error e) {
                if (e instanceof VirtualMachineError) {
                    throw e;
                }
                failed(e);
            }
        }
    }

    private void failed(Throwable e) {
        failureCounter.increment();
        failureLog.log("Live delivery to " + name + " failed: " + e, e);
    }

    @Override
    public String toString() {
        return name;
    }
}
