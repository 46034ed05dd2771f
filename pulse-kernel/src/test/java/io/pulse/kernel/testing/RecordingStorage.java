package io.pulse.kernel.testing;

import io.pulse.spi.Health;
import io.pulse.spi.stats.Sample;
import io.pulse.spi.storage.LatestQuery;
import io.pulse.spi.storage.Point;
import io.pulse.spi.storage.RangeQuery;
import io.pulse.spi.storage.RawQuery;
import io.pulse.spi.storage.RawRow;
import io.pulse.spi.storage.Storage;
import io.pulse.spi.storage.WriteResult;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A TEST DOUBLE of a storage plugin: it records every {@link #write} (each call's samples, in order) so tests can
 * check what the kernel stored and how it batched it. It is not a storage backend: the query methods the kernel
 * never calls are not implemented. A hook lets tests make writes fail or block, another chooses what a write
 * returns (to play a backend that refuses some samples).
 */
public final class RecordingStorage implements Storage {

    private final List<List<Sample>> writes = new ArrayList<>();
    private volatile Consumer<List<Sample>> beforeWrite = samples -> { };
    private volatile Function<List<Sample>, WriteResult> answer = samples -> WriteResult.accepted(samples.size());

    /** Runs before each write is recorded; throw from it to make the write fail, block in it to make storage slow. */
    public void beforeWrite(Consumer<List<Sample>> hook) {
        this.beforeWrite = hook;
    }

    /** What each write returns, from its samples (which are recorded either way); by default all accepted. */
    public void answer(Function<List<Sample>, WriteResult> answer) {
        this.answer = answer;
    }

    @Override
    public WriteResult write(List<Sample> samples) {
        beforeWrite.accept(samples);
        WriteResult result = answer.apply(samples);
        synchronized (this) {
            writes.add(List.copyOf(samples));
            notifyAll();
        }
        return result;
    }

    /** Every successful write call's samples, in order. */
    public synchronized List<List<Sample>> writes() {
        return List.copyOf(writes);
    }

    /** Every sample written, in order. */
    public synchronized List<Sample> samples() {
        List<Sample> all = new ArrayList<>();
        writes.forEach(all::addAll);
        return all;
    }

    /** Waits until at least {@code count} samples were written; returns them. */
    public synchronized List<Sample> awaitSamples(int count, long timeout, TimeUnit unit) throws InterruptedException {
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        while (samples().size() < count) {
            long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            if (left <= 0) {
                throw new AssertionError("expected " + count + " samples within " + timeout + " " + unit
                        + ", got " + samples());
            }
            wait(left);
        }
        return samples();
    }

    @Override
    public void maintain(long nowMillis) {
        // nothing kept beyond the recording
    }

    @Override
    public synchronized List<String> keys() {
        TreeSet<String> keys = new TreeSet<>();
        samples().forEach(s -> keys.add(s.stat()));
        return List.copyOf(keys);
    }

    @Override
    public synchronized List<String> tagKeys() {
        TreeSet<String> keys = new TreeSet<>();
        samples().forEach(s -> keys.addAll(s.tags().keys()));
        return List.copyOf(keys);
    }

    @Override
    public Optional<Point> latest(LatestQuery query) {
        throw new UnsupportedOperationException("RecordingStorage is a write-recording test double");
    }

    @Override
    public List<RawRow> raw(RawQuery query) {
        throw new UnsupportedOperationException("RecordingStorage is a write-recording test double");
    }

    @Override
    public List<Point> range(RangeQuery query) {
        throw new UnsupportedOperationException("RecordingStorage is a write-recording test double");
    }

    @Override
    public Health health() {
        return Health.up(samples().size() + " samples recorded");
    }

    @Override
    public void close() {
    }

    /** A latch helper for blocking writes. */
    public static void await(CountDownLatch latch) {
        try {
            if (!latch.await(10, TimeUnit.SECONDS)) {
                throw new AssertionError("latch not released within 10 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
