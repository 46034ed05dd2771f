package io.pulse.kernel.ingest;

import io.pulse.kernel.metrics.Metrics;
import io.pulse.kernel.testing.Await;
import io.pulse.kernel.testing.LogCapture;
import io.pulse.kernel.testing.RecordingStorage;
import io.pulse.spi.Health;
import io.pulse.spi.publish.LivePublisher;
import io.pulse.spi.stats.SampleBatch;
import io.pulse.spi.stats.SampleSubscription;
import io.pulse.spi.storage.StorageUnavailableException;
import io.pulse.spi.storage.WriteResult;
import io.pulse.spi.storage.WriteResult.Refusal;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import static io.pulse.kernel.ingest.TestBatches.batch;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IngestionPipelineTest {

    private static final Duration WAIT = Duration.ofSeconds(5);

    private final Metrics metrics = new Metrics();
    private final RecordingStorage storage = new RecordingStorage();
    private final List<AutoCloseable> toClose = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : toClose) {
            c.close();
        }
    }

    private IngestionPipeline pipeline(Map<String, LivePublisher> publishers, IngestionSettings settings) {
        IngestionPipeline pipeline = new IngestionPipeline(storage, publishers, metrics, settings);
        toClose.add(0, pipeline);
        return pipeline;
    }

    private long metric(String name) {
        return TestBatches.metric(metrics, name);
    }

    @Test
    void batchesAcrossRelaysAreMergedIntoBoundedWrites() throws Exception {
        IngestionPipeline pipeline = pipeline(Map.of(), new IngestionSettings(100, 10, Duration.ofMillis(300), 10));
        // queued before start, so the writer finds them all at once
        for (int i = 0; i < 25; i++) {
            pipeline.submit(batch("r" + i, 1));
        }
        pipeline.start();
        storage.awaitSamples(25, 5, TimeUnit.SECONDS);
        assertEquals(List.of(10, 10, 5), storage.writes().stream().map(List::size).toList());
        assertEquals(25, metric("samples.ingested"));
        Await.until("counted as written", WAIT, () -> metric("storage.samples.written") == 25);
        assertEquals(3, metric("storage.writes"));
    }

    @Test
    void aBatchLargerThanTheWriteLimitIsSplit() throws Exception {
        IngestionPipeline pipeline = pipeline(Map.of(), new IngestionSettings(100, 10, Duration.ofMillis(50), 10));
        pipeline.start();
        pipeline.submit(batch("big", 25));
        storage.awaitSamples(25, 5, TimeUnit.SECONDS);
        assertEquals(List.of(10, 10, 5), storage.writes().stream().map(List::size).toList());
    }

    @Test
    void aLoneSampleIsWrittenAfterAtMostTheMaxDelay() throws Exception {
        IngestionPipeline pipeline = pipeline(Map.of(), new IngestionSettings(100, 1000, Duration.ofMillis(150), 10));
        pipeline.start();
        long start = System.nanoTime();
        pipeline.submit(batch("one", 1));
        storage.awaitSamples(1, 5, TimeUnit.SECONDS);
        long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertTrue(elapsedMillis >= 140, "waited for more samples to merge: " + elapsedMillis + " ms");
        assertTrue(elapsedMillis < 1500, "but not much longer than the max delay: " + elapsedMillis + " ms");
    }

    @Test
    void storageFailuresAreCountedAndTheWriterGoesOn() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        storage.beforeWrite(samples -> {
            if (calls.incrementAndGet() == 1) {
                throw new StorageUnavailableException("database down");
            }
        });
        IngestionPipeline pipeline = pipeline(Map.of(), new IngestionSettings(100, 1000, Duration.ZERO, 10));
        pipeline.start();
        pipeline.submit(batch("a", 3));
        Await.until("first write failed", WAIT, () -> metric("storage.write.failures") == 1);
        pipeline.submit(batch("b", 2));
        storage.awaitSamples(2, 5, TimeUnit.SECONDS);
        assertEquals(3, metric("storage.samples.lost"));
        Await.until("counted as written", WAIT, () -> metric("storage.samples.written") == 2);
        storage.beforeWrite(samples -> {
            throw new IllegalStateException("a bug in the backend");
        });
        pipeline.submit(batch("c", 1));
        Await.until("second failure", WAIT, () -> metric("storage.write.failures") == 2);
        storage.beforeWrite(samples -> { });
        pipeline.submit(batch("d", 1));
        storage.awaitSamples(3, 5, TimeUnit.SECONDS);
    }

    @Test
    void aWriteWhereTheBackendRefusedSomeSamplesIsPartialNotLost() throws Exception {
        // batch("a", 4) holds s0..s3: the backend refuses s1 and s3 and accepts the other two
        storage.answer(samples -> WriteResult.partial(samples.size() - 2, List.of(
                new Refusal("s1", 1, "InfluxDB cannot store a field named 's1'"),
                new Refusal("s3", 1, "a line starting with 's3' is a comment"))));
        IngestionPipeline pipeline = pipeline(Map.of(), new IngestionSettings(100, 1000, Duration.ZERO, 10));
        try (LogCapture log = new LogCapture(IngestionPipeline.class.getName())) {
            pipeline.start();
            pipeline.submit(batch("a", 4));
            Await.until("partial write logged", WAIT, () -> !log.messages().isEmpty());
            String line = log.messages().get(0);
            assertTrue(line.contains("refused 2 of 4 samples"), line);
            assertTrue(line.contains("'s1'") && line.contains("InfluxDB cannot store a field named 's1'"), line);
            assertTrue(line.contains("'s3'") && line.contains("a line starting with 's3' is a comment"), line);
        }
        assertEquals(1, metric("storage.writes.partial"));
        assertEquals(2, metric("storage.samples.refused"));
        assertEquals(2, metric("storage.samples.written"));
        assertEquals(1, metric("storage.writes"));
        assertEquals(0, metric("storage.write.failures"));
        assertEquals(0, metric("storage.samples.lost"));

        // a complete write after it adds to what was written, not to what was refused
        storage.answer(samples -> WriteResult.accepted(samples.size()));
        pipeline.submit(batch("b", 3));
        pipeline.close();   // lets the writer write "b" and waits for it
        assertEquals(2, metric("storage.writes"));
        assertEquals(5, metric("storage.samples.written"));
        assertEquals(1, metric("storage.writes.partial"));
        assertEquals(2, metric("storage.samples.refused"));
    }

    @Test
    void aFullStorageQueueDropsTheOldestBatchesAndCountsThem() throws Exception {
        CountDownLatch writing = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        storage.beforeWrite(samples -> {
            writing.countDown();
            RecordingStorage.await(release);
        });
        IngestionPipeline pipeline = pipeline(Map.of(), new IngestionSettings(3, 1000, Duration.ZERO, 10));
        pipeline.start();
        pipeline.submit(batch("r1", 1));
        RecordingStorage.await(writing);   // the writer holds r1 and is stuck in storage
        for (int i = 2; i <= 10; i++) {
            pipeline.submit(batch("r" + i, 2));
        }
        assertEquals(3, metric("storage.queue.depth"));
        assertEquals(6, metric("storage.batches.dropped"));
        assertEquals(12, metric("storage.samples.dropped"));
        release.countDown();
        storage.awaitSamples(1 + 3 * 2, 5, TimeUnit.SECONDS);
        // Then a marker (not sooner: it would push a kept batch out of the full queue). The one writer takes
        // batches in order, so a dropped batch that was written after all would show up before the marker.
        pipeline.submit(batch("marker", 1));
        storage.awaitSamples(1 + 3 * 2 + 1, 5, TimeUnit.SECONDS);
        List<String> hosts = storage.samples().stream().map(s -> s.tags().get("host")).distinct().toList();
        assertEquals(List.of("r1", "r8", "r9", "r10", "marker"), hosts, "the newest batches were kept");
        Await.until("queue empty", WAIT, () -> metric("storage.queue.depth") == 0);
    }

    @Test
    void aSlowPublisherLosesOnlyItsOwnOldestBatches() throws Exception {
        CountDownLatch publishing = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        List<String> slowGot = new CopyOnWriteArrayList<>();
        List<String> fastGot = new CopyOnWriteArrayList<>();
        Map<String, LivePublisher> publishers = new LinkedHashMap<>();
        publishers.put("slow", publisher(batch -> {
            slowGot.add(batch.relayId());
            publishing.countDown();
            RecordingStorage.await(release);
        }));
        publishers.put("fast", publisher(batch -> fastGot.add(batch.relayId())));
        IngestionPipeline pipeline = pipeline(publishers, new IngestionSettings(100, 1000, Duration.ZERO, 2));
        pipeline.start();
        pipeline.submit(batch("b1", 1));
        RecordingStorage.await(publishing);
        for (int i = 2; i <= 10; i++) {
            pipeline.submit(batch("b" + i, 1));
            int delivered = i;
            // the fast publisher keeps up (its queue of 2 is enough when it is not starved of CPU)
            Await.until("fast publisher got b" + i, WAIT, () -> fastGot.size() == delivered);
        }
        List<String> all = IntStream.rangeClosed(1, 10).mapToObj(i -> "b" + i).toList();
        Await.until("fast publisher got everything", WAIT, () -> fastGot.size() == 10);
        assertEquals(all, fastGot);
        storage.awaitSamples(10, 5, TimeUnit.SECONDS);
        assertEquals(7, metric("publisher.slow.dropped"));
        assertEquals(0, metric("publisher.fast.dropped"));
        release.countDown();
        Await.until("slow publisher caught up", WAIT, () -> slowGot.size() >= 3);
        // Then a marker through the same lane (not sooner: it would push a kept batch out of the full queue): it
        // arrives after anything else the lane would still deliver.
        pipeline.submit(batch("marker", 1));
        Await.until("the marker delivered", WAIT, () -> slowGot.contains("marker"));
        assertEquals(List.of("b1", "b9", "b10", "marker"), slowGot);
    }

    @Test
    void publisherFailuresAreCountedAndTheNextBatchIsStillDelivered() throws Exception {
        List<String> got = new CopyOnWriteArrayList<>();
        IngestionPipeline pipeline = pipeline(Map.of("flaky", publisher(batch -> {
            got.add(batch.relayId());
            if (batch.relayId().equals("bad")) {
                throw new java.io.IOException("mist went away");
            }
        })), new IngestionSettings(100, 1000, Duration.ZERO, 10));
        pipeline.start();
        pipeline.submit(batch("bad", 1));
        pipeline.submit(batch("good", 1));
        Await.until("both delivered", WAIT, () -> got.size() == 2);
        assertEquals(1, metric("publisher.flaky.failures"));
    }

    @Test
    void subscriptionsReceiveBatchesCountTheirDropsAndStopWhenClosed() throws Exception {
        IngestionPipeline pipeline = pipeline(Map.of(), new IngestionSettings(100, 1000, Duration.ZERO, 10));
        pipeline.start();
        List<String> quick = new CopyOnWriteArrayList<>();
        List<Thread> laneThreads = new CopyOnWriteArrayList<>();
        SampleSubscription quickSub = pipeline.subscribe("quick", 10, batch -> {
            quick.add(batch.relayId());
            laneThreads.add(Thread.currentThread());
        });

        CountDownLatch inListener = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        List<String> slow = new CopyOnWriteArrayList<>();
        SampleSubscription slowSub = pipeline.subscribe("slow", 1, batch -> {
            slow.add(batch.relayId());
            laneThreads.add(Thread.currentThread());
            inListener.countDown();
            RecordingStorage.await(release);
        });
        pipeline.submit(batch("x1", 1));
        RecordingStorage.await(inListener);
        pipeline.submit(batch("x2", 1));
        pipeline.submit(batch("x3", 1));
        pipeline.submit(batch("x4", 1));
        assertEquals(2, slowSub.dropped(), "capacity 1: x2 and x3 dropped, x4 kept");
        assertEquals(0, quickSub.dropped());
        Await.until("quick got all", WAIT, () -> quick.size() == 4);
        assertEquals(2, metric("subscribers.active"));
        assertEquals(2, metric("subscribers.dropped"));
        release.countDown();
        Await.until("slow got x4", WAIT, () -> slow.size() == 2);
        assertEquals(List.of("x1", "x4"), slow);

        quickSub.close();
        slowSub.close();
        assertEquals(0, metric("subscribers.active"));
        // A closed subscription's lane thread ends: listeners are only ever called from it, so from then on they
        // cannot be called again (another lane's delivery would prove nothing about theirs).
        assertEquals(2, laneThreads.stream().distinct().count(), "one lane thread per subscription");
        for (Thread lane : laneThreads.stream().distinct().toList()) {
            assertTrue(lane.join(WAIT), lane + " ended with its subscription");
        }
        List<String> later = new CopyOnWriteArrayList<>();
        pipeline.subscribe("later", 10, batch -> later.add(batch.relayId()));
        pipeline.submit(batch("after", 1));
        Await.until("the later subscriber got it", WAIT, () -> later.equals(List.of("after")));
        assertEquals(4, quick.size(), "no delivery after close");
        assertEquals(2, slow.size());
    }

    @Test
    void listenersRunOnALaneThreadOfTheirOwnNamedAfterTheSubscription() throws Exception {
        IngestionPipeline pipeline = pipeline(Map.of(), new IngestionSettings(100, 1000, Duration.ZERO, 10));
        pipeline.start();
        List<String> threads = new CopyOnWriteArrayList<>();
        pipeline.subscribe("alert-engine", 4, batch -> threads.add(Thread.currentThread().getName()));
        pipeline.submit(batch("a", 1));
        Await.until("delivered", WAIT, () -> !threads.isEmpty());
        assertTrue(threads.get(0).startsWith("pulse-live-subscriber-alert-engine-"), threads.toString());
    }

    @Test
    void aClosedPipelineRefusesNewSubscriptions() {
        IngestionPipeline pipeline = pipeline(Map.of(), IngestionSettings.defaults());
        pipeline.close();
        assertThrows(IllegalStateException.class, () -> pipeline.subscribe("late", 1, b -> { }));
    }

    @Test
    void publishersAddedBeforeStartGetEveryBatch() throws Exception {
        IngestionPipeline pipeline = pipeline(Map.of(), new IngestionSettings(100, 1000, Duration.ZERO, 10));
        List<String> got = new CopyOnWriteArrayList<>();
        pipeline.addPublisher("late-bound", publisher(batch -> got.add(batch.relayId())));
        pipeline.start();
        pipeline.submit(batch("x", 1));
        Await.until("published", WAIT, () -> got.equals(List.of("x")));
        assertTrue(metrics.snapshot().containsKey("publisher.late-bound.queue.depth"), "its counters are registered");
    }

    @Test
    void publishersCanOnlyBeAddedOnceAndBeforeStart() {
        IngestionPipeline pipeline = pipeline(Map.of("a", publisher(batch -> { })), IngestionSettings.defaults());
        assertThrows(IllegalArgumentException.class, () -> pipeline.addPublisher("a", publisher(batch -> { })));
        pipeline.start();
        assertThrows(IllegalStateException.class, () -> pipeline.addPublisher("b", publisher(batch -> { })));
    }

    @Test
    void subscribeValidatesItsArguments() {
        IngestionPipeline pipeline = pipeline(Map.of(), IngestionSettings.defaults());
        assertThrows(IllegalArgumentException.class, () -> pipeline.subscribe("zero", 0, b -> { }));
        assertThrows(NullPointerException.class, () -> pipeline.subscribe("none", 1, null));
        assertThrows(NullPointerException.class, () -> pipeline.subscribe(null, 1, b -> { }));
    }

    @Test
    void closeWritesWhatIsQueued() throws Exception {
        IngestionPipeline pipeline = new IngestionPipeline(storage, Map.of(), metrics,
                new IngestionSettings(100, 1000, Duration.ofSeconds(30), 10));
        pipeline.start();
        for (int i = 0; i < 5; i++) {
            pipeline.submit(batch("q" + i, 2));
        }
        long start = System.nanoTime();
        pipeline.close();
        assertTrue(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) < 3000, "close did not wait out the delay");
        assertEquals(10, storage.samples().size());
        pipeline.submit(batch("late", 1));
        assertEquals(10, metric("samples.ingested"), "ignored after close");
    }

    @Test
    void settingsAreValidated() {
        assertThrows(IllegalArgumentException.class, () -> new IngestionSettings(0, 1, Duration.ZERO, 1));
        assertThrows(IllegalArgumentException.class, () -> new IngestionSettings(1, 0, Duration.ZERO, 1));
        assertThrows(IllegalArgumentException.class, () -> new IngestionSettings(1, 1, Duration.ofMillis(-1), 1));
        assertThrows(IllegalArgumentException.class, () -> new IngestionSettings(1, 1, Duration.ZERO, 0));
        IngestionSettings d = IngestionSettings.defaults();
        assertEquals(30_000, d.storageQueueCapacity(), "three rounds of a 10,000-relay fleet");
    }

    private static LivePublisher publisher(DeliveryLane.Handler handler) {
        return new LivePublisher() {
            @Override
            public void publish(SampleBatch batch) throws Exception {
                handler.handle(batch);
            }

            @Override
            public Health health() {
                return Health.up();
            }

            @Override
            public void close() {
            }
        };
    }
}
