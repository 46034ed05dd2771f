package io.pulse.relay;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Connecting and identifying, against a raw socket playing the original server. */
class RelayHandshakeTest {

    @Test
    void sendsIdThenAddLinesAfterOkAndBeatWithTheOriginalByteShapes() throws Exception {
        try (OriginalServer server = OriginalServer.start()) {
            CompletableFuture<Relay> connecting = connectAsync(server.address(), "lester.tester");
            OriginalServer.Peer peer = server.accept();
            assertEquals("id lester.tester", peer.readLine());
            peer.write("ok\nbeat 4\n");
            try (Relay relay = connecting.get()) {
                assertTrue(relay.isConnected());
                relay.addCollector("cpu_used", List.of("", "service:web1"), () -> 0.25);
                relay.addCollector("ram_used", null, () -> 0.9405);
                relay.addCollector("disk", List.of("mount:root"), Collector.set(() -> java.util.Map.of("disk_used", 50.0)));
                // The reference example's add lines, byte for byte.
                assertEquals("add cpu_used:,service:web1", peer.readLine());
                assertEquals("add ram_used:", peer.readLine());
                assertEquals("add disk:mount:root", peer.readLine());
            }
        }
    }

    @Test
    void collectorsAddedBeforeTheServerAnswersAreAnnouncedOnce() throws Exception {
        try (OriginalServer server = OriginalServer.start()) {
            CompletableFuture<Relay> connecting = connectAsync(server.address(), "r1");
            OriginalServer.Peer peer = server.acceptIdentified("r1", 30);
            try (Relay relay = connecting.get()) {
                relay.addCollector("a", List.of(), () -> 1);
                relay.addCollector("b", List.of("x:y"), () -> 2);
                assertEquals("add a:", peer.readLine());
                assertEquals("add b:x:y", peer.readLine());
                assertTrue(peer.silentFor(Duration.ofMillis(200)));
            }
        }
    }

    @Test
    void aFirstLineOtherThanOkIsUnableToIdentifyWithPulse() throws Exception {
        try (OriginalServer server = OriginalServer.start()) {
            CompletableFuture<Relay> connecting = connectAsync(server.address(), "r1");
            OriginalServer.Peer peer = server.accept();
            assertEquals("id r1", peer.readLine());
            peer.write("identify first with the 'id' command\n");
            Exception failure = assertThrows(Exception.class, connecting::join);
            UnableToIdentifyException cause = (UnableToIdentifyException) failure.getCause();
            assertTrue(cause.getMessage().startsWith("unable to identify with pulse"), cause.getMessage());
            assertEquals("identify first with the 'id' command", cause.serverReply());
            assertNull(peer.readLine(), "the relay must close the refused connection");
        }
    }

    @Test
    void aFirstLineOverTheLimitGetsTheErrorLineAndIsUnableToIdentify() throws Exception {
        try (OriginalServer server = OriginalServer.start()) {
            CompletableFuture<Relay> connecting = connectAsync(server.address(), "r1");
            OriginalServer.Peer peer = server.accept();
            assertEquals("id r1", peer.readLine());
            peer.write("o".repeat(Handshake.MAX_LINE_BYTES + 1) + "\n");
            assertEquals("line too long (max " + Handshake.MAX_LINE_BYTES + " bytes)", peer.readLine());
            assertNull(peer.readLine(), "then the relay closes the connection");
            Exception failure = assertThrows(Exception.class, connecting::join);
            UnableToIdentifyException cause = (UnableToIdentifyException) failure.getCause();
            assertNull(cause.serverReply());
            assertTrue(cause.getMessage().contains("longer than " + Handshake.MAX_LINE_BYTES + " bytes"),
                    cause.getMessage());
        }
    }

    @Test
    void aServerThatClosesWithoutAnsweringIsUnableToIdentify() throws Exception {
        try (OriginalServer server = OriginalServer.start()) {
            CompletableFuture<Relay> connecting = connectAsync(server.address(), "r1");
            OriginalServer.Peer peer = server.accept();
            assertEquals("id r1", peer.readLine());
            peer.close();
            Exception failure = assertThrows(Exception.class, connecting::join);
            assertTrue(failure.getCause() instanceof UnableToIdentifyException, String.valueOf(failure.getCause()));
            assertNull(((UnableToIdentifyException) failure.getCause()).serverReply());
        }
    }

