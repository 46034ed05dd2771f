package io.pulse.publish.mist;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertTrue;

class BackoffTest {

    @Test
    void doublesUpToTheMaximumWithJitterOfAtMostHalf() {
        Backoff backoff = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(10), new SplittableRandom(7));
        long[] nominal = {1000, 2000, 4000, 8000, 10000, 10000};
        for (int failures = 1; failures <= nominal.length; failures++) {
            long n = nominal[failures - 1];
            boolean varied = false;
            long first = backoff.delay(failures).toMillis();
            for (int i = 0; i < 50; i++) {
                long d = backoff.delay(failures).toMillis();
                assertTrue(d >= n / 2 && d <= n, failures + " failures: " + d + " outside " + n / 2 + ".." + n);
                varied |= d != first;
            }
            assertTrue(varied, "jitter varies the delay");
        }
        long huge = backoff.delay(1000).toMillis(); // no overflow however long Mist stays away
        assertTrue(huge >= 5_000 && huge <= 10_000, "capped: " + huge);
    }
}
