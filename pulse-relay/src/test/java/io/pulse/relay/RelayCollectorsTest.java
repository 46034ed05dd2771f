package io.pulse.relay;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Collectors, {@code get} -> {@code got}, and {@code info()}, against a raw socket playing the original server. */
class RelayCollectorsTest {

    private OriginalServer server;
    private OriginalServer.Peer peer;
    private Relay relay;

    @BeforeEach
    void connect() throws Exception {
        server = OriginalServer.start();
        var connecting = Relay.builder(server.address(), "test_client").collectTimeout(Duration.ofMillis(300));
        var relayFuture = RelayHandshakeTest.async(connecting::connect);
        peer = server.acceptIdentified("test_client", 30);
        relay = relayFuture.get();
    }

    @AfterEach
    void close() throws Exception {
        relay.close();
        server.close();
    }

    @Test
    void gotCarriesPointAndSetCollectorsInTheOriginalItemFormat() throws Exception {
        relay.addCollector("ram", List.of("guy"), () -> 25.0);
        relay.addCollector("disk", List.of("guy"), () -> Map.of("disk_used", 50.0, "disk_free", 1.2346));
        assertEquals("add ram:guy", peer.readLine());
        assertEquals("add disk:guy", peer.readLine());

        peer.write("get ram,disk\n");
        // Point: <c>-<c>; set: <c>-<name>, sorted by name; shortest exact decimals, no fixed 4 digits.
        assertEquals("got ram-ram:25,disk-disk_free:1.2346,disk-disk_used:50", peer.readLine());

        peer.write("get disk\n");
        assertEquals("got disk-disk_free:1.2346,disk-disk_used:50", peer.readLine());
    }

    @Test
    void valuesUseTheShortestExactDecimalThatGoParseFloatReads() throws Exception {
        relay.addCollector("v", List.of(), () -> {
            Map<String, Double> values = new HashMap<>();
            values.put("a", 0.1 + 0.2);
            values.put("b", 1e-5);
            values.put("c", 1.5e10);
            values.put("d", -0.0);
            values.put("e", -12.5);
            return values;
        });
        peer.readLine();
        peer.write("get v\n");
        assertEquals("got v-a:0.30000000000000004,v-b:0.00001,v-c:15000000000,v-d:0,v-e:-12.5", peer.readLine());
    }

    @Test
    void noGotIsSentWhenNothingHasAValue() throws Exception {
        relay.addCollector("nan", List.of(), () -> Double.NaN);
        relay.addCollector("empty", List.of(), () -> Map.of());
        relay.addCollector("ram", List.of(), () -> 0.5);
        peer.readLine();
        peer.readLine();
        peer.readLine();
        // Unknown collectors, a NaN-only collector and an empty set: nothing at all to answer.
        peer.write("get unknown\nget nan,empty\nget\nget \nflush\n");
        // flush is answered in order after the gets: had any get answered, its got would come first.
        assertEquals("ok", peer.readLine());
        peer.write("get nan,ram,unknown\n");
        assertEquals("got ram-ram:0.5", peer.readLine());
    }

    @Test
    void nonFiniteValuesAndUnparseableEntryNamesAreLeftOutOthersKept() throws Exception {
        relay.addCollector("s", List.of(), () -> {
            Map<String, Double> values = new LinkedHashMap<>();
            values.put("ok", 1.0);
            values.put("inf", Double.POSITIVE_INFINITY);
            values.put("bad-name", 2.0);
            values.put("bad:name", 3.0);
            values.put("also,bad", 4.0);
            values.put("", 5.0); // the empty name stands for the collector, as in the original
            values.put("nul", null);
            return values;
        });
        peer.readLine();
        peer.write("get s\n");
        assertEquals("got s-s:5,s-ok:1", peer.readLine());
    }