    @Test
    void aServerThatNeverAnswersTimesOut() throws Exception {
        try (OriginalServer server = OriginalServer.start()) {
            long start = System.nanoTime();
            CompletableFuture<Relay> connecting = async(
                    () -> Relay.builder(server.address(), "r1").connectTimeout(Duration.ofMillis(300)).connect());
            OriginalServer.Peer peer = server.accept();
            assertEquals("id r1", peer.readLine());
            Exception failure = assertThrows(Exception.class, connecting::join);
            assertTrue(failure.getCause() instanceof UnableToIdentifyException, failure.toString());
            assertTrue(Duration.ofNanos(System.nanoTime() - start).compareTo(Duration.ofMillis(250)) > 0);
        }
    }

    @Test
    void noServerListeningIsAnIOException() throws Exception {
        int freePort;
        try (ServerSocket probe = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            freePort = probe.getLocalPort();
        }
        assertThrows(java.net.ConnectException.class, () -> Relay.connect("127.0.0.1:" + freePort, "r1"));
    }

    @Test
    void badAddressesAndIdsAreRefusedBeforeDialling() {
        assertEquals("server address must be host:port, got \"localhost\"",
                assertThrows(IllegalArgumentException.class, () -> Relay.connect("localhost", "r1")).getMessage());
        assertThrows(IllegalArgumentException.class, () -> Relay.connect("localhost:0", "r1"));
        assertThrows(IllegalArgumentException.class, () -> Relay.connect("localhost:http", "r1"));
        assertThrows(IllegalArgumentException.class, () -> Relay.connect("::1:3000", "r1"));
        assertThrows(IllegalArgumentException.class, () -> Relay.connect("127.0.0.1:3000", ""));
        assertThrows(IllegalArgumentException.class, () -> Relay.connect("127.0.0.1:3000", "a\nb"));
        assertEquals(new ServerAddress("::1", 3000), ServerAddress.parse("[::1]:3000"));
        assertEquals("[::1]:3000", ServerAddress.parse("[::1]:3000").toString());
        assertThrows(IllegalArgumentException.class, () -> Relay.builder("127.0.0.1:1", "r").backoff(
                Duration.ofSeconds(2), Duration.ofSeconds(1)));
        assertThrows(IllegalArgumentException.class, () -> Relay.builder("127.0.0.1:1", "r").jitter(1.0));
        assertThrows(IllegalArgumentException.class, () -> Relay.builder("127.0.0.1:1", "r").connectTimeout(Duration.ZERO));
    }

    @Test
    void idMayContainSpacesAsTheOriginalServerTakesEverythingAfterTheFirstSpace() throws Exception {
        try (OriginalServer server = OriginalServer.start()) {
            CompletableFuture<Relay> connecting = connectAsync(server.address(), "web 1");
            OriginalServer.Peer peer = server.acceptIdentified("web 1", 30);
            try (Relay relay = connecting.get()) {
                assertEquals("web 1", relay.id());
                assertFalse(relay.toString().isEmpty());
            }
            assertEquals("close", peer.readLine());
        }
    }

    /** Connects on a virtual thread (the test plays the server meanwhile), with a fast backoff for tests. */
    static CompletableFuture<Relay> connectAsync(String address, String id) {
        return async(() -> Relay.builder(address, id).backoff(Duration.ofMillis(20), Duration.ofMillis(200)).connect());
    }

    interface Connecting {
        Relay connect() throws IOException;
    }

    /** Runs the connection on a virtual thread; an IOException becomes the cause of join()'s CompletionException. */
    static CompletableFuture<Relay> async(Connecting connecting) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return connecting.connect();
            } catch (IOException e) {
                throw new java.util.concurrent.CompletionException(e);
            }
        }, task -> Thread.ofVirtual().start(task));
    }
}
