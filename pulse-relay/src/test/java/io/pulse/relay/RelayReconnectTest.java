package io.pulse.relay;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Heartbeat, dead-server detection, reconnection and the final close(), against raw sockets. */
class RelayReconnectTest {

    private static Relay connect(OriginalServer server, String id) throws Exception {
        return RelayHandshakeTest.connectAsync(server.address(), id).get();
    }

    @Test
    void reconnectsAfterTheServerRestartsResendingIdAndEveryAddThenKeepsTheHeartbeat() throws Exception {
        OriginalServer first = OriginalServer.start();
        int port = first.port();
        var connecting = RelayHandshakeTest.connectAsync(first.address(), "lester.tester");
        OriginalServer.Peer peer = first.acceptIdentified("lester.tester", 1);
        try (Relay relay = connecting.get()) {
            relay.addCollector("cpu_used", List.of("", "service:web1"), () -> 0.25);
            relay.addCollector("disk", List.of("mount:root"), () -> Map.of("disk_used", 50.0));
            assertEquals("add cpu_used:,service:web1", peer.readLine());
            assertEquals("add disk:mount:root", peer.readLine());

            first.close(); // the server process goes away: listener and connection
            waitFor(() -> !relay.isConnected());
            assertEquals(0.0, relay.info().get("_connected"));
            relay.addCollector("late", List.of(), () -> 3.0); // added while disconnected

            try (OriginalServer restarted = OriginalServer.startOn(port)) {
                OriginalServer.Peer again = restarted.accept();
                assertEquals("id lester.tester", again.readLine());
                again.write("ok\nbeat 1\n");
                assertEquals("add cpu_used:,service:web1", again.readLine());
                assertEquals("add disk:mount:root", again.readLine());
                assertEquals("add late:", again.readLine());
                waitFor(relay::isConnected);

                again.write("get cpu_used,disk,late\n");
                assertEquals("got cpu_used-cpu_used:0.25,disk-disk_used:50,late-late:3", again.readLine());

                // The heartbeat survived the reconnection: pings keep coming, every beat (1 s).
                long start = System.nanoTime();
                assertEquals("ping", again.readLine(Duration.ofSeconds(2)));
                again.write("pong\n");
                assertEquals("ping", again.readLine(Duration.ofSeconds(2)));
                again.write("pong\n");
                assertTrue(System.nanoTime() - start > Duration.ofMillis(900).toNanos(), "pings a beat apart");
                assertTrue(relay.isConnected());
            }
        }
    }

    /** The protocol's overlong-line policy, on the relay's side: the error line, then close (and reconnect). */
    @Test
    void aServerLineOverTheLimitGetsTheErrorLineAndTheRelayReconnects() throws Exception {
        try (OriginalServer server = OriginalServer.start()) {
            var connecting = RelayHandshakeTest.connectAsync(server.address(), "r");
            OriginalServer.Peer peer = server.acceptIdentified("r", 30);
            try (Relay relay = connecting.get()) {
                relay.addCollector("c", List.of(), () -> 1.0);
                assertEquals("add c:", peer.readLine());
                // one byte over the limit, followed by a line the relay must not take as a command
                String overlong = "get " + "c".repeat(Handshake.MAX_LINE_BYTES - 3);
                peer.write(overlong + "\nget c\n");
                assertEquals("line too long (max " + Handshake.MAX_LINE_BYTES + " bytes)", peer.readLine());
                peer.assertClosedByRelay();

                OriginalServer.Peer fresh = server.accept();
                assertEquals("id r", fresh.readLine());
                fresh.write("ok\nbeat 30\n");
                assertEquals("add c:", fresh.readLine());
                fresh.write("get c\n");
                assertEquals("got c-c:1", fresh.readLine());
            }
        }
    }

    @Test
    void aServerThatStopsAnsweringPingsIsDroppedAndTheRelayReconnects() throws Exception {
        try (OriginalServer server = OriginalServer.start()) {
            var connecting = RelayHandshakeTest.connectAsync(server.address(), "r");
            OriginalServer.Peer silent = server.acceptIdentified("r", 1);
            try (Relay relay = connecting.get()) {
                long start = System.nanoTime();
                assertEquals("ping", silent.readLine(Duration.ofSeconds(2)));
                // No pong, no line at all: the relay gives up after beat/2 and closes the connection.
                assertNull(silent.readLine(Duration.ofSeconds(2)));
                long detected = System.nanoTime() - start;
                assertTrue(detected >= Duration.ofMillis(1400).toNanos(), "not before beat + beat/2: " + detected);

                OriginalServer.Peer fresh = server.accept();
                assertEquals("id r", fresh.readLine());
                fresh.write("ok\nbeat 1\n");
                waitFor(relay::isConnected);
                assertEquals("ping", fresh.readLine(Duration.ofSeconds(2)));
            }
        }
    }

