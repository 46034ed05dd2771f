package io.pulse.kernel.relay;

import io.pulse.kernel.testing.Await;
import io.pulse.kernel.testing.Background;
import io.pulse.kernel.testing.RawRelay;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A relay silent for twice the beat interval is dropped; one that pings stays. Beat 1 s here, so 2 s of silence. */
class RelayHeartbeatTest {

    private RelayServerFixture fixture;

    @BeforeEach
    void start() throws Exception {
        fixture = new RelayServerFixture(Duration.ofSeconds(60), Duration.ofSeconds(1), 1024);
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    @Test
    void aSilentRelayIsDroppedAndAPingingOneStays() throws Exception {
        try (RawRelay silent = new RawRelay(fixture.address());
             RawRelay pinging = RawRelay.identified(fixture.address(), "pinging");
             RawRelay unidentified = new RawRelay(fixture.address())) {
            long start = System.nanoTime();
            silent.send("id silent\n");
            silent.expect("ok");
            silent.expect("beat 1");
            AtomicBoolean stop = new AtomicBoolean();
            Background pinger = Background.start("pinger", () -> {
                while (!stop.get()) {
                    pinging.send("ping\n");
                    pinging.expect("pong");
                    Thread.sleep(400);
                }
            });
            assertTrue(silent.closedWithin(Duration.ofSeconds(5)), "silent relay dropped");
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertTrue(millis >= 1900 && millis < 4000, "dropped after about 2 s of silence: " + millis + " ms");
            assertTrue(unidentified.closedWithin(Duration.ofSeconds(3)), "a connection that never identifies too");
            Await.until("silent unregistered", Duration.ofSeconds(2),
                    () -> fixture.server.relays().size() == 1);
            assertEquals("pinging", fixture.server.relays().get(0).id());
            stop.set(true);
            pinger.join(Duration.ofSeconds(2));
        }
        assertEquals(1, fixture.metric("relays.timed_out"));
        assertEquals(1, fixture.metric("relays.rejected"));
    }
}
