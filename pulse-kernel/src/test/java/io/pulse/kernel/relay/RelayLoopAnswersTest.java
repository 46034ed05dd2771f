package io.pulse.kernel.relay;

import io.pulse.kernel.testing.RawRelay;
import io.pulse.spi.stats.Sample;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * After writing a slot's polls an event loop does not wait for their answers one by one but reads whatever arrived
 * when the next group of relays is due, at most a group span later ({@link RelayLoop}, {@link PollWheel}); what a
 * polled relay sends meanwhile (its answer, a {@code ping}) is still read and acted on, round after round: at a
 * 100 ms interval (a group span of one slot: read at the next boundary) and at 1 s (grouped: up to 100 ms later).
 * Real server, real sockets.
 */
class RelayLoopAnswersTest {

    private static final int ROUNDS = 6;

    private RelayServerFixture fixture;

    @AfterEach
    void stop() {
        if (fixture != null) {
            fixture.close();
        }
    }

    @ParameterizedTest
    @ValueSource(longs = {100, 1000})
    void answersAndPingsSentRightAfterPollsAreReadAndAnsweredEveryRound(long pollMillis) throws Exception {
        fixture = new RelayServerFixture(Duration.ofMillis(pollMillis), Duration.ofSeconds(4), 1024);
        try (RawRelay polled = RawRelay.identified(fixture.address(), "polled");
             RawRelay quiet = RawRelay.identified(fixture.address(), "quiet")) {
            polled.send("add c\n");
            for (int i = 1; i <= ROUNDS; i++) {
                polled.expect("get c");
                polled.send("got c-v:" + i + "\nping\n");
                // answered when the loop reads (within a group span), before the next poll
                assertEquals("pong", polled.readLine(Duration.ofSeconds(2)), "round " + i);
                // a relay that was not polled is answered too, by the same loop (few relays: they share it)
                quiet.send("ping\n");
                assertEquals("pong", quiet.readLine(Duration.ofSeconds(2)), "round " + i);
            }
            fixture.storage.awaitSamples(ROUNDS, 5, TimeUnit.SECONDS);
        }
        List<Sample> samples = fixture.storage.samples();
        assertEquals(ROUNDS, samples.size());
        for (int i = 0; i < ROUNDS; i++) {
            assertEquals("v", samples.get(i).stat());
            assertEquals(i + 1, samples.get(i).value(), 0.0, "every answer stored, in order");
        }
    }
}
