package io.pulse.relay;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Reconnection delays (the protocol's pure pieces are tested in pulse-protocol). */
class BackoffTest {

    @Test
    void backoffDoublesFromInitialToMaxWithinTheJitter() {
        Backoff exact = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(30), 0, null);
        assertEquals(Duration.ofMillis(100), exact.delay(0));
        assertEquals(Duration.ofMillis(200), exact.delay(1));
        assertEquals(Duration.ofMillis(400), exact.delay(2));
        assertEquals(Duration.ofMillis(25_600), exact.delay(8));
        assertEquals(Duration.ofSeconds(30), exact.delay(9));
        assertEquals(Duration.ofSeconds(30), exact.delay(Integer.MAX_VALUE));

        Backoff jittered = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(30), 0.2, new SplittableRandom(7));
        long min = Long.MAX_VALUE;
        long max = 0;
        for (int i = 0; i < 10_000; i++) {
            long millis = jittered.delay(20).toMillis();
            min = Math.min(min, millis);
            max = Math.max(max, millis);
        }
        assertTrue(min >= 24_000 && min < 25_000, "lower spread " + min);
        assertTrue(max <= 36_000 && max > 35_000, "upper spread " + max);
        assertThrows(IllegalArgumentException.class, () -> new Backoff(Duration.ZERO, Duration.ofSeconds(1), 0, null));
        assertThrows(IllegalArgumentException.class,
                () -> new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1), 0, null));
        assertThrows(IllegalArgumentException.class,
                () -> new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(1), 1, null));
    }
}
