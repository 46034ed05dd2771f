package io.pulse.storage.memory;

import io.pulse.spi.stats.Sample;
import io.pulse.spi.stats.Tags;
import io.pulse.spi.storage.Aggregation;
import io.pulse.spi.storage.Fill;
import io.pulse.spi.storage.LatestQuery;
import io.pulse.spi.storage.Point;
import io.pulse.spi.storage.RangeQuery;
import io.pulse.spi.storage.RawQuery;
import io.pulse.spi.storage.RawRow;
import io.pulse.spi.storage.Source;
import io.pulse.spi.storage.Storage;
import io.pulse.spi.storage.TagFilter;
import io.pulse.storage.tck.ReferenceStorage;
import io.pulse.storage.tck.TckPluginContext;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Random writes (in order, late, older than the raw retention), maintenance runs, clean restarts and crashes, with
 * random queries after every step: the memory store must answer exactly what {@link ReferenceStorage} - the
 * contract read as plainly as possible - answers. Sample times are unique across series so that first/last never
 * meet a tie the contract leaves open.
 */
class DifferentialTest {

    private static final long T0 = 1_767_225_600_000L;
    private static final long MINUTE = 60_000;
    private static final long HOUR = 60 * MINUTE;
    private static final String[] STATS = {"cpu_used", "ram_used", "user"};
    private static final Tags[] SERIES = {
        Tags.of("host", "a"), Tags.of("host", "b", "service", "web"), Tags.of("host", "c", "service", "db"),
        Tags.of("host", "d", "service", "web", "region", "eu west"), Tags.empty(), Tags.of("service", "web")
    };
    private static final String[] VERBS = {"mean", "median", "mode", "count", "sum", "min", "max", "first", "last",
        "spread", "stddev", "p10", "p50", "p95", "p99.9"};

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6})
    void answersLikeTheReference(long seed) throws IOException {
        Random random = new Random(seed);
        try (StoreFixture fixture = new StoreFixture()) {
            ReferenceStorage reference = new ReferenceStorage(TckPluginContext.defaultSettings());
            MemoryStorage memory = fixture.open();
            long now = T0 + HOUR;
            int[] uniqueness = {0};
            for (int step = 0; step < 60; step++) {
                int action = random.nextInt(20);
                if (action < 14) {
                    List<Sample> batch = randomBatch(random, now, uniqueness);
                    memory.write(batch);
                    reference.write(batch);
                } else if (action < 17) {
                    now += random.nextInt(4) == 0 ? 9 * HOUR : random.nextInt((int) HOUR);
                    memory.maintain(now);
                    reference.maintain(now);
                } else if (action == 17) {
                    memory.close();
                    memory = fixture.open();
                } else if (action == 18) {
                    memory.abandon();
                    memory = fixture.open();
                } else {
                    memory.snapshot();
                }
                for (int q = 0; q < 25; q++) {
                    compareRandomQuery(random, memory, reference, now, "seed " + seed + " step " + step + " query " + q);
                }
            }
        }
    }

    private static List<Sample> randomBatch(Random random, long now, int[] uniqueness) {
        int n = 1 + random.nextInt(20);
        List<Sample> batch = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            long base = switch (random.nextInt(10)) {
                case 0 -> now - 9 * HOUR - random.nextInt((int) HOUR);       // older than the raw retention
                case 1, 2 -> now - random.nextInt((int) (7 * HOUR));          // late
                default -> now - random.nextInt((int) (10 * MINUTE));         // recent
            };
            // unique across the whole run: a tie in time across series would make first/last backend-specific
            long time = base - Math.floorMod(base, 1000) + (++uniqueness[0] % 1000);
            double value = switch (random.nextInt(4)) {
                case 0 -> random.nextInt(10_000) / 10_000.0;
                case 1 -> random.nextInt(100);
                case 2 -> random.nextGaussian() * 1000;
                default -> random.nextInt(5) / 2.0;                            // repeats, for mode
            };
            batch.add(new Sample(STATS[random.nextInt(STATS.length)], SERIES[random.nextInt(SERIES.length)], time, value));
        }
        return batch;
    }

    private static void compareRandomQuery(Random random, Storage memory, Storage reference, long now, String where) {
        String stat = STATS[random.nextInt(STATS.length)];
        TagFilter filter = randomFilter(random);
        Aggregation verb = Aggregation.parse(VERBS[random.nextInt(VERBS.length)]);
        switch (random.nextInt(5)) {
            case 0 -> {
                assertEquals(reference.keys(), memory.keys(), where + ": keys");
                assertEquals(reference.tagKeys(), memory.tagKeys(), where + ": tag keys");
            }
            case 1 -> {
                Duration interval = Duration.ofMillis(List.of(MINUTE, 10 * MINUTE, HOUR).get(random.nextInt(3)));
                long at = now - random.nextInt((int) (3 * HOUR));
                LatestQuery q = new LatestQuery(stat, verb, filter, interval, at);
                assertSame(reference.latest(q).map(List::of).orElse(List.of()),
                    memory.latest(q).map(List::of).orElse(List.of()), where + ": " + q);
            }
            case 2 -> {
                long to = now - random.nextInt((int) (2 * HOUR));
                RawQuery q = new RawQuery(stat, filter, List.of("service", "host"), 1 + random.nextInt(30),
                    to - random.nextInt((int) (10 * HOUR)), to);
                List<RawRow> expected = reference.raw(q);
                assertEquals(expected, memory.raw(q), where + ": " + q);
            }
            default -> {
                Source source = random.nextBoolean() ? Source.RAW : Source.AGGREGATED;
                Duration bucket = Duration.ofMillis(List.of(MINUTE, 15 * MINUTE, HOUR, 24 * HOUR).get(random.nextInt(4)));
                Fill fill = switch (random.nextInt(3)) {
                    case 0 -> Fill.NONE;
                    case 1 -> Fill.ZERO;
                    default -> Fill.value(-1.5);
                };
                long to = now + random.nextInt((int) HOUR) - random.nextInt((int) (12 * HOUR));
                long from = to - random.nextInt((int) (30 * HOUR));
                if (source == Source.AGGREGATED && (verb.function() == Aggregation.Function.FIRST
                    || verb.function() == Aggregation.Function.LAST)) {
                    verb = Aggregation.MEAN; // aggregates of different series share bucket times: a tie
                }
                RangeQuery q = new RangeQuery(stat, verb, filter, source, from, to, bucket, fill);
                assertSame(reference.range(q), memory.range(q), where + ": " + q);
            }
        }
    }

    private static TagFilter randomFilter(Random random) {
        Map<String, List<String>> filter = new LinkedHashMap<>();
        int keys = random.nextInt(3);
        for (int k = 0; k < keys; k++) {
            String key = List.of("host", "service", "region").get(random.nextInt(3));
            List<String> values = new ArrayList<>();
            for (int v = 0; v <= random.nextInt(2); v++) {
                values.add(List.of("a", "b", "c", "d", "web", "db", "eu west", "eu").get(random.nextInt(8)));
            }
            filter.put(key, values);
        }
        return TagFilter.of(filter);
    }

    private static void assertSame(List<Point> expected, List<Point> actual, String where) {
        if (expected.size() != actual.size()) {
            fail(where + ": expected " + expected.size() + " points but got " + actual.size() + "; first difference "
                + firstDifference(expected, actual));
        }
        for (int i = 0; i < expected.size(); i++) {
            Point e = expected.get(i);
            Point a = actual.get(i);
            double tolerance = 1e-9 * Math.max(1, Math.abs(e.value()));
            if (e.timeMillis() != a.timeMillis() || !(Math.abs(e.value() - a.value()) <= tolerance)) {
                fail(where + ": point " + i + " expected " + e + " but got " + a);
            }
        }
    }

    private static String firstDifference(List<Point> expected, List<Point> actual) {
        for (int i = 0; i < Math.min(expected.size(), actual.size()); i++) {
            if (!expected.get(i).equals(actual.get(i))) {
                return "at " + i + ": expected " + expected.get(i) + ", got " + actual.get(i);
            }
        }
        return expected.size() > actual.size() ? "missing " + expected.get(actual.size())
            : "extra " + actual.get(expected.size());
    }

}
