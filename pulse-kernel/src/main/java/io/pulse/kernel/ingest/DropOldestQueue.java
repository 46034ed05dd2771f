package io.pulse.kernel.ingest;

import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A bounded FIFO queue that never blocks the producer: when full, adding evicts the oldest element (and says so),
 * so memory stays bounded however slow the consumer is, and what is kept is the most recent data.
 *
 * <p>Closing lets the consumer take what is left ({@link #take} returns null once closed and empty);
 * {@link #clear} discards what is left.
 *
 * <p>Thread-safe (one lock; many producers, typically one consumer).
 */
final class DropOldestQueue<T> {

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition notEmpty = lock.newCondition();
    /** Signalled when the queue reaches {@link #wakeAtSize} elements ({@link #awaitSize}). */
    private final Condition sizeReached = lock.newCondition();
    private final ArrayDeque<T> items = new ArrayDeque<>();
    private final int capacity;
    private boolean closed;
    /** The size that wakes a consumer waiting in {@link #awaitSize}; none waits while it is MAX_VALUE. */
    private int wakeAtSize = Integer.MAX_VALUE;

    DropOldestQueue(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, got " + capacity);
        }
        this.capacity = capacity;
    }

    /**
     * Adds an element, evicting the oldest one when full. After {@link #close} the element is ignored.
     *
     * @return the evicted element, or null if none was
     */
    T offer(T item) {
        lock.lock();
        try {
            if (closed) {
                return null;
            }
            T evicted = items.size() >= capacity ? items.pollFirst() : null;
            items.addLast(item);
            notEmpty.signal();
            if (items.size() >= wakeAtSize) {
                sizeReached.signal();
            }
            return evicted;
        } finally {
            lock.unlock();
        }
    }

    /** The oldest element, waiting for one; null once closed and empty. */
    T take() throws InterruptedException {
        lock.lock();
        try {
            while (items.isEmpty()) {
                if (closed) {
                    return null;
                }
                notEmpty.await();
            }
            return items.pollFirst();
        } finally {
            lock.unlock();
        }
    }

    /** The oldest element, waiting up to the timeout; null on timeout, or once closed and empty. */
    T poll(long timeout, TimeUnit unit) throws InterruptedException {
        long nanos = unit.toNanos(timeout);
        lock.lock();
        try {
            while (items.isEmpty()) {
                if (closed || nanos <= 0) {
                    return null;
                }
                nanos = notEmpty.awaitNanos(nanos);
            }
            return items.pollFirst();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits until at least {@code atLeast} elements are queued, the queue is closed, or the timeout passed; takes
     * nothing. Why: a consumer that gathers elements for a while sleeps through the additions below that size
     * instead of being woken by each (or looking every few milliseconds).
     *
     * <p>For one consumer at a time.
     */
    void awaitSize(int atLeast, long timeout, TimeUnit unit) throws InterruptedException {
        long nanos = unit.toNanos(timeout);
        lock.lock();
        try {
            wakeAtSize = Math.max(1, atLeast);
            while (items.size() < wakeAtSize && !closed && nanos > 0) {
                nanos = sizeReached.awaitNanos(nanos);
            }
        } finally {
            wakeAtSize = Integer.MAX_VALUE;
            lock.unlock();
        }
    }

    /** Moves up to {@code max} elements, oldest first, into {@code out}; returns how many. Never waits. */
    int drainTo(List<T> out, int max) {
        lock.lock();
        try {
            int n = 0;
            while (n < max && !items.isEmpty()) {
                out.add(items.pollFirst());
                n++;
            }
            return n;
        } finally {
            lock.unlock();
        }
    }

    /** Accepts no more elements; the consumer still gets those queued. */
    void close() {
        lock.lock();
        try {
            closed = true;
            notEmpty.signalAll();
            sizeReached.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Discards every queued element; returns how many. */
    int clear() {
        lock.lock();
        try {
            int n = items.size();
            items.clear();
            return n;
        } finally {
            lock.unlock();
        }
    }

    boolean isClosed() {
        lock.lock();
        try {
            return closed;
        } finally {
            lock.unlock();
        }
    }

    int capacity() {
        return capacity;
    }

    int size() {
        lock.lock();
        try {
            return items.size();
        } finally {
            lock.unlock();
        }
    }
}
