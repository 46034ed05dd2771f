package io.pulse.storage.influxdb;

import io.pulse.spi.stats.Sample;
import io.pulse.spi.stats.Tags;
import io.pulse.spi.storage.Aggregation;
import io.pulse.spi.storage.Fill;
import io.pulse.spi.storage.LatestQuery;
import io.pulse.spi.storage.Point;
import io.pulse.spi.storage.RangeQuery;
import io.pulse.spi.storage.Source;
import io.pulse.spi.storage.TagFilter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Every verb as InfluxDB computes it (or Pulse, for {@code mode}) against the contract's reference
 * {@link Aggregation#apply}, over random data full of ties: repeated values (mode, median, percentiles) and several
 * samples in the same millisecond across series (first, last: the first written wins).
 */
@RequiresInfluxd
@ExtendWith(InfluxdExtension.class)
class VerbParityTest {

    private static final long MINUTE = 60_000;
    private static final List<String> VERBS = List.of("mean", "median", "mode", "count", "sum", "min", "max", "first",
        "last", "spread", "stddev", "p1", "p10", "p25", "p33.3", "p50", "p66.7", "p75", "p90", "p99.9", "p100");

    @Test
    void everyVerbMatchesTheReferenceOnRandomDataWithTies(StorageHarness harness) {
        InfluxDbStorage storage = harness.started(Map.of());
        Random random = new Random(20260101);
        long base = Math.floorDiv(System.currentTimeMillis(), 3_600_000) * 3_600_000 - 2 * 3_600_000;
        List<Tags> series = List.of(Tags.of("host", "a"), Tags.of("host", "b"), Tags.of("host", "c", "role", "db"));
        // Every sample in the contract's reference order: time order, ties in write order.
        List<Sample> written = new ArrayList<>();
        for (int minute = 0; minute < 12; minute++) {
            int count = minute == 5 ? 1 : 1 + random.nextInt(9);   // minute 5: a single value (stddev gives none)
            List<long[]> stamps = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                long at = base + minute * MINUTE + random.nextInt(4) * 1_000;   // few distinct times: many ties
                stamps.add(new long[] {at, random.nextInt(series.size()), random.nextInt(4)});
            }
            stamps.sort((x, y) -> Long.compare(x[0], y[0]));   // stable: same-time samples keep write order
            List<Sample> batch = new ArrayList<>();
            for (long[] s : stamps) {
                batch.add(new Sample("v", series.get((int) s[1]), s[0], s[2]));
            }
            // split each minute's samples over two writes, so ties also span write calls
            int half = batch.size() / 2;
            storage.write(batch.subList(0, half));
            storage.write(batch.subList(half, batch.size()));
            written.addAll(batch);
        }
        TagFilter hostA = TagFilter.anyOf("host", "a");

        int compared = 0;
        for (String verb : VERBS) {
            Aggregation aggregation = Aggregation.parse(verb);
            List<Point> expected = reference(aggregation, written, TagFilter.none(), base - 1, base + 12 * MINUTE);
            List<Point> actual = storage.range(new RangeQuery("v", aggregation, TagFilter.none(), Source.RAW, base - 1,
                base + 12 * MINUTE, Duration.ofMinutes(1), Fill.NONE));
            assertSame(verb + " over every series", expected, actual);
            List<Point> expectedA = reference(aggregation, written, hostA, base - 1, base + 12 * MINUTE);
            List<Point> actualA = storage.range(new RangeQuery("v", aggregation, hostA, Source.RAW,
                base - 1, base + 12 * MINUTE, Duration.ofMinutes(1), Fill.NONE));
            assertSame(verb + " over host a", expectedA, actualA);
            for (long minute : new long[] {1, 3, 6, 11}) {
                long now = base + minute * MINUTE + 59_000;
                Optional<Point> latest = storage.latest(new LatestQuery("v", aggregation, TagFilter.none(), Duration.ofMinutes(1), now));
                List<Point> window = reference(aggregation, written, TagFilter.none(), now - 2 * MINUTE, now + 1);
                Optional<Point> want = window.isEmpty() ? Optional.empty() : Optional.of(window.get(window.size() - 1));
                assertEquals(want.map(Point::timeMillis), latest.map(Point::timeMillis), verb + " latest at minute " + minute);
                want.ifPresent(w -> assertClose(verb + " latest", w.value(), latest.get().value()));
                compared++;
            }
        }
        assertEquals(VERBS.size() * 4, compared);
    }

    /** The contract's answer: values with time in (from, to) of the matching series, per one-minute bucket. */
    private static List<Point> reference(Aggregation aggregation, List<Sample> samples, TagFilter filter, long from, long to) {
        TreeMap<Long, List<Double>> buckets = new TreeMap<>();
        for (Sample sample : samples) {
            if (sample.timeMillis() > from && sample.timeMillis() < to && filter.matches(sample.tags())) {
                buckets.computeIfAbsent(Math.floorDiv(sample.timeMillis(), MINUTE) * MINUTE, k -> new ArrayList<>()).add(sample.value());
            }
        }
        List<Point> points = new ArrayList<>();
        buckets.forEach((start, values) -> {
            double[] array = values.stream().mapToDouble(Double::doubleValue).toArray();
            double v = aggregation.apply(array, array.length);
            if (!Double.isNaN(v)) {
                points.add(new Point(start, v));
            }
        });
        return points;
    }

    private static void assertSame(String what, List<Point> expected, List<Point> actual) {
        assertEquals(expected.stream().map(Point::timeMillis).toList(), actual.stream().map(Point::timeMillis).toList(),
            what + ": buckets\nexpected " + expected + "\nactual   " + actual);
        for (int i = 0; i < expected.size(); i++) {
            assertClose(what + " at bucket " + i, expected.get(i).value(), actual.get(i).value());
        }
    }

    private static void assertClose(String what, double expected, double actual) {
        if (Math.abs(expected - actual) > 1e-9 * Math.max(1, Math.abs(expected))) {
            fail(what + ": expected " + expected + " but was " + actual);
        }
    }
}
