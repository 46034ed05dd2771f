package io.pulse.storage.influxdb;

import io.pulse.spi.Health;
import io.pulse.spi.stats.Sample;
import io.pulse.spi.stats.Tags;
import io.pulse.storage.tck.TckPluginContext;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * InfluxDB going away and coming back, with a real influxd per test: every sample written is counted in InfluxDB
 * afterwards, nothing lost within the buffer bound; what does not fit is dropped oldest first and counted.
 */
@RequiresInfluxd
class OutageTest extends InfluxdPerTest {

    @Test
    void nothingIsLostWhenInfluxdbStopsUnderContinuousIngestion() throws Exception {
        String db = StorageHarness.newDatabase();
        InfluxDbStorage storage = harness.create(harness.context(db, "pulse", Map.of()));
        StorageHarness.start(storage);

        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong written = new AtomicLong();
        AtomicLong slowestWriteNanos = new AtomicLong();
        ExecutorService ingestion = Executors.newSingleThreadExecutor();
        Future<?> writer = ingestion.submit(() -> {
            for (long i = 0; !stop.get(); i++) {
                long t0 = System.nanoTime();
                storage.write(batch(i));
                slowestWriteNanos.accumulateAndGet(System.nanoTime() - t0, Math::max);
                written.addAndGet(10);
                Thread.sleep(2);
            }
            return null;
        });
        try {
            StorageHarness.await("some samples to be written", SETTLE, () -> written.get() >= 500);
            influxd.stop();
            long atStop = written.get();
            StorageHarness.await("ingestion to go on while InfluxDB is down", SETTLE,
                () -> written.get() >= atStop + 2_000 && storage.bufferedSamples() > 0);
            Health down = storage.health();
            assertEquals(Health.Status.DOWN, down.status(), down.toString());
            assertTrue(down.detail().contains(influxd.url()) && down.detail().contains("buffered"), down.detail());

            influxd.restart();
            long atRestart = written.get();
            StorageHarness.await("ingestion after the restart", SETTLE, () -> written.get() >= atRestart + 500);
        } finally {
            stop.set(true);
            writer.get(10, TimeUnit.SECONDS);
            ingestion.shutdown();
        }
        StorageHarness.await("the buffer to drain", SETTLE, () -> storage.bufferedSamples() == 0 && storage.health().isUp());
        assertEquals(written.get(), countInInfluxdb(db), "every sample written is in InfluxDB");
        assertEquals(0, storage.droppedSamples());
        assertTrue(slowestWriteNanos.get() < TimeUnit.SECONDS.toNanos(1),
            "writes never waited long: slowest " + slowestWriteNanos.get() / 1_000_000 + " ms");
    }

    @Test
    void aRestartedPulseReplaysWhatAnEarlierRunBuffered() {
        String db = StorageHarness.newDatabase();
        InfluxDbStorage first = harness.create(harness.context(db, "pulse", Map.of()));
        StorageHarness.start(first);
        first.write(batch(0));
        influxd.stop();
        writeBatches(first, 1, 101);
        assertEquals(1_000, first.bufferedSamples());
        first.close();

        InfluxDbStorage second = harness.create(harness.context(db, "pulse", Map.of()));
        StorageHarness.start(second);
        assertEquals(Health.Status.DOWN, second.health().status());
        assertTrue(second.health().detail().contains("buffered 1000 samples"), second.health().detail());
        second.write(batch(101));

        influxd.restart();
        StorageHarness.await("the buffer to drain", SETTLE, () -> second.bufferedSamples() == 0 && second.health().isUp());
        assertEquals(1_020, countInInfluxdb(db), "the first write, the earlier run's buffer and the new write");
    }

    /**
     * An address whose host name does not resolve (DNS down, InfluxDB's container not started yet) is an outage like
     * any other: the storage starts DOWN, buffers writes and keeps retrying. (influxdb-java resolves the host when a
     * client is made, which used to fail start-up with UnknownHostException.) The host cannot be made resolvable
     * inside this JVM, so recovery is shown by the next run on the same data directory, pointed at the real influxd,
     * replaying what was buffered.
     */
    @Test
    void anUnresolvableHostStartsDownBuffersAndRetries() throws Exception {
        String db = StorageHarness.newDatabase();
        String unresolvable = "http://influxdb.pulse-test.invalid:8086";  // .invalid never resolves (RFC 2606)
        InfluxDbStorage storage = harness.create(StorageHarness.contextBuilder(unresolvable,
                harness.serverDir("pulse"), Map.of("database", db), TckPluginContext.RETENTION,
                TckPluginContext.AGGREGATE_INTERVAL)
            .scheduler(harness.scheduler())
            .build());
        storage.start();  // must not throw
        Health down = storage.health();
        assertEquals(Health.Status.DOWN, down.status(), down.toString());
        assertTrue(down.detail().contains(unresolvable) && down.detail().contains("UnknownHostException"), down.detail());
        writeBatches(storage, 0, 10);
        assertEquals(100, storage.bufferedSamples(), "writes wait in the disk buffer");
        long retriesBefore = storage.connectAttempts();
        StorageHarness.await("the link task to retry", SETTLE, () -> storage.connectAttempts() >= retriesBefore + 3);
        assertEquals(Health.Status.DOWN, storage.health().status());
        assertEquals(100, storage.bufferedSamples());
        storage.close();

        InfluxDbStorage next = harness.create(harness.context(db, "pulse", Map.of()));
        StorageHarness.start(next);
        StorageHarness.await("the buffer to drain", SETTLE, () -> next.bufferedSamples() == 0 && next.health().isUp());
        assertEquals(100, countInInfluxdb(db), "what was buffered while the host did not resolve reaches InfluxDB");
    }

