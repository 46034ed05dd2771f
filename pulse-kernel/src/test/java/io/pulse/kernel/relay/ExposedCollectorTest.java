package io.pulse.kernel.relay;

import io.pulse.protocol.AddLine;
import io.pulse.spi.frontend.CollectorInfo;
import io.pulse.spi.stats.Tags;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

/** The tags a collector's samples carry (how got items are read is pulse-protocol's GotLineTest). */
class ExposedCollectorTest {

    @Test
    void anAddLineExposesACollectorWithItsTagsAsSentAndItsSampleTags() {
        ExposedCollector cpu = ExposedCollector.of("lester.tester", AddLine.parse("cpu_used:,service:web1"));
        assertEquals("cpu_used", cpu.name());
        assertEquals(List.of("", "service:web1"), cpu.sentTags());
        assertEquals(Tags.of("host", "lester.tester", "service", "web1"), cpu.sampleTags());
        assertEquals(new CollectorInfo("cpu_used", List.of("", "service:web1")), cpu.info());
        ExposedCollector disk = ExposedCollector.of("lester.tester", AddLine.parse("disk:mount:root"));
        assertEquals(Tags.of("host", "lester.tester", "mount", "root"), disk.sampleTags());
    }

    @Test
    void namesAndTagTextsAreSharedAcrossRelays() {
        // built from fresh Strings, as two connections' parsed lines are
        ExposedCollector a = ExposedCollector.of("relay-a", new String("cpu_used"), List.of(new String("role:web")));
        ExposedCollector b = ExposedCollector.of("relay-b", new String("cpu_used"), List.of(new String("role:web")));
        assertSame(a.name(), b.name());
        assertSame(a.sentTags().getFirst(), b.sentTags().getFirst());
        assertSame(a.sampleTags().get("role"), b.sampleTags().get("role"));
        assertSame(a.sampleTags().keys().get(1), b.sampleTags().keys().get(1));
        assertEquals(Tags.of("host", "relay-b", "role", "web"), b.sampleTags());
    }

    @Test
    void tagRulesFollowTheOriginal() {
        assertEquals(Tags.of("host", "r1"), ExposedCollector.sampleTags("r1", List.of()));
        assertEquals(Tags.of("host", "x", "a", "b:c", "e", ""),
                ExposedCollector.sampleTags("r1", List.of("", "bare", "host:x", "a:b:c", ":nokey", "e:")));
        assertEquals(Tags.of("host", "second"), ExposedCollector.sampleTags("r1", List.of("host:first", "host:second")));
    }
}
