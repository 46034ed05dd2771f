package io.pulse.kernel.relay;

import io.pulse.spi.stats.SampleBatch;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * One event loop serving many plain TCP relay connections ({@link LoopConnection}) on one platform thread: a
 * selector for their reads and pending writes, a {@link PollWheel} of its own for their regular polls, and the check
 * for relays gone silent. Each round of the loop:
 * <ol>
 *   <li>waits: after a round that wrote polls, until the next slot boundary with polls due (at most a group span,
 *   100 ms at a 1 s interval, see {@link PollWheel}), and then takes whatever the selector has ready without waiting
 *   (the answers to those polls, read together with the next group's polls written: one wake-up per group rather
 *   than one per answer); otherwise on the selector, until a connection is ready or the wheel's next slot with relays in it is
 *   due (empty slots pass without a wake-up), at most until the next check for silent relays;</li>
 *   <li>reads the ready connections (each answer is parsed and handed to ingestion, which only queues it) and
 *   writes to those whose socket takes more again;</li>
 *   <li>runs the tasks other threads posted (a connection to adopt, one to close);</li>
 *   <li>hands the answers read in this round to ingestion, together (one wake-up of whoever waits on its queues
 *   per round rather than per answer);</li>
 *   <li>turns the wheel: the due relays' {@code get} lines are queued;</li>
 *   <li>flushes every connection that has lines queued: one write each, straight from this thread.</li>
 * </ol>
 *
 * <p>Why: with a virtual thread reading each connection and another writing it, every poll cost a hand-off from the
 * poll timer to the writer thread and every answer a wake-up of the reader thread by the epoll poller - the
 * carriers' scheduling was most of the relay server's CPU. Here a poll is a write from the thread that found it due,
 * and one wait on the selector gathers the answers of many relays.
 *
 * <p>Why the loop does not wait on the selector right after writing polls: each relay answers its poll within a
 * millisecond or so, so with a few relays per slot the selector woke the loop once per answer, i.e. twice per relay
 * and interval (poll, answer), and a wake-up is what costs (on a VM about 50 us, more than the reading). Sleeping to
 * the next slot with polls due reads a group's answers in the round that writes the next group's polls (the wheel
 * puts relays into groups, so with a few hundred relays that is about ten rounds a second). The price: lines that
 * arrive while polls are outstanding (answers, a {@code ping}) are read up to one group span (100 ms at a 1 s
 * interval; one 10 ms slot when every slot has relays) later, so an answer's samples are timed up to that much after
 * they arrived. A loop with no polls outstanding waits on the selector as
 * before, so an idle relay's {@code ping} is answered at once. Lines from other threads (a connection to adopt, a
 * send) wake the loop either way.
 *
 * <p>Nothing on this thread may block: reads and writes are non-blocking, the sample sink only queues
 * ({@code IngestionPipeline.submit}), polls and sends only queue lines, and the gentle close after an error line (which
 * waits for the peer) runs on a virtual thread.
 *
 * <p>Thread-safe: {@link #execute}, {@link #flushSoon} and {@link #adopt} from any thread; the rest runs on the loop.
 */
final class RelayLoop implements Runnable {

    private static final System.Logger LOG = System.getLogger(RelayLoop.class.getName());

    /** How often the loop looks for relays gone silent; a small part of the silence timeout (at least 2 s). */
    private static final long SILENCE_CHECK_MILLIS = 250;
    private static final long SILENCE_CHECK_NANOS = Duration.ofMillis(SILENCE_CHECK_MILLIS).toNanos();
    /** Bytes read per read call: many answers of ~400 bytes. */
    private static final int READ_BUFFER_BYTES = 16 * 1024;
    /** Bytes gathered per write call at most. */
    private static final int WRITE_BUFFER_BYTES = 16 * 1024;

    private final String name;
    private final Selector selector;
    private final PollWheel wheel;
    private final Clock clock;
    private final long silenceNanos;
    private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<LoopConnection> flushesFromElsewhere = new ConcurrentLinkedQueue<>();
    private final List<LoopConnection> flushesFromLoop = new ArrayList<>();
    private final List<Runnable> afterDeregistration = new ArrayList<>();
    private final List<SampleBatch> answers = new ArrayList<>();
    private final Consumer<SampleBatch> sink;
    private final RelayMetrics metrics;
    private final byte[] readBuffer = new byte[READ_BUFFER_BYTES];
    private final ByteBuffer readView = ByteBuffer.wrap(readBuffer);
    private final ByteBuffer writeBuffer = ByteBuffer.allocateDirect(WRITE_BUFFER_BYTES);
    private volatile boolean running = true;
    private volatile Thread thread;
    private long nextSilenceCheck;
    /** The last round wrote polls (loop thread only): the next waits for the next group's slot, not for the answers. */
    private boolean answersDue;
    /** Connections handed over but not yet registered (any thread): counted in {@link #served}. */
    private final AtomicInteger adopting = new AtomicInteger();
    /** Connections on the selector after the last round (written by the loop thread). */
    private volatile int registered;

    /**
     * @param sink    where the answers go (ingestion: it only queues them)
     * @param metrics counts the answers the sink refused
     */
    RelayLoop(String name, long pollIntervalMillis, Duration silenceTimeout, Clock clock, Consumer<SampleBatch> sink,
              RelayMetrics metrics) throws IOException {
        this.name = name;
        this.sink = sink;
        this.metrics = metrics;
        this.selector = Selector.open();
        this.wheel = new PollWheel(pollIntervalMillis, clock, this::relayJoined);
        this.clock = clock;
        this.silenceNanos = silenceTimeout.toNanos();
    }

    void start() {
        thread = Thread.ofPlatform().name(name).daemon(true).start(this);
    }

    /** The wheel its relays' regular polls wait on; turned by this loop, so their polls are written from here. */
    PollWheel wheel() {
        return wheel;
    }

    /**
     * Takes over a connection whose handshake is done (its channel already non-blocking).
     *
     * @return false when the loop has stopped (the server is closing)
     */
    boolean adopt(LoopConnection connection) {
        if (!running) {
            return false;
        }
        adopting.incrementAndGet();
        execute(() -> {
            adopting.decrementAndGet();
            connection.register(selector, System.nanoTime());
        });
        return true;
    }

    /**
     * About how many connections this loop serves (any thread): those on its selector after its last round and those
     * handed over since; {@link RelayLoops} fills one loop before it spreads relays.
     */
    int served() {
        return registered + adopting.get();
    }

    /**
     * Runs a task on the loop thread soon. A task posted while the loop stops is run by {@link #close} (after the
     * loop thread ended), so that a connection handed over at that moment is still closed.
     */
    void execute(Runnable task) {
        tasks.add(task);
        wakeFromElsewhere();
    }

    /** A connection has lines queued: it is flushed at the end of the loop's current (or next) round. */
    void flushSoon(LoopConnection connection) {
        if (Thread.currentThread() == thread) {
            flushesFromLoop.add(connection);
        } else {
            flushesFromElsewhere.add(connection);
            wakeFromElsewhere();
        }
    }

    /** Whether the caller runs on this loop's thread. */
    boolean isLoopThread() {
        return Thread.currentThread() == thread;
    }

    /** A relay joined this loop's wheel: a wait computed before it counts it in at once (any thread). */
    private void relayJoined() {
        wakeFromElsewhere();
    }

    /**
     * Wakes the loop from another thread, whichever way it waits: on the selector, or parked until the next slot
     * boundary (it may be about to switch from one to the other, so both are woken; a wake-up of either that comes
     * while the loop is not waiting makes its next wait of that kind return at once, which costs one short round).
     */
    private void wakeFromElsewhere() {
        Thread loopThread = thread;
        if (Thread.currentThread() != loopThread) {
            selector.wakeup();
            if (loopThread != null) {
                LockSupport.unpark(loopThread);
            }
        }
    }

    /** An answer read in this round (loop thread only): handed to the sink at the end of the round's reads. */
    void answered(SampleBatch batch) {
        answers.add(batch);
    }

    /** The loop's write buffer (loop thread only). */
    ByteBuffer writeBuffer() {
        return writeBuffer;
    }

    /**
     * Runs an action once the cancelled keys are gone from the selector (loop thread only), i.e. when the channel
     * may be put back into blocking mode.
     */
    void afterDeregistration(Runnable action) {
        afterDeregistration.add(action);
    }

    @Override
    public void run() {
        while (running) {
            try {
                round();
            } catch (IOException | RuntimeException e) {
                // one connection's trouble is handled where it happens; this is the loop itself: keep going
                LOG.log(System.Logger.Level.ERROR, "Relay event loop " + name + " failed a round; going on", e);
            }
        }
    }

    private void round() throws IOException {
        if (answersDue) {
            // polls are out: their answers are read together when the next group's polls are written (or a
            // group span later), not each with a wake-up
            LockSupport.parkNanos(this, TimeUnit.MILLISECONDS.toNanos(wheel.millisUntilAnswersRead()));
            selector.selectNow(this::ready);
        } else {
            // until the next slot with relays in it (empty slots pass without a wake-up), or the next silence check
            selector.select(this::ready, wheel.millisUntilDue(SILENCE_CHECK_MILLIS));
        }
        long nowNanos = System.nanoTime();
        Runnable task;
        while ((task = tasks.poll()) != null) {
            guarded(task);
        }
        for (int i = 0; i < answers.size(); i++) {
            RelaySession.submit(sink, metrics, answers.get(i));
        }
        answers.clear();
        answersDue = wheel.turn() > 0;
        if (nowNanos - nextSilenceCheck >= 0) {
            nextSilenceCheck = nowNanos + SILENCE_CHECK_NANOS;
            for (SelectionKey key : selector.keys()) {
                if (key.isValid() && key.attachment() instanceof LoopConnection connection) {
                    guarded(() -> connection.checkSilence(nowNanos, silenceNanos));
                }
            }
        }
        LoopConnection connection;
        while ((connection = flushesFromElsewhere.poll()) != null) {
            connection.flush();
        }
        for (int i = 0; i < flushesFromLoop.size(); i++) {
            flushesFromLoop.get(i).flush();
        }
        flushesFromLoop.clear();
        if (!afterDeregistration.isEmpty()) {
            selector.selectNow(this::ready);  // completes the deregistration of cancelled keys
            List<Runnable> actions = List.copyOf(afterDeregistration);
            afterDeregistration.clear();
            actions.forEach(this::guarded);
        }
        registered = selector.keys().size();
    }

    private void ready(SelectionKey key) {
        LoopConnection connection = (LoopConnection) key.attachment();
        try {
            connection.onReady(readBuffer, readView, System.nanoTime());
        } catch (RuntimeException e) {
            // e.g. the channel was closed by another thread (server shutdown): the key is cancelled
            LOG.log(System.Logger.Level.DEBUG, "Relay connection failed in event loop " + name, e);
            connection.end(String.valueOf(e));
        }
    }

    private void guarded(Runnable task) {
        try {
            task.run();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "A task of relay event loop " + name + " failed", e);
        }
    }

    /** Stops the loop and closes every connection it still has; waits for the thread up to {@code wait}. */
    void close(Duration wait) throws InterruptedException {
        running = false;
        wakeFromElsewhere();
        Thread running = thread;
        if (running != null) {
            running.join(wait);
        }
        // (the thread has ended, or never started: the loop's state is this thread's now)
        Runnable task;
        while ((task = tasks.poll()) != null) {
            guarded(task);
        }
        for (SelectionKey key : selector.keys()) {
            if (key.attachment() instanceof LoopConnection connection) {
                guarded(() -> connection.end("server shutting down"));
            }
        }
        answers.forEach(batch -> RelaySession.submit(sink, metrics, batch));
        answers.clear();
        try {
            selector.close();
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "Closing the selector of " + name + " failed", e);
        }
    }
}
