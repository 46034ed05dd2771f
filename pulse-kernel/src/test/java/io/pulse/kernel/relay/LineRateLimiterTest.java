package io.pulse.kernel.relay;

import org.junit.jupiter.api.Test;

import java.util.ArrayDeque;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The line bucket on a made-up clock: the burst, the sustained rate, and the bound over any window. */
class LineRateLimiterTest {

    private static final long SECOND = 1_000_000_000L;
    private static final long START = 123_456_789L; // nanoTime may be any value, even negative

    @Test
    void aFullBucketAdmitsExactlyTheBurstAtOnce() {
        LineRateLimiter bucket = new LineRateLimiter(100, 250, START);
        for (int i = 0; i < 250; i++) {
            assertTrue(bucket.admit(START), "line " + i);
        }
        assertFalse(bucket.admit(START));
        assertFalse(bucket.admit(START + SECOND / 100 - 1), "one line's time has not passed yet");
        assertTrue(bucket.admit(START + SECOND / 100), "one line's worth came back");
        assertFalse(bucket.admit(START + SECOND / 100));
    }

    @Test
    void aRefusedLineCostsNothing() {
        LineRateLimiter bucket = new LineRateLimiter(10, 1, START);
        assertTrue(bucket.admit(START));
        for (int i = 0; i < 1000; i++) {
            assertFalse(bucket.admit(START + i));
        }
        assertTrue(bucket.admit(START + SECOND / 10), "refusals did not push the next admission back");
    }

    @Test
    void sendingAtTheRateIsAdmittedForever() {
        LineRateLimiter bucket = new LineRateLimiter(1000, 1, START);
        for (long i = 0; i < 100_000; i++) {
            assertTrue(bucket.admit(START + i * SECOND / 1000), "line " + i);
        }
    }

    @Test
    void aLongQuietSpellRefillsOnlyUpToTheBurst() {
        LineRateLimiter bucket = new LineRateLimiter(10, 5, START);
        long later = START + 3600 * SECOND;
        for (int i = 0; i < 5; i++) {
            assertTrue(bucket.admit(later));
        }
        assertFalse(bucket.admit(later));
    }

    @Test
    void noWindowEverAdmitsMoreThanTheBurstPlusTheRate() {
        int rate = 50;
        int burst = 120;
        LineRateLimiter bucket = new LineRateLimiter(rate, burst, START);
        Random random = new Random(42);
        ArrayDeque<Long> admitted = new ArrayDeque<>();
        long now = START;
        int total = 0;
        for (int i = 0; i < 200_000; i++) {
            now += random.nextInt(random.nextBoolean() ? 1_000 : 40_000_000); // floods and lulls
            if (bucket.admit(now)) {
                total++;
                admitted.addLast(now);
                while (admitted.peekFirst() <= now - SECOND) {
                    admitted.removeFirst();
                }
                assertTrue(admitted.size() <= burst + rate, "admitted in the last second: " + admitted.size());
            }
        }
        long seconds = (now - START) / SECOND + 1;
        assertTrue(total <= burst + rate * seconds, total + " lines in " + seconds + " s");
        assertTrue(total >= rate * (seconds - 2), "the rate is actually available: " + total + " in " + seconds + " s");
    }

    @Test
    void badArgumentsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new LineRateLimiter(0, 1, START));
        assertThrows(IllegalArgumentException.class, () -> new LineRateLimiter(1, 0, START));
        assertEquals(2L * 1000 + 1000, RelayLimits.DEFAULTS.lineBurst());
    }
}
