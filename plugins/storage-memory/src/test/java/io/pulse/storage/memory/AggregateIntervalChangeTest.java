package io.pulse.storage.memory;

import io.pulse.spi.storage.Aggregation;
import io.pulse.spi.storage.Fill;
import io.pulse.spi.storage.Point;
import io.pulse.spi.storage.RangeQuery;
import io.pulse.spi.storage.Source;
import io.pulse.spi.storage.TagFilter;
import io.pulse.spi.stats.Tags;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static io.pulse.storage.memory.DurabilityTest.T0;
import static io.pulse.storage.memory.DurabilityTest.writeBatches;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A restart with another aggregate interval ({@code -a}): raw samples that were not down-sampled yet under the old
 * interval are down-sampled under the new one, whether they come back from the snapshot or from the write-ahead log.
 * (The snapshot's dirty buckets used to keep the old alignment: a 15-minute bucket was then aggregated as its first
 * 2 s, and the rest of its samples never reached {@code /hourly}.)
 */
class AggregateIntervalChangeTest {

    private static final long MINUTE = 60_000;
    private static final Tags WEB1 = Tags.of("host", "web1");

    private final StoreFixture fixture = new StoreFixture();

    @AfterEach
    void cleanUp() throws IOException {
        fixture.close();
    }

    @Test
    void samplesWrittenUnderALongIntervalAreDownSampledAfterARestartWithAShortOne() throws IOException {
        MemoryStorage store = fixture.openWithAggregateInterval(Duration.ofMinutes(15));
        writeBatches(store, "cpu_used", WEB1, 1, 6);       // minutes 1..5: in the snapshot below
        store.snapshot();
        writeBatches(store, "cpu_used", WEB1, 6, 11);      // minutes 6..10: in the write-ahead log only
        store.abandon();                                   // kill -9

        MemoryStorage reopened = fixture.openWithAggregateInterval(Duration.ofSeconds(2));
        reopened.maintain(T0 + 16 * MINUTE);
        List<Point> expected = new ArrayList<>();
        for (int m = 1; m <= 10; m++) {
            expected.add(new Point(T0 + m * MINUTE, m));   // one 2 s bucket per sample, each its own mean
        }
        assertEquals(expected, aggregates(reopened, Duration.ofSeconds(2)), "every raw sample is down-sampled");
        assertEquals(List.of(new Point(T0, 5.5)), hourly(reopened), "/hourly has the whole quarter's mean");
    }

    @Test
    void samplesWrittenUnderAShortIntervalAreDownSampledAfterARestartWithALongOne() throws IOException {
        MemoryStorage store = fixture.openWithAggregateInterval(Duration.ofSeconds(2));
        writeBatches(store, "cpu_used", WEB1, 1, 11);      // minutes 1..10
        store.maintain(T0 + 10 * MINUTE);                  // 2 s aggregates of minutes 1..9; minute 10 still dirty
        assertEquals(9, aggregates(store, Duration.ofSeconds(2)).size());
        store.close();

        MemoryStorage reopened = fixture.openWithAggregateInterval(Duration.ofMinutes(15));
        reopened.maintain(T0 + 15 * MINUTE);
        assertEquals(List.of(new Point(T0, 5.5)), aggregates(reopened, Duration.ofSeconds(2)),
            "one aggregate for the quarter, superseding the 2 s ones inside it (its raw samples are all still held)");
        reopened.close();

        MemoryStorage again = fixture.openWithAggregateInterval(Duration.ofMinutes(15));
        assertEquals(List.of(new Point(T0, 5.5)), aggregates(again, Duration.ofSeconds(2)), "and so after a restart");
    }

    @Test
    void anUnchangedIntervalLeavesAggregatesAsTheyWere() throws IOException {
        MemoryStorage store = fixture.openWithAggregateInterval(Duration.ofMinutes(15));
        writeBatches(store, "cpu_used", WEB1, 0, 20);
        store.maintain(T0 + 20 * MINUTE);
        store.close();

        MemoryStorage reopened = fixture.openWithAggregateInterval(Duration.ofMinutes(15));
        reopened.maintain(T0 + 30 * MINUTE);
        assertEquals(List.of(new Point(T0, 7), new Point(T0 + 15 * MINUTE, 17)),
            aggregates(reopened, Duration.ofSeconds(2)));
    }

    /** Every aggregate, one per bucket of {@code width} (narrower than any aggregate interval used here). */
    private static List<Point> aggregates(MemoryStorage store, Duration width) {
        return store.range(new RangeQuery("cpu_used", Aggregation.MEAN, TagFilter.none(), Source.AGGREGATED,
            T0 - Duration.ofDays(1).toMillis(), T0 + Duration.ofDays(1).toMillis(), width, Fill.NONE));
    }

    /** What {@code GET /hourly/cpu_used} reads: the aggregates' mean per hour. */
    private static List<Point> hourly(MemoryStorage store) {
        return store.range(new RangeQuery("cpu_used", Aggregation.MEAN, TagFilter.none(), Source.AGGREGATED,
            T0 - Duration.ofDays(1).toMillis(), T0 + Duration.ofDays(1).toMillis(), Duration.ofHours(1), Fill.NONE));
    }
}
