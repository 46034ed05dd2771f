package io.pulse.relay;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One registered collector and its small value cache.
 *
 * <p>Two modes, decided afresh at every use from the collector's own interval and any open override window:
 * <ul>
 *   <li><b>lazy</b> (no interval): {@link #values()} calls the collector every time, nothing is cached;</li>
 *   <li><b>periodic</b> (an interval): a background virtual thread (the <em>pump</em>) calls the collector every
 *       interval and keeps the latest values; {@link #values()} serves them, or collects now when there are none
 *       yet (just added, or {@link #flush() flushed}). When an override ends and the collector has no interval of
 *       its own, the pump stops and the cache is dropped.</li>
 * </ul>
 * The collector is never run concurrently with itself: a call in flight is shared by every caller meanwhile.
 *
 * <p>Thread-safe: mutable state is guarded by {@code lock}; the collector runs outside it, on its own virtual
 * thread, so a slow collector holds up only those who wait for its values.
 */
final class CollectorEntry {

    private static final System.Logger LOG = System.getLogger(CollectorEntry.class.getName());

    private final String name;
    private final List<String> tags;
    private final Collector collector;
    private final Overrides overrides;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition rescheduled = lock.newCondition();
    /** Latest values while periodic; null when there are none. Guarded by lock. */
    private Map<String, Double> cached;
    /** The collection running now, shared by everyone who asks meanwhile; null when none. Guarded by lock. */
    private CompletableFuture<Map<String, Double>> inFlight;
    /** The background collection thread, null when not running. Guarded by lock. */
    private Thread pump;
    /** Set when the interval changed, so the pump starts a new period at once. Guarded by lock. */
    private boolean intervalChanged;
    /** Set by {@link #stop()}; final. Guarded by lock. */
    private boolean stopped;
    /** The interval the pump is waiting out now; null while it collects or when there is no pump. Guarded by lock. */
    private Duration waitingOut;

    CollectorEntry(String name, List<String> tags, Collector collector, Overrides overrides) {
        this.name = name;
        this.tags = List.copyOf(tags);
        this.collector = collector;
        this.overrides = overrides;
    }

    String name() {
        return name;
    }

    List<String> tags() {
        return tags;
    }

    /** The collection interval in force now (an open override first, then the collector's own), or null (lazy). */
    Duration effectiveInterval() {
        Duration overridden = overrides.activeInterval(name);
        return overridden != null ? overridden : collector.interval().orElse(null);
    }

    /**
     * The current values: the cached ones when periodic and present, otherwise a fresh collection. The future
     * fails if the collector throws.
     */
    CompletableFuture<Map<String, Double>> values() {
        lock.lock();
        try {
            if (cached != null && effectiveInterval() != null) {
                return CompletableFuture.completedFuture(cached);
            }
            return collectLocked();
        } finally {
            lock.unlock();
        }
    }

    /** Drops the cached values: the next {@link #values()} collects afresh (or joins a collection running now). */
    void flush() {
        lock.lock();
        try {
            cached = null;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Starts the pump if the collector is periodic now, or makes a running pump take a changed interval at once.
     * Called when the collector is added and when an override names it.
     */
    void reschedule() {
        lock.lock();
        try {
            if (stopped || effectiveInterval() == null) {
                return;
            }
            if (pump == null) {
                pump = Thread.ofVirtual().name("pulse-relay-pump-" + name).start(this::pumpLoop);
            } else {
                intervalChanged = true;
                rescheduled.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Stops background collection for good (the collector was removed or the relay closed). */
    void stop() {
        lock.lock();
        try {
            stopped = true;
            cached = null;
            rescheduled.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * The background collection thread, or null when none runs (for tests: joining it proves that background
     * collection has stopped, so that "nothing more is collected" needs no sleep).
     */
    Thread pumpThread() {
        lock.lock();
        try {
            return pump;
        } finally {
            lock.unlock();
        }
    }

    /**
     * The interval the pump is waiting out now, or null while it collects or when there is no pump (for tests: once
     * the pump waits out a given interval, its collection for that period is done).
     */
    Duration pumpWaitingOut() {
        lock.lock();
        try {
            return waitingOut;
        } finally {
            lock.unlock();
        }
    }

    private CompletableFuture<Map<String, Double>> collectLocked() {
        if (inFlight != null) {
            return inFlight;
        }
        CompletableFuture<Map<String, Double>> collection = new CompletableFuture<>();
        inFlight = collection;
        Thread.ofVirtual().name("pulse-relay-collect-" + name).start(() -> runCollector(collection));
        return collection;
    }

    private void runCollector(CompletableFuture<Map<String, Double>> collection) {
        Map<String, Double> values = null;
        Throwable failure = null;
        try {
            // A copy: the collector may hand out a map it keeps changing. HashMap tolerates null keys/values,
            // which are skipped later with a log line rather than failing the whole collector here.
            values = Collections.unmodifiableMap(new HashMap<>(collector.collect()));
        } catch (Throwable t) {
            failure = t;
        }
        lock.lock();
        try {
            if (inFlight == collection) {
                inFlight = null;
            }
            if (values != null && !stopped && effectiveInterval() != null) {
                cached = values;
            } else if (failure != null) {
                cached = null; // a failing collector's last good values must not pass for current ones
            }
        } finally {
            lock.unlock();
        }
        if (failure != null) {
            collection.completeExceptionally(failure);
            if (failure instanceof VirtualMachineError error) {
                throw error;
            }
        } else {
            collection.complete(values);
        }
    }

    /** The pump: collect, wait one interval (or until the override window ends), repeat while periodic. */
    private void pumpLoop() {
        lock.lock();
        try {
            while (!stopped) {
                Duration interval = effectiveInterval();
                if (interval == null) {
                    cached = null; // back to lazy: stale values must not be served later
                    return;
                }
                long periodStart = System.nanoTime();
                intervalChanged = false;
                CompletableFuture<Map<String, Double>> collection = collectLocked();
                lock.unlock();
                try {
                    awaitQuietly(collection);
                } finally {
                    lock.lock();
                }
                long waitUntil = periodStart + interval.toNanos();
                Duration windowLeft = overrides.remaining(name);
                if (windowLeft != null) {
                    // The interval is an override's: wake when it ends, to fall back to the collector's own mode.
                    waitUntil = Math.min(waitUntil, System.nanoTime() + Math.max(windowLeft.toNanos(), 0) + 1);
                }
                long left;
                waitingOut = interval;
                while (!stopped && !intervalChanged && (left = waitUntil - System.nanoTime()) > 0) {
                    rescheduled.awaitNanos(left);
                }
                waitingOut = null;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            waitingOut = null;
            if (pump == Thread.currentThread()) {
                pump = null;
            }
            lock.unlock();
        }
    }

    private void awaitQuietly(CompletableFuture<Map<String, Double>> collection) throws InterruptedException {
        try {
            collection.get();
        } catch (ExecutionException e) {
            LOG.log(Level.WARNING, "collector \"" + name + "\" failed in background collection; its values are skipped",
                    e.getCause());
        }
    }
}
