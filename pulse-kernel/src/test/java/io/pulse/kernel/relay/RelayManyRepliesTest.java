package io.pulse.kernel.relay;

import io.pulse.kernel.testing.RawRelay;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A relay that asks for more replies in one packet than a relay may have lines pending ({@code ping} x 200 against
 * {@value OutboundLines#CAPACITY}) reads them all and is not taken for a stalled one: the lines are written as they
 * pile up, and only lines its socket refuses count against it. Real server, real sockets (plain TCP: the event loop).
 */
class RelayManyRepliesTest {

    private static final int PINGS = 200;

    private RelayServerFixture fixture;

    @BeforeEach
    void start() throws Exception {
        fixture = new RelayServerFixture(Duration.ofSeconds(60), Duration.ofSeconds(4),
                RelayServerSettings.DEFAULT_MAX_LINE_LENGTH);
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    @Test
    void moreReplyNeedingLinesInOnePacketThanTheQueueHoldsAreAllAnswered() throws Exception {
        try (RawRelay relay = RawRelay.identified(fixture.address(), "chatty")) {
            relay.send("ping\n".repeat(PINGS));
            for (int i = 0; i < PINGS; i++) {
                assertEquals("pong", relay.readLine(), "pong " + (i + 1) + " of " + PINGS);
            }
            relay.send("ping\n");
            relay.expect("pong");
        }
        assertEquals(0, fixture.metric("relays.stalled"), "a relay that reads is not stalled");
    }
}
