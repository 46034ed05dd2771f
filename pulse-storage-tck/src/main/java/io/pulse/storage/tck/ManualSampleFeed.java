package io.pulse.storage.tck;

import io.pulse.spi.stats.SampleBatch;
import io.pulse.spi.stats.SampleFeed;
import io.pulse.spi.stats.SampleSubscription;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * A {@link SampleFeed} a test publishes to and delivers from by hand: {@link #publish} queues a batch for every open
 * subscription, {@link #deliver()} hands the queued batches to their listeners on the calling thread. Each
 * subscription has its own bounded queue, as with the kernel: when it is full its oldest batch is dropped and counted
 * ({@link SampleSubscription#dropped()}). The kernel delivers on a thread per subscription; delivering on the test's
 * thread, when the test says, makes tests of subscribers deterministic (as {@link ManualScheduler} does for periodic
 * work).
 *
 * <p>Like the kernel's feed, an exception thrown by a listener does not stop delivery: it is recorded (see
 * {@link #failures()}) and the next batch is still delivered. Once {@link #close() closed} (the server is stopping)
 * it refuses new subscriptions and discards what is queued.
 *
 * <p>Thread-safe: a component may subscribe from any thread while the test publishes.
 */
public final class ManualSampleFeed implements SampleFeed, AutoCloseable {

    private final List<Subscription> subscriptions = new CopyOnWriteArrayList<>();
    private final List<Throwable> failures = new CopyOnWriteArrayList<>();
    private volatile boolean closed;

    /**
     * {@inheritDoc}
     *
     * <p>Batches published from now on wait in the subscription's queue until {@link #deliver()}.
     */
    @Override
    public SampleSubscription subscribe(String name, int capacity, Consumer<SampleBatch> listener) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(listener, "listener");
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity of subscription " + name + " must be at least 1, got "
                + capacity);
        }
        if (closed) {
            throw new IllegalStateException("the sample feed is closed (the server is stopping); " + name
                + " cannot subscribe");
        }
        Subscription subscription = new Subscription(name, capacity, listener);
        subscriptions.add(subscription);
        return subscription;
    }

    /**
     * Queues {@code batch} for every open subscription, as the kernel does with every batch it ingests.
     *
     * @throws IllegalStateException once the feed is closed
     */
    public void publish(SampleBatch batch) {
        Objects.requireNonNull(batch, "batch");
        if (closed) {
            throw new IllegalStateException("the sample feed is closed; nothing can be published");
        }
        for (Subscription s : subscriptions) {
            s.offer(batch);
        }
    }

    /**
     * Delivers every queued batch to its listener on the calling thread: subscription by subscription, in
     * subscription order, each one's batches in publication order.
     *
     * @return how many batches were delivered (including those whose listener threw)
     */
    public int deliver() {
        int delivered = 0;
        for (Subscription s : subscriptions) {
            SampleBatch batch;
            while ((batch = s.poll()) != null) {
                delivered++;
                try {
                    s.listener.accept(batch);
                } catch (RuntimeException | Error e) {
                    failures.add(e);
                }
            }
        }
        return delivered;
    }

    /** The names of the open subscriptions, in subscription order. */
    public List<String> subscribers() {
        List<String> names = new ArrayList<>();
        for (Subscription s : subscriptions) {
            names.add(s.name);
        }
        return names;
    }

    /** What listeners threw, oldest first. */
    public List<Throwable> failures() {
        return List.copyOf(failures);
    }

    /** Stops the feed: closes every subscription (discarding queued batches) and refuses new ones. Idempotent. */
    @Override
    public void close() {
        closed = true;
        for (Subscription s : subscriptions) {
            s.close();
        }
    }

    /** One subscriber's bounded queue. */
    private final class Subscription implements SampleSubscription {
        private final String name;
        private final int capacity;
        private final Consumer<SampleBatch> listener;
        private final ArrayDeque<SampleBatch> queue = new ArrayDeque<>();
        private long dropped;
        private boolean open = true;

        Subscription(String name, int capacity, Consumer<SampleBatch> listener) {
            this.name = name;
            this.capacity = capacity;
            this.listener = listener;
        }

        synchronized void offer(SampleBatch batch) {
            if (!open) {
                return;
            }
            if (queue.size() == capacity) {
                queue.pollFirst(); // the subscriber fell behind: it loses its own oldest batch
                dropped++;
            }
            queue.addLast(batch);
        }

        synchronized SampleBatch poll() {
            return open ? queue.pollFirst() : null;
        }

        @Override
        public synchronized long dropped() {
            return dropped;
        }

        @Override
        public void close() {
            synchronized (this) {
                open = false;
                queue.clear();
            }
            subscriptions.remove(this);
        }

        @Override
        public String toString() {
            return name;
        }
    }
}
