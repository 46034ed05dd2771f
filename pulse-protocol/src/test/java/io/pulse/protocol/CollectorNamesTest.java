package io.pulse.protocol;

import io.pulse.protocol.CollectorNames.Problem;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CollectorNamesTest {

    @Test
    void aRelayRegistersNamesByTheOriginalRulesPlusNoEmptyOrLineBreak() {
        for (String ok : List.of("cpu_used", "_connected2", "disk.root", "my collector", "x")) {
            assertNull(CollectorNames.problem(ok), ok);
            assertTrue(CollectorNames.isValid(ok), ok);
        }
        assertEquals(Problem.EMPTY, CollectorNames.problem(""));
        for (String separator : List.of("a-b", "a:b", "a,b", "-", ":", ",")) {
            assertEquals(Problem.SEPARATOR, CollectorNames.problem(separator), separator);
        }
        assertEquals(Problem.LINE_BREAK, CollectorNames.problem("a\nb"));
        assertEquals(Problem.LINE_BREAK, CollectorNames.problem("a\r"));
        assertEquals(Problem.RESERVED, CollectorNames.problem("_connected"));
        assertFalse(CollectorNames.isValid("_connected"));
    }

    @Test
    void statNamesFollowTheSameCharacterRulesButNothingIsReserved() {
        assertTrue(CollectorNames.isValidStat("disk_used"));
        assertTrue(CollectorNames.isValidStat("_connected"));
        for (String bad : List.of("", "a-b", "a:b", "a,b", "a\nb")) {
            assertFalse(CollectorNames.isValidStat(bad), bad);
        }
    }

    @Test
    void theServerPollsAnythingItCanNameInAGet() {
        assertTrue(CollectorNames.isPollable("a-b"));
        assertTrue(CollectorNames.isPollable("_connected"));
        assertTrue(CollectorNames.isPollable("my collector"));
        assertFalse(CollectorNames.isPollable(""));
        assertFalse(CollectorNames.isPollable("a,b"));
    }

    @Test
    void namesSafeOnTheWireHaveNoSpaceOrControlCharacter() {
        assertTrue(CollectorNames.isSafeOnTheWire("cpu_used"));
        for (String bad : List.of("", "a-b", "a:b", "a,b", "a b", "a\tb", "a\u0001b", "a\nb")) {
            assertFalse(CollectorNames.isSafeOnTheWire(bad), bad);
        }
    }
}
