package io.pulse.api.http;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The period of Helidon's idle-connection check: half the idle timeout, at most a minute (see {@link HttpApiFrontEnd}). */
class IdleCheckPeriodTest {

    @Test
    void halfTheIdleTimeoutUpToAMinute() {
        assertEquals(Duration.ofNanos(500_000), HttpApiFrontEnd.idleCheckPeriod(Duration.ofMillis(1)));
        assertEquals(Duration.ofMillis(150), HttpApiFrontEnd.idleCheckPeriod(Duration.ofMillis(300)));
        assertEquals(Duration.ofMillis(15_500), HttpApiFrontEnd.idleCheckPeriod(Duration.ofSeconds(31)));
        assertEquals(Duration.ofNanos(59_999_999_999L),
            HttpApiFrontEnd.idleCheckPeriod(Duration.ofMinutes(2).minusNanos(2)));
    }

    @Test
    void aMinuteOnceTheIdleTimeoutIsTwoMinutesOrMore() {
        assertEquals(Duration.ofMinutes(1), HttpApiFrontEnd.idleCheckPeriod(Duration.ofMinutes(2)));
        assertEquals(Duration.ofMinutes(1), HttpApiFrontEnd.idleCheckPeriod(Duration.ofDays(1)));
    }
}
