package io.pulse.storage.influxdb;

import io.pulse.spi.stats.Sample;
import io.pulse.spi.stats.Tags;
import io.pulse.spi.storage.Aggregation;
import io.pulse.spi.storage.Fill;
import io.pulse.spi.storage.InvalidQueryException;
import io.pulse.spi.storage.LatestQuery;
import io.pulse.spi.storage.Point;
import io.pulse.spi.storage.RangeQuery;
import io.pulse.spi.storage.RawQuery;
import io.pulse.spi.storage.RawRow;
import io.pulse.spi.storage.Source;
import io.pulse.spi.storage.TagFilter;
import io.pulse.spi.storage.WriteResult;
import io.pulse.spi.storage.WriteResult.Refusal;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Names that are InfluxQL keywords or need escaping, in stats, tag keys and tag values, written to and read back
 * from a real InfluxDB; names it cannot store are refused with their reason while the rest of the batch is stored.
 */
@RequiresInfluxd
@ExtendWith(InfluxdExtension.class)
class NamesTest {

    private static final long HOUR = 3_600_000;
    private InfluxdServer influxd;
    private StorageHarness harness;
    private InfluxDbStorage storage;
    private long base;

    @BeforeEach
    void setUp(InfluxdServer influxd, StorageHarness harness) {
        this.influxd = influxd;
        this.harness = harness;
        storage = harness.started(Map.of());
        base = Math.floorDiv(System.currentTimeMillis(), HOUR) * HOUR - 2 * HOUR;
    }

    @Test
    void statNamesThatAreKeywordsOrNeedQuotingAreStoredAndQueried() {
        List<String> stats = List.of("user", "cpu", "select", "from", "group", "field", "tag", "host", "ram used", "a,b",
            "a=b", "say \"hi\"", "it's", "c:\\temp", "ünïcödé", "_internal", "1st", "a.b", "a/b", "/.*/", "x;DROP DATABASE y");
        List<Sample> samples = new ArrayList<>();
        for (int i = 0; i < stats.size(); i++) {
            samples.add(new Sample(stats.get(i), Tags.of("host", "h1"), base + 60_000, i));
            samples.add(new Sample(stats.get(i), Tags.of("host", "h1"), base + 120_000, i + 0.5));
        }
        storage.write(samples);
        storage.maintain(base + 20 * 60_000);

        assertEquals(stats.stream().sorted().toList(), storage.keys());
        for (int i = 0; i < stats.size(); i++) {
            String stat = stats.get(i);
            assertEquals(Optional.of(new Point(base + 120_000, i + 0.5)),
                storage.latest(new LatestQuery(stat, Aggregation.MEAN, TagFilter.none(), Duration.ofSeconds(60), base + 150_000)), stat);
            assertEquals(List.of(new RawRow(base + 120_000, i + 0.5, Map.of()), new RawRow(base + 60_000, i, Map.of())),
                storage.raw(new RawQuery(stat, TagFilter.none(), List.of(), 5, base, base + HOUR)), stat);
            assertEquals(List.of(new Point(base, i + 0.25)), storage.range(new RangeQuery(stat, Aggregation.MEAN,
                TagFilter.anyOf("host", "h1"), Source.AGGREGATED, base - 1, base + HOUR, Duration.ofMinutes(15), Fill.NONE)), stat);
        }
        assertTrue(influxd.query("_internal", "SHOW DATABASES").contains(storage.settings().database()),
            "the database survived the stat named x;DROP DATABASE y");
    }

