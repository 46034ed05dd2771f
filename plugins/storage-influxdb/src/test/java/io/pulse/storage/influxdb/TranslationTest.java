package io.pulse.storage.influxdb;

import io.pulse.spi.stats.Sample;
import io.pulse.spi.stats.Tags;
import io.pulse.spi.storage.Aggregation;
import io.pulse.spi.storage.TagFilter;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The exact text sent to InfluxDB: line protocol and InfluxQL escaping, durations, filters, verbs. */
class TranslationTest {

    @Test
    void linesEscapeEachPartAsInfluxdbParsesIt() {
        assertEquals("cpu_used,host=web1,service=api cpu_used=0.25 1795633255123000000",
            LineProtocol.line(new Sample("cpu_used", Tags.of("service", "api", "host", "web1"), 1795633255123L, 0.25)));
        assertEquals("ram\\ used\\,x=1,k\\,1=v\\=1,my\\ key=a\\ b ram\\ used\\,x\\=1=5.0 1000000",
            LineProtocol.line(new Sample("ram used,x=1", Tags.of("my key", "a b", "k,1", "v=1"), 1, 5)));
        assertEquals("say\"hi\",host=c:\\temp say\"hi\"=-1.0E-5 0",
            LineProtocol.line(new Sample("say\"hi\"", Tags.of("host", "c:\\temp"), 0, -0.00001)));
        assertEquals("uptime,host=h uptime=12.0 5000000", LineProtocol.line(new Sample("uptime", Tags.of("host", "h", "empty", ""), 5, 12)),
            "an empty tag value is left out");
        assertEquals(1795633255123L, LineProtocol.millisOf("cpu_used,host=a cpu_used=1.0 1795633255123000042"));
    }

    @Test
    void writeStampsKeepSamplesOfOneMillisecondApartAndInOrder() {
        WriteClock clock = new WriteClock();
        assertEquals(5_000_000L, clock.nanos(5));
        assertEquals(5_000_001L, clock.nanos(5));
        assertEquals(6_000_000L, clock.nanos(6));
        assertEquals(5_000_002L, clock.nanos(5));
        assertEquals(6_000_001L, clock.nanos(6), "the counter of a millisecond survives switching back and forth");
        assertEquals(6_000_002L, clock.nanos(6));
        assertEquals(5_000_003L, clock.nanos(5));
    }

    @Test
    void seriesLinesAreTheLinesLineProtocolWrites() {
        SeriesLines lines = new SeriesLines();
        Sample sample = new Sample("cpu used", Tags.of("host", "web,1", "k=", "v", "empty", ""), 5, 0.25);
        SeriesLines.Series series = lines.of(sample);
        assertNull(series.unstorable());
        StringBuilder line = new StringBuilder(series.prefix());
        LineProtocol.appendValueAndTime(line, sample.value(), 5_000_000L);
        assertEquals(LineProtocol.line(sample), line.toString());
        assertSame(series, lines.of(new Sample("cpu used", sample.tags(), 6, 1)), "worked out once per series");
        assertEquals(1, lines.size());

        SeriesLines.Series time = lines.of(new Sample("time", Tags.of("host", "a"), 5, 1));
        assertNull(time.prefix());
        assertEquals("stat 'time': InfluxDB cannot store a field named 'time'", time.unstorable());
    }

    @Test
    void unstorableNamesAreNamedWithTheReason() {
        assertEquals(Optional.of("stat 'time': InfluxDB cannot store a field named 'time'"), LineProtocol.whyUnstorableStat("time"));
        assertTrue(LineProtocol.whyUnstorableStat("times").isEmpty());
        assertTrue(LineProtocol.whyUnstorableStat("a\\b").isEmpty(), "a backslash before an ordinary character is fine");
        assertTrue(LineProtocol.whyUnstorableStat("a\\ b").orElseThrow().contains("backslash before ' '"));
        assertTrue(LineProtocol.whyUnstorableStat("a\\=b").orElseThrow().contains("backslash before '='"));
        assertTrue(LineProtocol.whyUnstorableStat("a\rb").orElseThrow().contains("'a\\rb' contains a line break"));
        assertTrue(LineProtocol.whyUnstorable(new Sample("ok", Tags.of("host", "a\nb"), 0, 0)).orElseThrow()
            .contains("tag value 'a\\nb' contains a line break"));
    }

