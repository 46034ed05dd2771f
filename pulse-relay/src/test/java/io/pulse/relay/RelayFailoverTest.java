package io.pulse.relay;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A relay with several servers, on real loopback sockets: first choice, failover, hold-down and return. */
class RelayFailoverTest {

    private static final Duration HOLD_DOWN = Duration.ofMillis(1500);

    @Test
    void connectsToItsFirstRankedServerFailsOverInRankOrderAndMovesBackAfterTheHoldDown() throws Exception {
        List<FleetServer> servers = new ArrayList<>(List.of(FleetServer.start(), FleetServer.start(),
            FleetServer.start()));
        try {
            Map<String, FleetServer> byAddress = servers.stream()
                .collect(Collectors.toMap(FleetServer::address, s -> s));
            List<String> addresses = List.copyOf(byAddress.keySet());
            try (Relay relay = Relay.builder(addresses, "web7").holdDown(HOLD_DOWN)
                    .backoff(Duration.ofMillis(50), Duration.ofMillis(400)).connect()) {
                List<String> ranked = relay.rankedServers();
                FleetServer first = byAddress.get(ranked.get(0));
                FleetServer second = byAddress.get(ranked.get(1));
                FleetServer third = byAddress.get(ranked.get(2));
                assertEquals(ranked.get(0), relay.connectedServer().orElseThrow());
                waitFor(() -> first.relays().contains("web7"));
                assertOnlyOn("web7", first, servers);

                int port = first.port();
                first.close(); // SIGKILL-like: listener and connection vanish
                waitFor(() -> relay.connectedServer().orElse("").equals(second.address()));
                waitFor(() -> second.relays().contains("web7"));
                assertOnlyOn("web7", second, servers);

                FleetServer restarted = FleetServer.startOn(port);
                servers.set(servers.indexOf(first), restarted);
                long restartedAt = System.nanoTime();
                waitFor(() -> restarted.relays().contains("web7"));
                long tookNanos = System.nanoTime() - restartedAt;
                assertTrue(tookNanos >= HOLD_DOWN.toNanos(), "moved back after " + Duration.ofNanos(tookNanos)
                    + ", before the hold-down of " + HOLD_DOWN);
                assertEquals(ranked.get(0), relay.connectedServer().orElseThrow());
                waitFor(() -> second.closedBy().contains("web7")); // it told the other server it left
                assertOnlyOn("web7", restarted, servers);
                assertTrue(third.closedBy().isEmpty());
            }
        } finally {
            for (FleetServer server : servers) {
                server.close();
            }
        }
    }

    @Test
    void startsOnTheNextServerWhenTheFirstRankedIsDownAndStaysThereWhileItIsDown() throws Exception {
        int freePort;
        try (ServerSocket probe = new ServerSocket(0)) {
            freePort = probe.getLocalPort(); // nothing listens there once the socket is closed
        }
        try (FleetServer up = FleetServer.start()) {
            String down = "127.0.0.1:" + freePort;
            String id = idRankingFirst(down, List.of(down, up.address()));
            try (Relay relay = Relay.builder(List.of(up.address(), down), id).holdDown(Duration.ofMillis(300))
                    .connect()) {
                assertEquals(up.address(), relay.connectedServer().orElseThrow());
                Thread.sleep(1000); // several probe rounds against the dead first choice
                assertEquals(up.address(), relay.connectedServer().orElseThrow());
                assertEquals(java.util.Set.of(id), up.relays());
                assertTrue(up.closedBy().isEmpty(), "it must not leave a server for an unreachable one");
            }
        }
    }

    @Test
    void failsWithTheFirstRankedServersErrorWhenNoServerIsReachable() throws Exception {
        List<String> dead = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            try (ServerSocket probe = new ServerSocket(0)) {
                dead.add("127.0.0.1:" + probe.getLocalPort());
            }
        }
        assertThrows(IOException.class, () -> Relay.builder(dead, "r").connectTimeout(Duration.ofSeconds(1)).connect());
        assertThrows(IllegalArgumentException.class, () -> Relay.builder("127.0.0.1:1,127.0.0.1:1", "r"));
    }

    @Test
    void aSingleServerBehavesAsBefore() throws Exception {
        try (FleetServer server = FleetServer.start();
             Relay relay = Relay.connect(server.address(), "solo")) {
            assertEquals(List.of(server.address()), relay.rankedServers());
            waitFor(() -> server.relays().contains("solo"));
            Thread.sleep(500); // no probing, no moving with one server
            assertTrue(server.closedBy().isEmpty());
        }
    }

    /** An id whose first choice among {@code servers} is {@code wanted}. */
    private static String idRankingFirst(String wanted, List<String> servers) {
        List<ServerAddress> parsed = ServerList.of(servers);
        for (int i = 0; ; i++) {
            String id = "relay" + i;
            if (RendezvousRanking.rank(id, parsed).getFirst().toString().equals(wanted)) {
                return id;
            }
        }
    }

    private static void assertOnlyOn(String id, FleetServer holder, List<FleetServer> servers) {
        for (FleetServer server : servers) {
            assertEquals(server == holder, server.relays().contains(id), server.address() + " holds " + server.relays());
        }
    }

    private static void waitFor(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 10 s");
            }
            Thread.sleep(20);
        }
    }
}
