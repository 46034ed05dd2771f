package io.pulse.spi;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DurationsTest {

    @Test
    void parsesEveryInfluxQlUnit() {
        assertEquals(Duration.ofNanos(5), Durations.parse("5ns"));
        assertEquals(Duration.ofNanos(5_000), Durations.parse("5u"));
        assertEquals(Duration.ofNanos(5_000), Durations.parse("5µ"));
        assertEquals(Duration.ofMillis(5), Durations.parse("5ms"));
        assertEquals(Duration.ofSeconds(30), Durations.parse("30s"));
        assertEquals(Duration.ofMinutes(5), Durations.parse("5m"));
        assertEquals(Duration.ofHours(1), Durations.parse("1h"));
        assertEquals(Duration.ofDays(7), Durations.parse("7d"));
        assertEquals(Duration.ofDays(14), Durations.parse("2w"));
        assertEquals(Duration.ZERO, Durations.parse("0s"));
        assertEquals(Duration.ZERO, Durations.parse("0"));
    }

    @Test
    void parsesCompoundLiterals() {
        assertEquals(Duration.ofMinutes(90), Durations.parse("1h30m"));
        assertEquals(Duration.ofSeconds(90), Durations.parse(" 1m30s "));
    }

    @Test
    void rejectsWhatIsNotALiteralWithAClearMessage() {
        for (String bad : new String[] {"abc", "", "5", "-5m", "5 m", "5mm", "m5", "1.5h", "5x"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Durations.parse(bad), bad);
            assertTrue(e.getMessage().contains("'" + bad + "'") || e.getMessage().contains("30s"), e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> Durations.parse(null));
        assertThrows(IllegalArgumentException.class, () -> Durations.parse("99999999999999999999w"));
    }

    @Test
    void formatsTheShortestExactLiteralAndRoundTrips() {
        assertEquals("0s", Durations.format(Duration.ZERO));
        assertEquals("1m30s", Durations.format(Duration.ofSeconds(90)));
        assertEquals("1w", Durations.format(Duration.ofDays(7)));
        assertEquals("1d1h", Durations.format(Duration.ofHours(25)));
        assertEquals("1s500ms", Durations.format(Duration.ofMillis(1500)));
        for (String s : new String[] {"5m", "1h30m", "2w3d", "7ms", "3u", "1s1ns"}) {
            assertEquals(Durations.parse(s), Durations.parse(Durations.format(Durations.parse(s))), s);
        }
        assertThrows(IllegalArgumentException.class, () -> Durations.format(Duration.ofSeconds(-1)));
    }
}