    @Test
    void aFullBufferDropsTheOldestSamplesAndCountsThem() {
        String db = StorageHarness.newDatabase();
        InfluxDbStorage storage = harness.create(harness.context(db, "pulse", Map.of("buffer-max-size", "64k")));
        StorageHarness.start(storage);
        influxd.stop();
        int batches = 400;
        for (long i = 0; i < batches; i++) {
            storage.write(batch(i));
        }
        long dropped = storage.droppedSamples();
        long buffered = storage.bufferedSamples();
        assertTrue(dropped > 0, "64 KiB cannot hold " + batches * 10 + " samples");
        assertEquals(batches * 10L, dropped + buffered);
        assertTrue(storage.health().detail().contains("dropped " + dropped + " (buffer full)"), storage.health().detail());

        influxd.restart();
        StorageHarness.await("the buffer to drain", SETTLE, () -> storage.bufferedSamples() == 0 && storage.health().isUp());
        assertEquals(buffered, countInInfluxdb(db));
        // The newest batches were kept; a replay attempt in progress while the buffer overflowed may have kept one
        // older batch (the one it was sending) in place of a newer one.
        long newestKept = buffered / 10 - 1;
        String json = influxd.query(db, "SELECT count(\"load\"::field) FROM \"one_day\".\"load\" WHERE \"load\" >= "
            + (batches - newestKept));
        Matcher m = Pattern.compile("\\[\\[\\d+,(\\d+)\\]\\]").matcher(json);
        assertTrue(m.find() && Long.parseLong(m.group(1)) == newestKept * 10, "the newest samples were kept: " + json);
    }

    @Test
    void aHungInfluxdbHoldsOneWriteForTheTimeoutAtMost() {
        String db = StorageHarness.newDatabase();
        InfluxDbStorage storage = harness.create(harness.context(db, "pulse", Map.of("timeout", "500ms")));
        StorageHarness.start(storage);
        storage.write(batch(0));
        influxd.freeze();
        try {
            long slowest = 0;
            long total = 0;
            for (long i = 1; i <= 50; i++) {
                long t0 = System.nanoTime();
                storage.write(batch(i));
                long took = System.nanoTime() - t0;
                slowest = Math.max(slowest, took);
                total += took;
            }
            assertTrue(slowest < TimeUnit.MILLISECONDS.toNanos(1_500), "slowest write " + slowest / 1_000_000 + " ms");
            assertTrue(total < TimeUnit.MILLISECONDS.toNanos(2_500), "50 writes took " + total / 1_000_000 + " ms");
            assertEquals(Health.Status.DOWN, storage.health().status());
        } finally {
            influxd.thaw();
        }
        StorageHarness.await("the buffer to drain", SETTLE, () -> storage.bufferedSamples() == 0 && storage.health().isUp());
        assertEquals(510, countInInfluxdb(db));
    }

    @Test
    void aDroppedDatabaseIsCreatedAgainAndTheBufferReplayed() {
        String db = StorageHarness.newDatabase();
        InfluxDbStorage storage = harness.create(harness.context(db, "pulse", Map.of()));
        StorageHarness.start(storage);
        storage.write(batch(0));
        influxd.query(db, "DROP DATABASE \"" + db + "\"");
        writeBatches(storage, 1, 6);
        StorageHarness.await("the schema to come back and the buffer to drain", SETTLE,
            () -> storage.bufferedSamples() == 0 && storage.health().isUp());
        assertEquals(50, countInInfluxdb(db), "the writes after the drop");
        assertTrue(influxd.query(db, "SHOW RETENTION POLICIES ON \"" + db + "\"").contains("[\"one_day\",\"8h0m0s\",\"1h0m0s\",1,true]"));
    }

    @Test
    void samplesOlderThanTheRawPolicyAreRefusedByInfluxdbAndCountedNotRetried() {
        String db = StorageHarness.newDatabase();
        InfluxDbStorage storage = harness.create(harness.context(db, "pulse", Map.of()));
        StorageHarness.start(storage);
        long tooOld = System.currentTimeMillis() - Duration.ofHours(9).toMillis();
        storage.write(List.of(new Sample("load", Tags.of("host", "old"), tooOld, 1), new Sample("load", Tags.of("host", "new"), origin, 2)));
        assertEquals(1, countInInfluxdb(db), "the recent sample is stored");
        assertEquals(0, storage.bufferedSamples(), "a refusal for good is not retried");
        assertTrue(storage.health().isUp());
        assertTrue(storage.health().detail().contains("rejected by InfluxDB 1"), storage.health().detail());
    }

    @Test
    void aLargeWriteIsSplitIntoRequestsOfBatchMaxPoints() {
        String db = StorageHarness.newDatabase();
        InfluxDbStorage storage = harness.create(harness.context(db, "pulse", Map.of("batch-max-points", "3")));
        StorageHarness.start(storage);
        influxd.stop();
        storage.write(batch(0));   // ten samples: requests of 3, 3, 3 and 1
        assertEquals(4, storage.bufferedBatches());
        influxd.restart();
        StorageHarness.await("the buffer to drain", SETTLE, () -> storage.bufferedSamples() == 0 && storage.health().isUp());
        assertEquals(10, countInInfluxdb(db));
    }
}
