package io.pulse.kernel.ingest;

import io.pulse.kernel.metrics.Metrics;
import io.pulse.kernel.testing.QuerylessStorage;
import io.pulse.spi.Health;
import io.pulse.spi.stats.Sample;
import io.pulse.spi.stats.SampleBatch;
import io.pulse.spi.stats.Tags;
import io.pulse.spi.storage.SeriesHandle;
import io.pulse.spi.storage.Storage;
import io.pulse.spi.storage.WriteResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The storage writer passes each sample's series handle ({@link SeriesHandleCache}), asking the storage once per
 * series of a relay while the relay answers with the same stat and tags instances (as the relay path's
 * {@code SeriesKeys} makes them), and falls back to plain writes for a storage without handles or one whose
 * {@code seriesHandle} fails. The storage here is a TEST DOUBLE that records what it is given: the memory store's
 * own handles are checked against its data by the storage TCK.
 */
class StorageWriterSeriesHandlesTest {

    private final List<AutoCloseable> toClose = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : toClose) {
            c.close();
        }
    }

    /** A handle naming what it was asked for. */
    private record Handle(String stat, Tags tags) implements SeriesHandle {
    }

    /** Hands out {@link Handle}s (or null, or fails) and records every write and the handles it came with. */
    private static final class HandleStorage implements QuerylessStorage {
        enum Mode { HANDLES, NONE, FAILING }

        private final Mode mode;
        private int asked;
        private final List<Sample> plain = new ArrayList<>();
        private final List<Sample> withHandles = new ArrayList<>();
        private final List<SeriesHandle> handles = new ArrayList<>();

        HandleStorage(Mode mode) {
            this.mode = mode;
        }

        @Override
        public synchronized SeriesHandle seriesHandle(String stat, Tags tags) {
            asked++;
            return switch (mode) {
                case HANDLES -> new Handle(stat, tags);
                case NONE -> null;
                case FAILING -> throw new IllegalStateException("no handle today");
            };
        }

        @Override
        public synchronized WriteResult write(List<Sample> samples, SeriesHandle[] given) {
            assertEquals(samples.size(), given.length, "one handle per sample");
            withHandles.addAll(samples);
            handles.addAll(List.of(given));
            notifyAll();
            return WriteResult.accepted(samples.size());
        }

        @Override
        public synchronized WriteResult write(List<Sample> samples) {
            plain.addAll(samples);
            notifyAll();
            return WriteResult.accepted(samples.size());
        }

        synchronized void awaitWritten(int count) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (plain.size() + withHandles.size() < count) {
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                assertTrue(left > 0, "expected " + count + " samples written");
                wait(left);
            }
        }

        @Override
        public void maintain(long nowMillis) {
        }

        @Override
        public List<String> keys() {
            return List.of();
        }

        @Override
        public Health health() {
            return Health.up("test double");
        }

        @Override
        public void close() {
        }
    }

    private IngestionPipeline pipeline(Storage storage) {
        IngestionPipeline pipeline = new IngestionPipeline(storage, Map.of(), new Metrics(),
                new IngestionSettings(1000, 100, Duration.ofMillis(20), 10));
        toClose.add(pipeline);
        pipeline.start();
        return pipeline;
    }

    /** Three answers of a relay whose samples share their stat and tags instances, as the relay path makes them. */
    private static List<SampleBatch> answers(String relay, Tags tags, String... stats) {
        List<SampleBatch> batches = new ArrayList<>();
        for (int poll = 0; poll < 3; poll++) {
            List<Sample> samples = new ArrayList<>();
            for (String stat : stats) {
                samples.add(new Sample(stat, tags, 1000L * poll, poll));
            }
            batches.add(new SampleBatch(relay, 1000L * poll, samples));
        }
        return batches;
    }

    @Test
    void asksOncePerSeriesOfARelayAndPassesEachSampleItsHandle() throws Exception {
        HandleStorage storage = new HandleStorage(HandleStorage.Mode.HANDLES);
        IngestionPipeline pipeline = pipeline(storage);
        List<SampleBatch> batches = new ArrayList<>(answers("web1", Tags.of("host", "web1"), "cpu", "ram"));
        batches.addAll(answers("web2", Tags.of("host", "web2"), "cpu"));
        batches.forEach(pipeline::submit);
        storage.awaitWritten(9);
        synchronized (storage) {
            assertEquals(3, storage.asked, "a handle per series: web1 cpu and ram, web2 cpu");
            assertEquals(List.of(), storage.plain);
            for (int i = 0; i < storage.withHandles.size(); i++) {
                Sample sample = storage.withHandles.get(i);
                Handle handle = (Handle) storage.handles.get(i);
                assertSame(sample.stat(), handle.stat(), "the handle of the sample's series at " + i);
                assertSame(sample.tags(), handle.tags(), "the handle of the sample's series at " + i);
            }
        }
    }

    @Test
    void asksAgainWhenARelayAnswersWithOtherSeries() throws Exception {
        HandleStorage storage = new HandleStorage(HandleStorage.Mode.HANDLES);
        IngestionPipeline pipeline = pipeline(storage);
        answers("web1", Tags.of("host", "web1"), "cpu").forEach(pipeline::submit);
        storage.awaitWritten(3);
        // the relay reconnected (new tags instances) and answers with one more collector
        answers("web1", Tags.of("host", "web1"), "cpu", "disk").forEach(pipeline::submit);
        storage.awaitWritten(9);
        synchronized (storage) {
            assertEquals(3, storage.asked, "cpu, then cpu and disk of the new connection");
            assertEquals(9, storage.withHandles.size());
        }
    }

    @Test
    void aStorageWithoutHandlesGetsPlainWrites() throws Exception {
        HandleStorage storage = new HandleStorage(HandleStorage.Mode.NONE);
        IngestionPipeline pipeline = pipeline(storage);
        answers("web1", Tags.of("host", "web1"), "cpu", "ram").forEach(pipeline::submit);
        storage.awaitWritten(6);
        synchronized (storage) {
            assertEquals(1, storage.asked, "asked once; null means no handles, for good");
            assertEquals(6, storage.plain.size());
            assertEquals(List.of(), storage.withHandles);
        }
    }

    @Test
    void aStorageFailingToGiveAHandleGetsPlainWritesAndLosesNothing() throws Exception {
        HandleStorage storage = new HandleStorage(HandleStorage.Mode.FAILING);
        IngestionPipeline pipeline = pipeline(storage);
        answers("web1", Tags.of("host", "web1"), "cpu", "ram").forEach(pipeline::submit);
        storage.awaitWritten(6);
        synchronized (storage) {
            assertEquals(1, storage.asked);
            assertEquals(6, storage.plain.size(), "every sample written, without handles");
        }
    }

    @Test
    void relaysThatStopAnsweringAreForgotten() {
        HandleStorage storage = new HandleStorage(HandleStorage.Mode.HANDLES);
        long now = 0;
        SeriesHandleCache cache = new SeriesHandleCache(storage, now);
        SampleBatch web1 = answers("web1", Tags.of("host", "web1"), "cpu").get(0);
        SampleBatch web2 = answers("web2", Tags.of("host", "web2"), "cpu").get(0);
        cache.handles(web1);
        cache.handles(web2);
        for (int minute = 1; minute <= SeriesHandleCache.FORGET_AFTER_SWEEPS + 1; minute++) {
            now += TimeUnit.MINUTES.toNanos(1) + 1;
            cache.handles(web2);  // web2 keeps answering
            cache.sweep(now);
        }
        assertEquals(1, cache.relays(), "web1 forgotten, web2 kept");
    }
}
