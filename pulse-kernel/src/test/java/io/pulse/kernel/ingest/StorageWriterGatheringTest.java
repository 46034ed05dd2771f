package io.pulse.kernel.ingest;

import io.pulse.kernel.metrics.Metrics;
import io.pulse.kernel.testing.RecordingStorage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static io.pulse.kernel.ingest.TestBatches.batch;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The storage writer sleeps while it gathers a write: until the write's deadline, or until the queued batches would
 * fill it (the producer's addition wakes it), never so long that the queue drops batches meanwhile.
 */
class StorageWriterGatheringTest {

    private final Metrics metrics = new Metrics();
    private final RecordingStorage storage = new RecordingStorage();
    private IngestionPipeline pipeline;

    @AfterEach
    void close() {
        if (pipeline != null) {
            pipeline.close();
        }
    }

    private IngestionPipeline start(int queueCapacity, int maxSamples, Duration maxDelay) {
        pipeline = new IngestionPipeline(storage, Map.of(), metrics,
                new IngestionSettings(queueCapacity, maxSamples, maxDelay, 10));
        pipeline.start();
        return pipeline;
    }

    private long metric(String name) {
        return TestBatches.metric(metrics, name);
    }

    @Test
    void batchesArrivingBeforeTheDeadlineAreWrittenTogetherAtIt() throws Exception {
        IngestionPipeline pipeline = start(100, 1000, Duration.ofSeconds(1));
        pipeline.submit(batch("a", 2));
        Thread.sleep(50);
        pipeline.submit(batch("b", 3));
        pipeline.submit(batch("c", 1));
        storage.awaitSamples(6, 5, TimeUnit.SECONDS);
        assertEquals(List.of(6), storage.writes().stream().map(List::size).toList(), "one write at the deadline");
    }

    @Test
    void batchesThatFillAWriteWakeTheWriterBeforeItsDeadline() throws Exception {
        // a deadline no test waits for: only the queue reaching a write's worth can start the write
        IngestionPipeline pipeline = start(100, 20, Duration.ofHours(1));
        pipeline.submit(batch("first", 5));
        Thread.sleep(50);  // the writer has taken it and sleeps towards the deadline
        for (int i = 0; i < 3; i++) {
            pipeline.submit(batch("r" + i, 5));
        }
        storage.awaitSamples(20, 5, TimeUnit.SECONDS);
        assertEquals(List.of(20), storage.writes().stream().map(List::size).toList());
    }

    @Test
    void aSleepingWriterTakesTheQueueBeforeItWouldDrop() throws Exception {
        // writes of 1,000 samples, batches of 1: a write's worth would be 1,000 batches, but the queue holds 100, so
        // the writer wakes at half of them and goes on gathering; the queue never overflows (waking only for a
        // write's worth, the writer would sleep for an hour while the queue dropped all but the last 100)
        IngestionPipeline pipeline = start(100, 1000, Duration.ofHours(1));
        for (int i = 0; i < 1000; i++) {
            pipeline.submit(batch("r" + i, 1));
            if (i % 5 == 4) {
                Thread.sleep(1);  // a steady producer, as relay answers are, with the writer woken on the way
            }
        }
        storage.awaitSamples(1000, 10, TimeUnit.SECONDS);
        assertEquals(List.of(1000), storage.writes().stream().map(List::size).toList(), "filled, so written");
        assertEquals(0, metric("storage.samples.dropped"));
    }
}
