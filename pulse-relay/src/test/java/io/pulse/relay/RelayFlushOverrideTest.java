package io.pulse.relay;

import io.pulse.protocol.OverrideLine;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code flush} and {@code override}: documented by the seed README, ignored by the original relay; the Pulse relay
 * answers both with {@code ok} and honours them through its value cache.
 */
class RelayFlushOverrideTest {

    private static final Duration WAIT = Duration.ofSeconds(5);

    private final TestClock clock = new TestClock();
    private OriginalServer server;
    private OriginalServer.Peer peer;
    private Relay relay;

    private void connect() throws Exception {
        server = OriginalServer.start();
        var relayFuture = RelayHandshakeTest.async(() -> Relay.builder(server.address(), "r").clock(clock).connect());
        peer = server.acceptIdentified("r", 30);
        relay = relayFuture.get();
    }

    @AfterEach
    void close() throws Exception {
        if (relay != null) {
            relay.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void aPeriodicCollectorServesItsCachedValueUntilFlushed() throws Exception {
        connect();
        AtomicInteger calls = new AtomicInteger();
        relay.addCollector("c", List.of(), Collector.point(calls::incrementAndGet).every(Duration.ofHours(1)));
        peer.readLine();
        waitUntil(() -> calls.get() == 1, "the background collection at registration");
        peer.write("get c\n");
        assertEquals("got c-c:1", peer.readLine());
        peer.write("get c\n");
        assertEquals("got c-c:1", peer.readLine(), "served from the cache, not collected again");
        assertEquals(1, calls.get());

        peer.write("flush\n");
        assertEquals("ok", peer.readLine());
        peer.write("get c\n");
        assertEquals("got c-c:2", peer.readLine(), "after flush the next get collects afresh");
        peer.write("get c\n");
        assertEquals("got c-c:2", peer.readLine(), "and caches again");
    }

    @Test
    void anOverrideCollectsInTheBackgroundAtTheRequestedIntervalUntilItEnds() throws Exception {
        connect();
        AtomicInteger calls = new AtomicInteger();
        relay.addCollector("cpu", List.of(), () -> calls.incrementAndGet());
        relay.addCollector("ram", List.of(), () -> 1.0);
        peer.readLine();
        peer.readLine();
        assertNull(relay.entry("cpu").pumpThread(), "a lazy collector has no background collection");
        assertEquals(0, calls.get(), "a lazy collector is not called until asked");

        // Integer seconds as the server sends them; decimals are accepted too (fast test). Unknown names are fine.
        peer.write("override 60 cpu:0.05,nosuch:1\n");
        assertEquals("ok", peer.readLine());
        waitUntil(() -> calls.get() >= 4, "background collection every 50 ms");

        // During the override, get serves the latest cached value instead of calling the collector.
        int before = calls.get();
        peer.write("get cpu\n");
        String got = peer.readLine();
        int served = Integer.parseInt(got.substring("got cpu-cpu:".length()));
        assertTrue(served <= calls.get() && served >= before, got + " should be a cached value");

        // The override ends (by the relay's clock): collection stops and get is lazy again. Once the background
        // thread has ended, nothing but a get calls the collector any more.
        Thread pump = relay.entry("cpu").pumpThread();
        assertNotNull(pump, "collecting in the background during the override");
        clock.advance(Duration.ofSeconds(61));
        assertTrue(pump.join(WAIT), "background collection stopped with the override");
        assertNull(relay.entry("cpu").pumpThread());
        int settled = calls.get();
        peer.write("get cpu\n");
        assertEquals("got cpu-cpu:" + (settled + 1), peer.readLine());
    }

    @Test
    void aCollectorAddedDuringAnOverrideIsCollectedAtTheOverriddenInterval() throws Exception {
        connect();
        peer.write("override 60 late:0.05\n");
        assertEquals("ok", peer.readLine());
        AtomicInteger calls = new AtomicInteger();
        relay.addCollector("late", List.of(), () -> calls.incrementAndGet());
        assertEquals("add late:", peer.readLine());
        waitUntil(() -> calls.get() >= 3, "the late collector collected in the background");
    }

    @Test
    void anOverrideOnAPeriodicCollectorChangesItsIntervalThenGivesItBack() throws Exception {
        connect();
        AtomicInteger calls = new AtomicInteger();
        relay.addCollector("p", List.of(), Collector.point(calls::incrementAndGet).every(Duration.ofHours(1)));
        peer.readLine();
        waitUntil(() -> calls.get() == 1, "the first background collection");
        peer.write("override 60 p:0.05\n");
        assertEquals("ok", peer.readLine());
        waitUntil(() -> calls.get() >= 4, "collection every 50 ms during the override");
        clock.advance(Duration.ofMinutes(2));
        // The pump waits out an hour only after collecting for the new period: from then on nothing is collected.
        waitUntil(() -> Duration.ofHours(1).equals(relay.entry("p").pumpWaitingOut()), "back to its own hourly interval");
        int settled = calls.get();
        peer.write("get p\n");
        assertEquals("got p-p:" + settled, peer.readLine(), "periodic again: served from the cache");
    }

    @Test
    void removingACollectorStopsItsBackgroundCollection() throws Exception {
        connect();
        AtomicInteger calls = new AtomicInteger();
        relay.addCollector("p", List.of(), Collector.point(calls::incrementAndGet).every(Duration.ofMillis(20)));
        waitUntil(() -> calls.get() >= 3, "background collection");
        Thread pump = relay.entry("p").pumpThread();
        relay.removeCollector("p");
        // The pump awaits each collection it starts, so once it has ended the collector is called no more.
        assertTrue(pump.join(WAIT), "background collection stopped with the removal");
        int settled = calls.get();
        assertEquals(Map.of("_connected", 1.0), relay.info(), "and nothing else collects it");
        assertEquals(settled, calls.get());
    }

    @Test
    void aPeriodicCollectorThatStartsFailingStopsServingItsOldValue() throws Exception {
        connect();
        AtomicBoolean failing = new AtomicBoolean();
        AtomicInteger calls = new AtomicInteger();
        relay.addCollector("p", List.of(), Collector.point(() -> {
            calls.incrementAndGet();
            if (failing.get()) {
                throw new IllegalStateException("sensor gone");
            }
            return 5;
        }).every(Duration.ofMillis(30)));
        relay.addCollector("q", List.of(), () -> 1.0);
        peer.readLine();
        peer.readLine();
        peer.write("get p,q\n");
        assertEquals("got p-p:5,q-q:1", peer.readLine());
        failing.set(true);
        int before = calls.get();
        waitUntil(() -> calls.get() >= before + 2, "background collections that fail");
        peer.write("get p,q\n");
        assertEquals("got q-q:1", peer.readLine(), "the old 5 is not served as current");
    }

    @Test
    void endedOverrideWindowsForUnknownCollectorsAreDropped() {
        Overrides overrides = new Overrides(clock);
        overrides.apply(OverrideLine.parse("10 ghost1:1,ghost2:1").override());
        assertEquals(2, overrides.size());
        clock.advance(Duration.ofSeconds(11));
        overrides.apply(OverrideLine.parse("10 other:1").override());
        assertEquals(1, overrides.size());
        assertEquals(Duration.ofSeconds(1), overrides.activeInterval("other"));
        assertEquals(Duration.ofSeconds(10), overrides.remaining("other"));
        assertEquals(null, overrides.activeInterval("ghost1"));
    }

    private static void waitUntil(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(5);
        }
    }

    /** A clock the test moves forward by hand. */
    static final class TestClock extends Clock {
        private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-01-01T00:00:00Z"));

        void advance(Duration by) {
            now.updateAndGet(instant -> instant.plus(by));
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Instant instant() {
            return now.get();
        }
    }
}
