package io.pulse.storage.memory;

import io.pulse.spi.stats.Sample;
import io.pulse.spi.stats.Tags;
import io.pulse.spi.storage.Aggregation;
import io.pulse.spi.storage.Fill;
import io.pulse.spi.storage.LatestQuery;
import io.pulse.spi.storage.Point;
import io.pulse.spi.storage.RangeQuery;
import io.pulse.spi.storage.RawQuery;
import io.pulse.spi.storage.Source;
import io.pulse.spi.storage.TagFilter;
import io.pulse.storage.tck.ReferenceStorage;
import io.pulse.storage.tck.TckPluginContext;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Writes, queries, maintenance and snapshots all at once: nothing fails, nothing is lost, and the result - also
 * after a crash and restart - equals the reference fed the same writes one by one.
 */
class ConcurrencyTest {

    private static final long T0 = 1_767_225_600_000L;
    private static final int SERIES = 50;
    private static final int BATCHES = 600;

    @Test
    void writesQueriesMaintenanceAndSnapshotsTogether() throws Exception {
        try (StoreFixture fixture = new StoreFixture()) {
            MemoryStorage store = fixture.open();
            ReferenceStorage reference = new ReferenceStorage(TckPluginContext.defaultSettings());
            List<List<Sample>> batches = new ArrayList<>();
            for (int b = 0; b < BATCHES; b++) {
                List<Sample> batch = new ArrayList<>(SERIES);
                for (int s = 0; s < SERIES; s++) {
                    long time = T0 + b * 10_000L + s;        // 10 s apart: 100 minutes in all
                    if (b % 50 == 7) {
                        time -= 20 * 60_000L;               // some late samples into aggregated buckets
                    }
                    batch.add(new Sample("load", Tags.of("host", "h" + s, "rack", "r" + s % 5), time, (b * 7 + s) % 100 / 10.0));
                }
                batches.add(batch);
            }
            AtomicBoolean writing = new AtomicBoolean(true);
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                CountDownLatch go = new CountDownLatch(1);
                Future<?> writer = pool.submit(() -> {
                    try {
                        go.await();
                        batches.forEach(store::write);
                    } finally {
                        writing.set(false);
                    }
                    return null;
                });
                Future<Integer> maintainer = pool.submit(() -> {
                    int runs = 0;
                    while (writing.get() || runs < 3) {
                        store.maintain(T0 + runs * 60_000L);
                        if (runs % 5 == 0) {
                            store.snapshot();
                        }
                        runs++;
                        Thread.sleep(10); // maintenance snapshots when it changed something: leave the disk some rest
                    }
                    return runs;
                });
                List<Future<Integer>> readers = new ArrayList<>();
                for (int r = 0; r < 2; r++) {
                    int reader = r;
                    readers.add(pool.submit(() -> {
                        int reads = 0;
                        while (writing.get() || reads < 5) {
                            store.latest(new LatestQuery("load", Aggregation.parse(reader == 0 ? "p95" : "mean"),
                                TagFilter.anyOf("rack", "r1", "r2"), Duration.ofMinutes(1), T0 + reads * 10_000L));
                            store.range(new RangeQuery("load", Aggregation.MEAN, TagFilter.none(), Source.AGGREGATED,
                                T0 - 1, T0 + Duration.ofHours(3).toMillis(), Duration.ofMinutes(15), Fill.ZERO));
                            store.raw(new RawQuery("load", TagFilter.anyOf("host", "h3"), List.of("rack"), 5, T0 - 1,
                                T0 + Duration.ofHours(3).toMillis()));
                            store.keys();
                            store.tagKeys();
                            reads++;
                        }
                        return reads;
                    }));
                }
                go.countDown();
                writer.get(60, TimeUnit.SECONDS);
                assertTrue(maintainer.get(60, TimeUnit.SECONDS) > 0);
                for (Future<Integer> r : readers) {
                    assertTrue(r.get(60, TimeUnit.SECONDS) >= 5);
                }
            } finally {
                pool.shutdownNow();
            }
            batches.forEach(reference::write);
            long end = T0 + Duration.ofHours(2).toMillis();
            store.maintain(end);
            reference.maintain(end);
            assertSameContents(reference, store);

            store.abandon();
            MemoryStorage reopened = fixture.open();
            assertSameContents(reference, reopened);
        }
    }

    private static void assertSameContents(ReferenceStorage reference, MemoryStorage store) {
        for (Source source : Source.values()) {
            for (String verb : List.of("count", "mean", "max")) {
                RangeQuery q = new RangeQuery("load", Aggregation.parse(verb), TagFilter.none(), source, T0 - 3_600_000L,
                    T0 + Duration.ofHours(3).toMillis(), Duration.ofMinutes(15), Fill.NONE);
                List<Point> expected = reference.range(q);
                List<Point> actual = store.range(q);
                assertEquals(expected.size(), actual.size(), q.toString());
                for (int i = 0; i < expected.size(); i++) {
                    assertEquals(expected.get(i).timeMillis(), actual.get(i).timeMillis(), q.toString());
                    assertEquals(expected.get(i).value(), actual.get(i).value(), 1e-9 * Math.max(1, Math.abs(expected.get(i).value())), q.toString());
                }
            }
        }
        assertEquals((long) BATCHES * SERIES, store.stats().rawSamples());
    }
}
