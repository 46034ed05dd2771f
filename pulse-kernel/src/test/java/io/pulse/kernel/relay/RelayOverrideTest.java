package io.pulse.kernel.relay;

import io.pulse.kernel.testing.Await;
import io.pulse.kernel.testing.RawRelay;
import io.pulse.spi.frontend.PollOverride;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Poll overrides: the line sent to every relay (also those that connect later), extra polls, the end, validation. */
class RelayOverrideTest {

    private RelayServerFixture fixture;

    @BeforeEach
    void start() throws Exception {
        fixture = RelayServerFixture.standard();   // poll interval 60 s: only first polls and override polls here
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    @Test
    void anOverrideReachesEveryRelayAndPollsItsCollectorsUntilItEnds() throws Exception {
        try (RawRelay early = RawRelay.identified(fixture.address(), "early")) {
            early.send("add cpu\nadd ram\n");
            early.expect("get cpu,ram");

            PollOverride override = fixture.server.override(Duration.ofSeconds(3), Map.of("cpu", Duration.ofSeconds(1)));
            assertEquals(Map.of("cpu", Duration.ofSeconds(1)), override.collectors());
            assertEquals(Duration.ofSeconds(3), Duration.between(override.started(), override.until()));
            assertEquals(List.of(override), fixture.server.overrides());
            early.expect("override 3 cpu:1");

            try (RawRelay late = new RawRelay(fixture.address())) {
                late.send("id late\nadd cpu\n");
                late.expect("ok");
                late.expect("beat 4");
                String line = late.readLine();
                assertTrue(line.matches("override [23] cpu:1"), "remaining seconds, got: " + line);
            }

            List<String> during = new ArrayList<>();
            long end = System.nanoTime() + Duration.ofMillis(2800).toNanos();
            while (System.nanoTime() < end) {
                String line = early.readLine(Duration.ofMillis(Math.max(1, (end - System.nanoTime()) / 1_000_000)));
                if (line != null) {
                    during.add(line);
                }
            }
            assertTrue(during.size() >= 2 && during.stream().allMatch("get cpu"::equals),
                    "cpu polled about every second, ram not: " + during);

            Await.until("override over", Duration.ofSeconds(2), () -> fixture.server.overrides().isEmpty());
            String after = early.readLine(Duration.ofMillis(1300));
            if ("get cpu".equals(after)) {   // a poll due right at the end may already have been queued
                after = early.readLine(Duration.ofMillis(1300));
            }
            assertNull(after, "no override polls after the end");
        }
        assertTrue(fixture.metric("polls.override.sent") >= 2);
        assertEquals(1, fixture.metric("overrides.started"));
    }

    @Test
    void overridesAreValidated() {
        var server = fixture.server;
        Map<String, Duration> ok = Map.of("cpu", Duration.ofSeconds(5));
        assertThrows(IllegalArgumentException.class, () -> server.override(Duration.ZERO, ok));
        assertThrows(IllegalArgumentException.class, () -> server.override(Duration.ofSeconds(-1), ok));
        assertThrows(IllegalArgumentException.class, () -> server.override(null, ok));
        assertThrows(IllegalArgumentException.class, () -> server.override(Duration.ofSeconds(5), Map.of()));
        assertThrows(IllegalArgumentException.class,
                () -> server.override(Duration.ofSeconds(5), Map.of("cpu", Duration.ofMillis(500))));
        assertThrows(IllegalArgumentException.class,
                () -> server.override(Duration.ofSeconds(5), Map.of("cpu", Duration.ofMillis(1500))));
        for (String bad : List.of("", "a,b", "a:b", "a-b", "a b", "a\nget x")) {
            assertThrows(IllegalArgumentException.class,
                    () -> server.override(Duration.ofSeconds(5), Map.of(bad, Duration.ofSeconds(1))), bad);
        }
        assertTrue(server.overrides().isEmpty());
    }

    @Test
    void severalCollectorsAreSentSortedAndOverridesListSoonestEndingFirst() throws Exception {
        try (RawRelay relay = RawRelay.identified(fixture.address(), "multi")) {
            PollOverride longer = fixture.server.override(Duration.ofSeconds(30),
                    Map.of("ram", Duration.ofSeconds(10), "cpu", Duration.ofSeconds(2)));
            relay.expect("override 30 cpu:2,ram:10");
            PollOverride shorter = fixture.server.override(Duration.ofMillis(20_500), Map.of("disk", Duration.ofSeconds(5)));
            relay.expect("override 21 disk:5");
            assertEquals(List.of(shorter, longer), fixture.server.overrides());
        }
    }
}
