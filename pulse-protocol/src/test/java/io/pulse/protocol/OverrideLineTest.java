package io.pulse.protocol;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class OverrideLineTest {

    @Test
    void theLineNamesCollectorsSortedWithWholeSeconds() {
        OverrideLine override = OverrideLine.of(Duration.ofSeconds(30),
                Map.of("ram", Duration.ofSeconds(10), "cpu", Duration.ofSeconds(2), "disk", Duration.ofSeconds(2)));
        assertEquals("override 30 cpu:2,disk:2,ram:10", override.line());
        assertEquals(List.of("cpu", "disk", "ram"), List.copyOf(override.intervals().keySet()));
    }

    @Test
    void fractionsOfSecondsAreWrittenAsPlainDecimals() {
        OverrideLine override = OverrideLine.of(Duration.ofMillis(1500), Map.of("c", Duration.ofMillis(50)));
        assertEquals("override 1.5 c:0.05", override.line());
    }

    @Test
    void whatIsWrittenReadsBackTheSame() {
        OverrideLine override = OverrideLine.of(Duration.ofSeconds(300),
                Map.of("cpu_used", Duration.ofSeconds(5), "ram_used", Duration.ofMillis(500)));
        CommandLine line = CommandLine.split(override.line());
        assertEquals(Commands.OVERRIDE, line.word());
        OverrideLine.Parsed parsed = OverrideLine.parse(line.rest());
        assertEquals(override, parsed.override());
        assertEquals(List.of(), parsed.rejected());
    }

    @Test
    void readingIsLenientItemByItem() {
        OverrideLine.Parsed parsed = OverrideLine.parse("120 cpu:5,ram:0.5, disk : 10 ,bad,x:y,:3");
        assertEquals(Duration.ofMinutes(2), parsed.override().duration());
        assertEquals(Map.of("cpu", Duration.ofSeconds(5), "ram", Duration.ofMillis(500), "disk", Duration.ofSeconds(10)),
                parsed.override().intervals());
        assertEquals(3, parsed.rejected().size(), parsed.rejected().toString());

        assertEquals(Map.of("c", Duration.ofSeconds(2)), OverrideLine.parse("  60   c:1,c:2,  ").override().intervals(),
                "extra spaces, a repeated name (the last wins), a trailing comma");
    }

    @Test
    void aLineWithNothingToActOnIsRefused() {
        for (String bad : List.of("", "60", "x c:1", "-5 c:1", "0 c:1", "60 c:0", "60 c:-1", "60 c", "1e400 c:1",
                "60 ,,", "60\tc:1")) {
            assertThrows(IllegalArgumentException.class, () -> OverrideLine.parse(bad), bad);
        }
    }

    @Test
    void whatCannotBeWrittenIsRefused() {
        Map<String, Duration> one = Map.of("c", Duration.ofSeconds(1));
        assertThrows(IllegalArgumentException.class, () -> OverrideLine.of(Duration.ZERO, one));
        assertThrows(IllegalArgumentException.class, () -> OverrideLine.of(Duration.ofSeconds(-1), one));
        assertThrows(IllegalArgumentException.class, () -> OverrideLine.of(Duration.ofSeconds(1), Map.of()));
        for (String name : List.of("", "a,b", "a:b", "a\nb")) {
            assertThrows(IllegalArgumentException.class,
                    () -> OverrideLine.of(Duration.ofSeconds(1), Map.of(name, Duration.ofSeconds(1))), name);
        }
        assertThrows(IllegalArgumentException.class,
                () -> OverrideLine.of(Duration.ofSeconds(1), Map.of("c", Duration.ZERO)));
        TreeMap<String, Duration> mutable = new TreeMap<>(one);
        OverrideLine override = new OverrideLine(Duration.ofSeconds(1), mutable);
        mutable.put("d", Duration.ofSeconds(1));
        assertEquals(one, override.intervals(), "a copy is kept");
        assertThrows(UnsupportedOperationException.class, () -> override.intervals().put("e", Duration.ofSeconds(1)));
    }
}