    @Test
    void tagKeysAndValuesWithSpacesCommasEqualsQuotesAndBackslashes() {
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put("host", "web 1,a=b");
        tags.put("my key", "a b");
        tags.put("k,1", "v,1");
        tags.put("k=2", "v=2");
        tags.put("q\"k", "it's \"quoted\"");
        tags.put("path", "c:\\temp\\x");
        tags.put("select", "from");
        Tags series = Tags.of(tags);
        Tags other = Tags.of("host", "web 2");
        storage.write(List.of(new Sample("cpu_used", series, base + 1_000, 3), new Sample("cpu_used", other, base + 2_000, 5)));

        assertEquals(List.of("host", "k,1", "k=2", "my key", "path", "q\"k", "select"), storage.tagKeys());
        List<String> columns = new ArrayList<>(tags.keySet());
        List<RawRow> rows = storage.raw(new RawQuery("cpu_used", TagFilter.none(), columns, 10, base, base + HOUR));
        assertEquals(2, rows.size());
        assertEquals(tags, rows.get(1).columns());
        assertEquals("web 2", rows.get(0).columns().get("host"));
        assertEquals("", rows.get(0).columns().get("my key"), "a key the series lacks maps to the empty string");

        for (Map.Entry<String, String> tag : tags.entrySet()) {
            assertEquals(Optional.of(new Point(base, 3)), storage.latest(new LatestQuery("cpu_used", Aggregation.of(Aggregation.Function.SUM),
                TagFilter.anyOf(tag.getKey(), tag.getValue()), Duration.ofHours(1), base + 3_000)), "filter " + tag);
        }
        assertEquals(Optional.of(new Point(base, 8)), storage.latest(new LatestQuery("cpu_used", Aggregation.of(Aggregation.Function.SUM),
            TagFilter.anyOf("host", "web 1,a=b", "web 2"), Duration.ofHours(1), base + 3_000)));
        assertEquals(Optional.empty(), storage.latest(new LatestQuery("cpu_used", Aggregation.of(Aggregation.Function.SUM),
            TagFilter.anyOf("host", "web 1"), Duration.ofHours(1), base + 3_000)), "no prefix match");

        String json = influxd.query(storage.settings().database(), "SHOW TAG VALUES FROM \"cpu_used\" WITH KEY = \"path\"");
        assertTrue(json.contains("\"c:\\\\temp\\\\x\""), "stored verbatim: " + json);
    }

    @Test
    void aStatNamedLikeATagKeyIsNotConfusedWithTheTag() {
        storage.write(List.of(new Sample("host", Tags.of("host", "h1"), base + 1_000, 7),
            new Sample("host", Tags.of("host", "h2"), base + 2_000, 9)));
        storage.maintain(base + 20 * 60_000);
        assertEquals(Optional.of(new Point(base, 7)), storage.latest(new LatestQuery("host", Aggregation.MEAN,
            TagFilter.anyOf("host", "h1"), Duration.ofHours(1), base + 3_000)));
        assertEquals(List.of(new RawRow(base + 2_000, 9, Map.of("host", "h2")), new RawRow(base + 1_000, 7, Map.of("host", "h1"))),
            storage.raw(new RawQuery("host", TagFilter.none(), List.of("host"), 10, base, base + HOUR)));
        assertEquals(List.of(new Point(base, 8)), storage.range(new RangeQuery("host", Aggregation.MEAN, TagFilter.none(),
            Source.AGGREGATED, base - 1, base + HOUR, Duration.ofHours(1), Fill.NONE)));
    }