    @Test
    void anyLineAfterThePingKeepsTheConnectionAliveAsInTheOriginal() throws Exception {
        try (OriginalServer server = OriginalServer.start()) {
            var connecting = RelayHandshakeTest.connectAsync(server.address(), "r");
            OriginalServer.Peer peer = server.acceptIdentified("r", 1);
            try (Relay relay = connecting.get()) {
                relay.addCollector("a", List.of(), () -> 1.0);
                assertEquals("add a:", peer.readLine());
                for (int i = 0; i < 2; i++) {
                    assertEquals("ping", peer.readLine(Duration.ofSeconds(2)));
                    peer.write("get a\n"); // not a pong, but a line
                    assertEquals("got a-a:1", peer.readLine());
                }
                assertTrue(relay.isConnected());
                assertNull(server.acceptWithin(Duration.ZERO), "no reconnection happened");
            }
        }
    }

    @Test
    void closeSendsRemovesAndCloseThenNeverReconnects() throws Exception {
        try (OriginalServer server = OriginalServer.start()) {
            var connecting = RelayHandshakeTest.connectAsync(server.address(), "r");
            OriginalServer.Peer peer = server.acceptIdentified("r", 30);
            Relay relay = connecting.get();
            relay.addCollector("cpu_used", List.of(), () -> 1.0);
            relay.addCollector("ram_used", List.of(), () -> 1.0);
            relay.addCollector("disk", List.of(), () -> Map.of("x", 1.0));
            relay.close();
            assertEquals("add cpu_used:", peer.readLine());
            assertEquals("add ram_used:", peer.readLine());
            assertEquals("add disk:", peer.readLine());
            assertEquals("remove cpu_used", peer.readLine());
            assertEquals("remove ram_used", peer.readLine());
            assertEquals("remove disk", peer.readLine());
            assertEquals("close", peer.readLine());
            peer.assertClosedByRelay();

            // close() is final: the thread that would reconnect ends, and it is the only one that connects.
            assertTrue(relay.reconnectorThread().join(Duration.ofSeconds(5)), "the reconnecting thread ended");
            assertNull(server.acceptWithin(Duration.ZERO), "no reconnection");
            assertFalse(relay.isConnected());
            assertEquals(Map.of("_connected", 0.0), relay.info());
            assertThrows(IllegalStateException.class, () -> relay.addCollector("x", List.of(), () -> 1.0));
            assertFalse(relay.removeCollector("cpu_used"));
            relay.close(); // idempotent
        }
    }

    @Test
    void closeWhileDisconnectedStopsTheReconnectionAttempts() throws Exception {
        OriginalServer server = OriginalServer.start();
        int port = server.port();
        var connecting = RelayHandshakeTest.connectAsync(server.address(), "r");
        server.acceptIdentified("r", 30);
        Relay relay = connecting.get();
        server.close();
        waitFor(() -> !relay.isConnected());
        Thread.sleep(100); // a few failed attempts (backoff 20 ms doubling)
        relay.close();
        // The thread that reconnects (the only one that connects) ends, even while it is between attempts.
        assertTrue(relay.reconnectorThread().join(Duration.ofSeconds(5)), "the reconnection attempts stopped");
        try (OriginalServer restarted = OriginalServer.startOn(port)) {
            assertNull(restarted.acceptWithin(Duration.ofMillis(100)), "a closed relay must not come back");
        }
    }

    @Test
    void aServerRefusingTheIdOnReconnectionIsRetriedWithBackoff() throws Exception {
        try (OriginalServer server = OriginalServer.start()) {
            var connecting = RelayHandshakeTest.connectAsync(server.address(), "r");
            OriginalServer.Peer peer = server.acceptIdentified("r", 30);
            try (Relay relay = connecting.get()) {
                peer.close();
                long previous = System.nanoTime();
                long[] gaps = new long[4];
                for (int i = 0; i < gaps.length; i++) {
                    OriginalServer.Peer refused = server.accept();
                    assertEquals("id r", refused.readLine());
                    long now = System.nanoTime();
                    gaps[i] = now - previous;
                    previous = now;
                    refused.write("no\n");
                    refused.close();
                }
                // Backoff 20 ms doubling to 200 ms (+-20 %): the waits grow.
                assertTrue(gaps[3] > Duration.ofMillis(100).toNanos(), java.util.Arrays.toString(gaps));
                OriginalServer.Peer accepted = server.acceptIdentified("r", 30);
                waitFor(relay::isConnected);
                accepted.write("flush\n");
                assertEquals("ok", accepted.readLine());
            }
        }
    }

    static void waitFor(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 5 s");
            }
            Thread.sleep(5);
        }
    }
}
