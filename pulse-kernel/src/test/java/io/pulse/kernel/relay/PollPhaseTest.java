package io.pulse.kernel.relay;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PollPhaseTest {

    @Test
    void offsetsAreStableAndInRange() {
        for (long interval : new long[] {1, 7, 1000, 60_000}) {
            for (int i = 0; i < 1000; i++) {
                long offset = PollPhase.offsetMillis("web" + i, interval);
                assertTrue(offset >= 0 && offset < interval);
                assertEquals(offset, PollPhase.offsetMillis("web" + i, interval));
            }
        }
    }

    @Test
    void similarIdsAreSpreadEvenly() {
        long interval = 60_000;
        int[] buckets = new int[10];
        for (int i = 0; i < 10_000; i++) {
            buckets[(int) (PollPhase.offsetMillis("host-" + i, interval) / 6_000)]++;
        }
        for (int count : buckets) {
            assertTrue(count > 850 && count < 1150, "each tenth of the interval holds about 1,000 relays: "
                    + java.util.Arrays.toString(buckets));
        }
    }

    @Test
    void delayToTheNextSlot() {
        long offset = PollPhase.offsetMillis("r", 1000);
        assertEquals(0, PollPhase.delayToNextSlot("r", 1000, 5_000 + offset));
        assertEquals(999, PollPhase.delayToNextSlot("r", 1000, 5_000 + offset + 1));
        assertEquals(1, PollPhase.delayToNextSlot("r", 1000, 5_000 + offset - 1));
    }
}