    @Test
    void aThrowingCollectorIsSkippedAndTheRelayKeepsAnswering() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        // A lambda that only throws fits both overloads: name the kind with the factory.
        relay.addCollector("boom", List.of(), Collector.point(() -> {
            calls.incrementAndGet();
            throw new IllegalStateException("sensor unplugged");
        }));
        relay.addCollector("ok", List.of(), () -> 1.0);
        peer.readLine();
        peer.readLine();
        peer.write("get boom,ok\n");
        assertEquals("got ok-ok:1", peer.readLine());
        peer.write("get boom\nget ok,boom\n");
        assertEquals("got ok-ok:1", peer.readLine());
        assertEquals(3, calls.get());
        assertTrue(relay.isConnected());
        assertEquals(Map.of("_connected", 1.0, "ok", 1.0), relay.info());
    }

    @Test
    void aSlowCollectorIsLeftOutAfterTheCollectTimeoutAndDoesNotBlockTheHeartbeatPath() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger started = new AtomicInteger();
        relay.addCollector("slow", List.of(), () -> {
            started.incrementAndGet();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return 7.0;
        });
        relay.addCollector("fast", List.of(), () -> 1.0);
        peer.readLine();
        peer.readLine();
        long start = System.nanoTime();
        peer.write("get slow,fast\n");
        assertEquals("got fast-fast:1", peer.readLine());
        assertTrue(System.nanoTime() - start >= Duration.ofMillis(250).toNanos());
        // While the slow call is still running, another get shares it instead of starting a second one.
        peer.write("get slow,fast\n");
        assertEquals("got fast-fast:1", peer.readLine());
        assertEquals(1, started.get());
        release.countDown();
        peer.write("get slow\n");
        assertEquals("got slow-slow:7", peer.readLine());
    }

    @Test
    void lazyCollectorsAreCalledOnEveryGet() throws Exception {
        AtomicInteger counter = new AtomicInteger();
        relay.addCollector("n", List.of(), () -> counter.incrementAndGet());
        peer.readLine();
        peer.write("get n\n");
        assertEquals("got n-n:1", peer.readLine());
        peer.write("get n,n\n"); // a name asked twice is answered once
        assertEquals("got n-n:2", peer.readLine());
    }

    @Test
    void infoNamesValuesAsTheOriginal() {
        relay.addCollector("cpu", List.of(), () -> 0.25);
        relay.addCollector("disk", List.of(), () -> Map.of("used", 0.5, "", 2.0));
        relay.addCollector("odd", List.of(), () -> Double.NaN);
        Map<String, Double> info = relay.info();
        assertEquals(List.of("_connected", "cpu", "disk", "disk-used", "odd"), List.copyOf(info.keySet()));
        assertEquals(1.0, info.get("_connected"));
        assertEquals(0.25, info.get("cpu"));
        assertEquals(2.0, info.get("disk"));
        assertEquals(0.5, info.get("disk-used"));
        assertTrue(info.get("odd").isNaN());
        assertThrows(UnsupportedOperationException.class, () -> info.put("x", 1.0));
    }

    @Test
    void reservedNamesAndDuplicatesAreRefusedWithTheOriginalErrorsAndNothingIsSent() throws Exception {
        for (String reserved : List.of("a-b", "a:b", "a,b", "_connected", "-", ":")) {
            ReservedNameException e = assertThrows(ReservedNameException.class,
                    () -> relay.addCollector(reserved, List.of(), () -> 1.0));
            assertTrue(e.getMessage().startsWith("cannot use - or : or , or _connected in your name"), e.getMessage());
            assertEquals(reserved, e.name());
        }
        relay.addCollector("disk", List.of("guy"), () -> 1.0);
        DuplicateCollectorException duplicate = assertThrows(DuplicateCollectorException.class,
                () -> relay.addCollector("disk", List.of("guy"), () -> Map.of("x", 1.0)));
        assertTrue(duplicate.getMessage().startsWith("cannot add a duplicate collector to the set"));
        assertThrows(IllegalArgumentException.class, () -> relay.addCollector("", List.of(), () -> 1.0));
        assertThrows(IllegalArgumentException.class, () -> relay.addCollector("a\nb", List.of(), () -> 1.0));
        assertThrows(IllegalArgumentException.class, () -> relay.addCollector("t", List.of("a,b"), () -> 1.0));
        assertThrows(IllegalArgumentException.class, () -> relay.addCollector("t", List.of("a\n"), () -> 1.0));
        assertThrows(IllegalArgumentException.class, () -> relay.addCollector("t", java.util.Arrays.asList("a", null),
                () -> 1.0));

        peer.write("flush\n");
        assertEquals("add disk:guy", peer.readLine());
        assertEquals("ok", peer.readLine(), "a refused collector must not reach the server");
        assertEquals(List.of("disk"), relay.collectorNames());
    }

    @Test
    void removeSendsRemoveAndTheCollectorIsNoLongerAnswered() throws Exception {
        relay.addCollector("ram", List.of(), () -> 1.0);
        relay.addCollector("cpu", List.of(), () -> 2.0);
        assertTrue(relay.removeCollector("ram"));
        assertFalse(relay.removeCollector("ram"));
        assertFalse(relay.removeCollector("never"));
        assertEquals("add ram:", peer.readLine());
        assertEquals("add cpu:", peer.readLine());
        assertEquals("remove ram", peer.readLine());
        peer.write("get ram,cpu\n");
        assertEquals("got cpu-cpu:2", peer.readLine());
        // The name is free again.
        relay.addCollector("ram", List.of("again"), () -> 3.0);
        assertEquals("add ram:again", peer.readLine());
    }

    @Test
    void unknownAndMalformedServerLinesAreIgnored() throws Exception {
        relay.addCollector("ram", List.of(), () -> 1.0);
        peer.readLine();
        peer.write("hello there\nok\npong\nbeat\nbeat x\nbeat 0\noverride\noverride x a:1\noverride 5\n\n"
                + "get ram\r\n");
        assertEquals("got ram-ram:1", peer.readLine());
        assertTrue(relay.isConnected());
    }
}
