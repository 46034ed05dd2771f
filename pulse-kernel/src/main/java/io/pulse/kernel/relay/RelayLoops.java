package io.pulse.kernel.relay;

import io.pulse.spi.stats.SampleBatch;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.ToIntFunction;

/**
 * The relay server's event loops ({@link RelayLoop}): one per core, at most {@value #MAX_LOOPS}; each plain TCP
 * relay is served by one of them, chosen as relays identify: the first loop that serves fewer than
 * {@link #fillBeforeSpreading} relays, or else the one that serves the fewest.
 *
 * <p>Why fill one loop first: a loop wakes up about once per poll slot that has relays in it (10 ms slots; see
 * {@link RelayLoop}), however many relays the slot has, and a wake-up costs more than serving one relay in it. Its
 * wheel groups relays into ten slots a second while they have room ({@link PollWheel}, 32 relays each: 320); a few
 * hundred relays spread over all loops would make every loop wake in its ten, on one loop they share them. Past
 * that a loop's relays spread over more slots anyway, and more relays are better spread over the cores.
 *
 * <p>Thread-safe. Lifecycle: construct, {@link #start()} once, {@link #close} once.
 */
final class RelayLoops {

    /** More loops than this would only add threads: one loop keeps up with thousands of relays. */
    static final int MAX_LOOPS = 8;

    /**
     * Relays per poll slot (3 per 10 ms slot: 300 at 1 s) at which a loop's group slots are about full (ten a
     * second of {@link PollWheel#GROUP_SIZE}) and its relays start to spread over the others.
     */
    private static final int RELAYS_PER_SLOT_BEFORE_SPREADING = 3;

    private final List<RelayLoop> loops;
    /** A loop with fewer relays than this takes the next relay rather than a loop further down the list. */
    private final int fillBeforeSpreading;

    RelayLoops(int count, long pollIntervalMillis, Duration silenceTimeout, Clock clock, Consumer<SampleBatch> sink,
               RelayMetrics metrics) throws IOException {
        List<RelayLoop> list = new ArrayList<>(count);
        try {
            for (int i = 0; i < count; i++) {
                list.add(new RelayLoop("pulse-relay-loop-" + i, pollIntervalMillis, silenceTimeout, clock, sink,
                        metrics));
            }
        } catch (IOException e) {
            for (RelayLoop loop : list) {
                closeQuietly(loop);
            }
            throw e;
        }
        this.loops = List.copyOf(list);
        long slots = pollIntervalMillis / PollWheel.tickFor(pollIntervalMillis);
        this.fillBeforeSpreading = (int) Math.min(Integer.MAX_VALUE, RELAYS_PER_SLOT_BEFORE_SPREADING * slots);
    }

    /** As many loops as cores, at most {@value #MAX_LOOPS}. */
    static int defaultCount() {
        return Math.max(1, Math.min(MAX_LOOPS, Runtime.getRuntime().availableProcessors()));
    }

    void start() {
        loops.forEach(RelayLoop::start);
    }

    /**
     * The loop to serve the next relay: the first with fewer than {@link #fillBeforeSpreading} relays, else the one
     * with the fewest. (Relays identifying at the same moment on several threads may see the same counts, so a
     * loop may take a few more than that; the counts are estimates anyway.)
     */
    RelayLoop next() {
        return pick(loops, RelayLoop::served, fillBeforeSpreading);
    }

    /** The first of the loops that serves fewer than {@code fill} relays, else the one that serves the fewest. */
    static <L> L pick(List<L> loops, ToIntFunction<L> served, int fill) {
        L fewest = null;
        int fewestServed = Integer.MAX_VALUE;
        for (L loop : loops) {
            int count = served.applyAsInt(loop);
            if (count < fill) {
                return loop;
            }
            if (count < fewestServed) {
                fewest = loop;
                fewestServed = count;
            }
        }
        return fewest;
    }

    /** Relays a loop takes before the next loop gets any. */
    int fillBeforeSpreading() {
        return fillBeforeSpreading;
    }

    /** Stops every loop and closes the connections they still serve. */
    void close(Duration wait) {
        for (RelayLoop loop : loops) {
            closeQuietly(loop, wait);
        }
    }

    private static void closeQuietly(RelayLoop loop) {
        closeQuietly(loop, Duration.ZERO);
    }

    private static void closeQuietly(RelayLoop loop, Duration wait) {
        try {
            loop.close(wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