    @Test
    void namesInfluxdbCannotStoreAreRefusedWithTheReasonAndTheRestIsStored() {
        Map<Sample, String> refused = new LinkedHashMap<>();
        refused.put(new Sample("time", Tags.of("host", "h"), base, 1), "field named 'time'");
        refused.put(new Sample("#comment", Tags.of("host", "h"), base, 1), "starts with '#'");
        refused.put(new Sample("two\nlines", Tags.of("host", "h"), base, 1), "line break");
        refused.put(new Sample("ends\\", Tags.of("host", "h"), base, 1), "backslash at its end");
        refused.put(new Sample("a\\,b", Tags.of("host", "h"), base, 1), "backslash before ','");
        refused.put(new Sample("ok_stat", Tags.of("time", "x"), base, 1), "tag named 'time'");
        refused.put(new Sample("ok_stat", Tags.of("host", "dir\\"), base, 1), "tag value 'dir\\' has a backslash at its end");
        refused.put(new Sample("ok_stat", Tags.of("ho\nst", "x"), base, 1), "tag key 'ho\\nst' contains a line break");
        for (Map.Entry<Sample, String> entry : refused.entrySet()) {
            Sample bad = entry.getKey();
            WriteResult result = storage.write(List.of(bad, new Sample("beside", Tags.of("host", "h"), base + 5_000, 2)));
            assertEquals(1, result.accepted(), result::toString);
            assertEquals(1, result.refusals().size(), result::toString);
            Refusal refusal = result.refusals().get(0);
            assertEquals(bad.stat(), refusal.stat());
            assertEquals(1, refusal.samples());
            assertTrue(refusal.reason().contains(entry.getValue()), refusal.reason());
        }
        assertEquals(List.of("beside"), storage.keys(), "only the storable samples were stored");
        assertEquals(Optional.of(new Point(base, 2)), storage.latest(new LatestQuery("beside", Aggregation.MEAN,
            TagFilter.none(), Duration.ofHours(1), base + 6_000)));
        assertTrue(storage.health().detail().contains("refused " + refused.size()), storage.health().detail());

        // one refusal per stat and reason, however many samples it covers
        WriteResult grouped = storage.write(List.of(new Sample("time", Tags.of("host", "h"), base, 1),
            new Sample("ok_stat", Tags.of("time", "x"), base, 1), new Sample("time", Tags.of("host", "h2"), base, 1),
            new Sample("beside", Tags.of("host", "h"), base + 7_000, 4)));
        assertEquals(1, grouped.accepted(), grouped::toString);
        assertEquals(List.of("time", "ok_stat"), grouped.refusals().stream().map(Refusal::stat).toList(), grouped::toString);
        assertEquals(List.of(2, 1), grouped.refusals().stream().map(Refusal::samples).toList(), grouped::toString);
        assertTrue(storage.health().detail().contains("refused " + (refused.size() + 3)), storage.health().detail());

        InvalidQueryException query = assertThrows(InvalidQueryException.class, () -> storage.latest(new LatestQuery("time",
            Aggregation.MEAN, TagFilter.none(), Duration.ofHours(1), base + 6_000)));
        assertTrue(query.getMessage().contains("'time'"), query.getMessage());
        assertThrows(InvalidQueryException.class, () -> storage.range(new RangeQuery("#x", Aggregation.MEAN,
            TagFilter.none(), Source.RAW, base, base + HOUR, Duration.ofHours(1), Fill.NONE)));
    }

    @Test
    void filterKeysAndValuesThatCannotBeStoredMatchNothing() {
        storage.write(List.of(new Sample("cpu_used", Tags.of("host", "h", "zone", ""), base + 1_000, 4)));
        assertEquals(Optional.of(new Point(base, 4)), storage.latest(new LatestQuery("cpu_used", Aggregation.MEAN,
            TagFilter.anyOf("host", "h"), Duration.ofHours(1), base + 2_000)));
        for (TagFilter filter : List.of(TagFilter.anyOf("time", "x"), TagFilter.anyOf("zone", ""),
            TagFilter.anyOf("host", "h\n"), TagFilter.anyOf("host", "h\\"))) {
            assertEquals(Optional.empty(), storage.latest(new LatestQuery("cpu_used", Aggregation.MEAN, filter,
                Duration.ofHours(1), base + 2_000)), filter.toString());
            assertEquals(List.of(), storage.raw(new RawQuery("cpu_used", filter, List.of(), 5, base, base + HOUR)));
        }
        assertEquals(List.of("host"), storage.tagKeys(), "an empty tag value is not stored (InfluxDB cannot)");
    }
}
