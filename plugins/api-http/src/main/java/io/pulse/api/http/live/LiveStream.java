package io.pulse.api.http.live;

import io.pulse.api.http.HttpApiSettings;
import io.pulse.api.http.json.Json;
import io.pulse.api.http.query.StatParameters.Selection;
import io.pulse.spi.stats.SampleFeed;
import io.pulse.spi.stats.SampleSubscription;

import java.lang.System.Logger.Level;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The live clients of {@code GET /live}: opens one {@link LiveSession} (a subscription to the kernel's sample feed
 * named {@code live-<n>} plus a bounded queue) per client, at most {@code maxClients} at once, and closes them all
 * when the front end stops so that their requests end; a watchdog disconnects clients that stopped reading.
 * Thread-safe: a semaphore holds the slots, a concurrent set
 * the open sessions.
 */
public final class LiveStream implements AutoCloseable {

    /**
     * Batches the kernel may queue for one client. Each batch is one relay answer; the client's own queue (counted
     * in samples) is the real buffer, this only absorbs bursts while the listener runs.
     */
    static final int SUBSCRIPTION_CAPACITY = 64;

    private static final System.Logger LOG = System.getLogger(LiveStream.class.getName());

    private final SampleFeed feed;
    private final HttpApiSettings.Live limits;
    private final Json json;
    private final Semaphore slots;
    private final AtomicLong ids = new AtomicLong();
    private final Set<LiveSession> open = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService watchdog;
    private volatile boolean closed;

    public LiveStream(SampleFeed feed, HttpApiSettings.Live limits, Json json) {
        this.feed = feed;
        this.limits = limits;
        this.json = json;
        this.slots = new Semaphore(limits.maxClients());
        this.watchdog = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("pulse-http-live-watchdog").factory());
        long period = limits.heartbeat().toMillis();
        watchdog.scheduleWithFixedDelay(this::cutOffStalled, period, period, TimeUnit.MILLISECONDS);
    }

    /**
     * A client that stops reading blocks its stream's write once the socket buffers are full; it then receives
     * nothing, not even heartbeats, yet holds its slot. One whose write has been stuck for two heartbeat intervals
     * is disconnected.
     */
    private void cutOffStalled() {
        long now = System.nanoTime();
        long limit = 2 * limits.heartbeat().toNanos();
        for (LiveSession session : open) {
            if (session.stalledFor(now) > limit) {
                LOG.log(Level.INFO, "GET /live client {0} stopped reading: disconnected after {1} events, {2}"
                    + " dropped", session.name(), session.sent(), session.dropped());
                session.abort();
            }
        }
    }

    /** The limits. */
    public HttpApiSettings.Live limits() {
        return limits;
    }

    /**
     * Opens a session for a client that wants {@code selection}; empty when every slot is taken or the front end is
     * stopping.
     *
     * @throws IllegalStateException when the kernel's feed refuses (the server is stopping)
     */
    public Optional<LiveSession> open(Selection selection) {
        if (closed || !slots.tryAcquire()) {
            return Optional.empty();
        }
        String name = "live-" + ids.incrementAndGet();
        LiveClient client = new LiveClient(selection, json, limits.buffer());
        SampleSubscription subscription;
        try {
            subscription = feed.subscribe(name, SUBSCRIPTION_CAPACITY, client);
        } catch (RuntimeException e) {
            slots.release();
            throw e;
        }
        LiveSession session = new LiveSession(name, client, subscription, ended -> {
            open.remove(ended);
            slots.release();
        });
        open.add(session);
        if (closed) {
            // close() ran between the check above and the add: it may have missed this session.
            session.close();
            return Optional.empty();
        }
        return Optional.of(session);
    }

    /** How many clients are connected now. */
    public int active() {
        return open.size();
    }

    /** Ends every stream (their requests finish) and refuses new ones. */
    @Override
    public void close() {
        closed = true;
        watchdog.shutdownNow();
        for (LiveSession session : open) {
            session.close();
        }
    }
}