    @Test
    void identifiersAndStringsAreQuotedAndEscaped() {
        assertEquals("\"user\"", InfluxQl.ident("user"));
        assertEquals("\"say \\\"hi\\\" c:\\\\temp\"", InfluxQl.ident("say \"hi\" c:\\temp"));
        assertEquals("'it\\'s \"x\" c:\\\\t'", InfluxQl.string("it's \"x\" c:\\t"));
        assertEquals("'a\\nb'", InfluxQl.string("a\nb"));
        assertEquals("\"host\"::field", InfluxQl.field("host"));
        assertEquals("\"host\"::tag", InfluxQl.tag("host"));
        assertEquals("\"statistics\".\"one_day\".\"cpu used\"", InfluxQl.measurement("statistics", "one_day", "cpu used"));
    }

    @Test
    void durationsUseTheLargestExactUnit() {
        assertEquals("15m", InfluxQl.duration(Duration.ofMinutes(15)));
        assertEquals("8h", InfluxQl.duration(Duration.ofHours(8)));
        assertEquals("1w", InfluxQl.duration(Duration.ofDays(7)));
        assertEquals("10d", InfluxQl.duration(Duration.ofDays(10)));
        assertEquals("90s", InfluxQl.duration(Duration.ofSeconds(90)));
        assertEquals("1500ms", InfluxQl.duration(Duration.ofMillis(1500)));
        assertThrows(IllegalArgumentException.class, () -> InfluxQl.duration(Duration.ofNanos(1500)));
        assertEquals("time >= 11ms AND time < 21ms", InfluxQl.afterUntil(10, 20));
        assertEquals("time >= 11ms AND time < 20ms", InfluxQl.afterBefore(10, 20));
    }

    @Test
    void verbsMapToInfluxqlFunctions() {
        assertEquals("mean(\"cpu\"::field)", InfluxQl.call(Aggregation.MEAN, "cpu"));
        assertEquals("percentile(\"cpu\"::field, 99.9)", InfluxQl.call(Aggregation.parse("p99.9"), "cpu"));
        assertEquals("percentile(\"cpu\"::field, 95)", InfluxQl.call(Aggregation.parse("percentile_95"), "cpu"));
        assertEquals("percentile(\"cpu\"::field, 0.0001)", InfluxQl.call(Aggregation.percentile(0.0001), "cpu"));
        assertEquals("spread(\"cpu\"::field)", InfluxQl.call(Aggregation.parse("spread"), "cpu"));
        assertTrue(InfluxQl.isComputedByInflux(Aggregation.parse("stddev")));
        assertTrue(!InfluxQl.isComputedByInflux(Aggregation.parse("mode")), "mode is computed by Pulse");
    }

    @Test
    void filtersOrWithinAKeyAndAndAcrossKeys() {
        Map<String, List<String>> filter = new LinkedHashMap<>();
        filter.put("service", List.of("web1", "it's"));
        filter.put("host", List.of("a"));
        assertEquals(Optional.of("(\"service\"::tag = 'web1' OR \"service\"::tag = 'it\\'s') AND (\"host\"::tag = 'a') AND "),
            InfluxDbQueries.where(TagFilter.of(filter)));
        assertEquals(Optional.of(""), InfluxDbQueries.where(TagFilter.none()));
        assertEquals(Optional.of("(\"host\"::tag = 'a') AND "), InfluxDbQueries.where(TagFilter.anyOf("host", "a", "")),
            "a value InfluxDB cannot store is dropped from its alternatives");
        assertEquals(Optional.empty(), InfluxDbQueries.where(TagFilter.anyOf("host", "")), "nothing can match");
        assertEquals(Optional.empty(), InfluxDbQueries.where(TagFilter.anyOf("time", "x")), "nothing can match");
    }
}
