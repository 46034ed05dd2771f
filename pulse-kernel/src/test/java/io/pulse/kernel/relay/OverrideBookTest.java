package io.pulse.kernel.relay;

import io.pulse.spi.frontend.PollOverride;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OverrideBookTest {

    @Test
    void theLineNamesCollectorsSortedWithWholeSeconds() {
        PollOverride override = OverrideBook.describe(
                Map.of("ram", Duration.ofSeconds(10), "cpu", Duration.ofSeconds(2), "disk", Duration.ofSeconds(2)),
                Instant.EPOCH, Duration.ofSeconds(30));
        OverrideBook.ActiveOverride active = new OverrideBook.ActiveOverride(override, 30_000_000_000L);
        assertEquals("override 30 cpu:2,disk:2,ram:10", active.line(30));
        assertEquals(Map.of(2L, List.of("cpu", "disk"), 10L, List.of("ram")), active.collectorsByIntervalSeconds());
    }

    @Test
    void remainingSecondsRoundUpAndEndAtZero() {
        OverrideBook.ActiveOverride active = new OverrideBook.ActiveOverride(OverrideBook.describe(
                Map.of("c", Duration.ofSeconds(1)), Instant.EPOCH, Duration.ofSeconds(3)), 3_000_000_000L);
        assertEquals(3, active.remainingSeconds(0));
        assertEquals(3, active.remainingSeconds(1));
        assertEquals(2, active.remainingSeconds(1_000_000_000L));
        assertEquals(1, active.remainingSeconds(2_999_999_999L));
        assertEquals(0, active.remainingSeconds(3_000_000_000L));
        assertFalse(active.isOver(2_999_999_999L));
        assertTrue(active.isOver(3_000_000_000L));
    }

    @Test
    void theBookListsSoonestEndingFirstAndForgets() {
        OverrideBook book = new OverrideBook();
        OverrideBook.ActiveOverride late = book.start(OverrideBook.describe(Map.of("a", Duration.ofSeconds(1)),
                Instant.EPOCH, Duration.ofSeconds(20)), 20);
        OverrideBook.ActiveOverride soon = book.start(OverrideBook.describe(Map.of("b", Duration.ofSeconds(1)),
                Instant.EPOCH, Duration.ofSeconds(10)), 10);
        assertEquals(List.of(soon, late), book.active());
        assertTrue(book.end(soon));
        assertFalse(book.end(soon));
        assertEquals(List.of(late), book.active());
    }
}
