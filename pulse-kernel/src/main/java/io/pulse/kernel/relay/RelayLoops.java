package io.pulse.kernel.relay;

import io.pulse.spi.stats.SampleBatch;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * The relay server's event loops ({@link RelayLoop}): one per core, at most {@value #MAX_LOOPS}; each plain TCP
 * relay is served by one of them, taken in turn as relays identify.
 *
 * <p>Thread-safe. Lifecycle: construct, {@link #start()} once, {@link #close} once.
 */
final class RelayLoops {

    /** More loops than this would only add threads: one loop keeps up with thousands of relays. */
    static final int MAX_LOOPS = 8;

    private final List<RelayLoop> loops;
    private final AtomicInteger turn = new AtomicInteger();

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
    }

    /** As many loops as cores, at most {@value #MAX_LOOPS}. */
    static int defaultCount() {
        return Math.max(1, Math.min(MAX_LOOPS, Runtime.getRuntime().availableProcessors()));
    }

    void start() {
        loops.forEach(RelayLoop::start);
    }

    /** The loop to serve the next relay. */
    RelayLoop next() {
        return loops.get(Math.floorMod(turn.getAndIncrement(), loops.size()));
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
