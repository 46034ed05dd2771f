package io.pulse.kernel.relay;

import io.pulse.kernel.metrics.Metrics;
import io.pulse.kernel.testing.Await;
import io.pulse.kernel.testing.RawRelay;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RelayServerLifecycleTest {

    private static RelayServerSettings settings(int port) {
        return new RelayServerSettings(new InetSocketAddress(InetAddress.getLoopbackAddress(), port),
                Duration.ofSeconds(60), Duration.ofSeconds(4), 1024);
    }

    @Test
    void closeDisconnectsEveryRelayPromptly() throws Exception {
        RelayServerFixture fixture = RelayServerFixture.standard();
        List<RawRelay> relays = new ArrayList<>();
        try {
            for (int i = 0; i < 20; i++) {
                RawRelay relay = RawRelay.identified(fixture.address(), "r" + i);
                relay.send("add c\n");
                relays.add(relay);
            }
            RawRelay unidentified = new RawRelay(fixture.address());
            relays.add(unidentified);
            Await.until("all registered", Duration.ofSeconds(5), () -> fixture.server.relays().size() == 20);
            long start = System.nanoTime();
            fixture.server.close();
            assertTrue((System.nanoTime() - start) / 1_000_000 < 3000, "close returns within a few seconds");
            for (RawRelay relay : relays) {
                assertTrue(relay.closedWithin(Duration.ofSeconds(3)), "every connection closed");
            }
            assertEquals(List.of(), fixture.server.relays());
            assertEquals(0, fixture.metric("relays.connected"));
            assertThrows(IllegalStateException.class,
                    () -> fixture.server.override(Duration.ofSeconds(5), Map.of("c", Duration.ofSeconds(1))));
            fixture.server.close();   // idempotent
        } finally {
            for (RawRelay relay : relays) {
                relay.close();
            }
            fixture.close();
        }
    }

    @Test
    void aBusyAddressFailsStartWithAClearMessage() throws Exception {
        try (RelayServerFixture fixture = RelayServerFixture.standard()) {
            int port = fixture.address().getPort();
            RelayServer second = new RelayServer(settings(port), batch -> { }, new Metrics(), Clock.systemUTC());
            IOException e = assertThrows(IOException.class, second::start);
            assertTrue(e.getMessage().contains("cannot listen for relays at 127.0.0.1:" + port), e.getMessage());
            second.close();
        }
    }

    @Test
    void startIsOnceOnly() throws Exception {
        RelayServer server = new RelayServer(settings(0), batch -> { }, new Metrics(), Clock.systemUTC());
        assertThrows(IllegalStateException.class, server::boundAddress);
        server.start();
        assertTrue(server.boundAddress().getPort() > 0);
        assertThrows(IllegalStateException.class, server::start);
        server.close();
        RelayServer closed = new RelayServer(settings(0), batch -> { }, new Metrics(), Clock.systemUTC());
        closed.close();
        assertThrows(IllegalStateException.class, closed::start);
    }

    @Test
    void settingsAreValidated() {
        InetSocketAddress any = new InetSocketAddress(0);
        assertThrows(IllegalArgumentException.class,
                () -> new RelayServerSettings(any, Duration.ZERO, Duration.ofSeconds(1), 1024));
        assertThrows(IllegalArgumentException.class,
                () -> new RelayServerSettings(any, Duration.ofSeconds(1), Duration.ofMillis(1500), 1024));
        assertThrows(IllegalArgumentException.class,
                () -> new RelayServerSettings(any, Duration.ofSeconds(1), Duration.ZERO, 1024));
        assertThrows(IllegalArgumentException.class,
                () -> new RelayServerSettings(any, Duration.ofSeconds(1), Duration.ofSeconds(1), 10));
        assertEquals(Duration.ofSeconds(60),
                new RelayServerSettings(any, Duration.ofSeconds(1), Duration.ofSeconds(30), 1024).silenceTimeout());
    }
}
