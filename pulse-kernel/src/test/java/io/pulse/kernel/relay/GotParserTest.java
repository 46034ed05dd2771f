package io.pulse.kernel.relay;

import io.pulse.spi.stats.Sample;
import io.pulse.spi.stats.Tags;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GotParserTest {

    private static final Tags HOST = Tags.of("host", "r1");
    private static final Map<String, Collector> COLLECTORS = Map.of(
            "disk", Collector.of("r1", "disk", List.of("mount:root")),
            "cpu", Collector.of("r1", "cpu", List.of("", "service:web1")));

    @Test
    void itemsBecomeSamplesWithTheirCollectorsTags() {
        GotParser.Result result = GotParser.parse(
                "cpu-cpu_used:0.2500,disk-disk_free:1.2346,disk-disk_used:50.0000,other-x:7", HOST, COLLECTORS, 42);
        assertEquals(0, result.rejected());
        assertEquals(List.of(
                new Sample("cpu_used", Tags.of("host", "r1", "service", "web1"), 42, 0.25),
                new Sample("disk_free", Tags.of("host", "r1", "mount", "root"), 42, 1.2346),
                new Sample("disk_used", Tags.of("host", "r1", "mount", "root"), 42, 50),
                new Sample("x", HOST, 42, 7)), result.samples());
    }

    @Test
    void malformedItemsAreCounted() {
        // every item here is unusable: no ':', two ':', no '-', two '-', empty stat, bad or non-finite values
        String items = "bad,c-a:1:2,nodash:1,c-x-y:3,c-:3,c-nan:NaN,c-inf:+Inf,c-ninf:-Inf,c-empty:,c-abc:abc,"
                + "c-sp: 1,c-sp2:1 ,c-d:1d,c-f:2F,c-java:Infinity,c-huge:1e400,,";
        GotParser.Result result = GotParser.parse(items, HOST, COLLECTORS, 1);
        assertEquals(List.of(), result.samples());
        assertEquals(items.split(",", -1).length, result.rejected());
    }

    @Test
    void valuesAcceptWhatGoParseFloatAccepts() {
        for (String ok : List.of("1", "-2.5", "+3", ".5", "5.", "1e3", "1E-3", "0x1p-2", "0X1.8P1", "-0", "007")) {
            assertTrue(Double.isFinite(GotParser.parseValue(ok)), ok);
        }
        assertEquals(0.25, GotParser.parseValue("0x1p-2"));
        assertEquals(1000.0, GotParser.parseValue("1e3"));
        for (String bad : List.of("", " ", "abc", "1,5", "0x10", "1e", "--1", "1d", "1f", " 1", "1\t")) {
            assertFalse(Double.isFinite(GotParser.parseValue(bad)), bad);
        }
    }

    @Test
    void tagRulesFollowTheOriginal() {
        assertEquals(Tags.of("host", "r1"), Collector.sampleTags("r1", List.of()));
        assertEquals(Tags.of("host", "x", "a", "b:c", "e", ""),
                Collector.sampleTags("r1", List.of("", "bare", "host:x", "a:b:c", ":nokey", "e:")));
        assertEquals(Tags.of("host", "second"), Collector.sampleTags("r1", List.of("host:first", "host:second")));
    }
}
