package io.pulse.kernel.relay;

import io.pulse.kernel.testing.Await;
import io.pulse.kernel.testing.Background;
import io.pulse.kernel.testing.LogCapture;
import io.pulse.kernel.testing.RawRelay;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** When relays are polled: first soon after their first add, then at a stable, spread slot; never held up by others. */
class RelayPollingTest {

    private RelayServerFixture fixture;

    @AfterEach
    void stop() {
        if (fixture != null) {
            fixture.close();
        }
    }

    @Test
    void theFirstPollComesSoonAfterTheFirstAddAndNamesEveryCollector() throws Exception {
        fixture = RelayServerFixture.standard();   // poll interval 60 s: only the first poll happens here
        try (RawRelay relay = RawRelay.identified(fixture.address(), "soon")) {
            long start = System.nanoTime();
            relay.send("add a\nadd b:x:y\nadd c\n");
            relay.expect("get a,b,c");
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertTrue(millis >= PollScheduler.FIRST_POLL_SETTLE_MILLIS - 20, "waited for the other adds: " + millis);
            assertTrue(millis < 1500, "within about a second: " + millis + " ms");
            assertEquals(null, relay.readLine(Duration.ofMillis(300)), "one get per poll");
        }
    }

    @Test
    void relaysWithoutCollectorsAreNotPolled() throws Exception {
        fixture = new RelayServerFixture(Duration.ofMillis(200), Duration.ofSeconds(4), 1024);
        try (RawRelay idle = RawRelay.identified(fixture.address(), "idle");
             RawRelay busy = RawRelay.identified(fixture.address(), "busy")) {
            busy.send("add c\n");
            for (int i = 0; i < 3; i++) {
                busy.expect("get c"); // the first poll, then two regular rounds: every slot came round at least once
            }
            // A marker: the idle relay's pong comes after anything the server sent it before.
            idle.send("ping\n");
            idle.expect("pong");
        }
    }

    @Test
    void regularPollsFallOnTheRelaysStableSlot() throws Exception {
        long interval = 1000;
        fixture = new RelayServerFixture(Duration.ofMillis(interval), Duration.ofSeconds(4), 1024);
        try (RawRelay relay = RawRelay.identified(fixture.address(), "slot-relay")) {
            relay.send("add c\n");
            relay.expect("get c");   // the first poll
            long offset = PollPhase.offsetMillis("slot-relay", interval);
            long previous = -1;
            for (int i = 0; i < 2; i++) {
                relay.expect("get c");
                // when the server sent it (its own clock), free of the client's scheduling delays
                long sent = fixture.server.relays().get(0).lastPoll().toEpochMilli();
                long late = Math.floorMod(sent - offset, interval);
                assertTrue(late < 300, "poll " + i + " was sent " + late + " ms after the relay's slot");
                if (previous > 0) {
                    assertTrue(Math.abs(sent - previous - interval) < 300, "one interval apart: " + (sent - previous));
                }
                previous = sent;
            }
        }
    }

    @Test
    void relaysAreSpreadOverTheInterval() throws Exception {
        long interval = 1000;
        fixture = new RelayServerFixture(Duration.ofMillis(interval), Duration.ofSeconds(4), 1024);
        int count = 40;
        List<RawRelay> relays = new ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                RawRelay relay = RawRelay.identified(fixture.address(), "spread-" + i);
                relay.send("add c\n");
                relays.add(relay);
            }
            ConcurrentLinkedQueue<Long> pollTimes = new ConcurrentLinkedQueue<>();
            List<Background> readers = new ArrayList<>();
            for (RawRelay relay : relays) {
                readers.add(Background.start("reader", () -> {
                    relay.expect("get c");   // first poll
                    relay.expect("get c");   // a regular one
                    pollTimes.add(System.currentTimeMillis());
                }));
            }
            for (Background reader : readers) {
                reader.join(Duration.ofSeconds(5));
            }
            assertEquals(count, pollTimes.size());
            Set<Long> tenths = new TreeSet<>();
            pollTimes.forEach(t -> tenths.add(Math.floorMod(t, interval) / 100));
            assertTrue(tenths.size() >= 6, "polls spread over the interval, tenths used: " + tenths);
        } finally {
            for (RawRelay relay : relays) {
                relay.close();
            }
        }
    }

    /**
     * A relay that never reads its socket: its TCP buffers fill, its queue of lines fills, and it is dropped as
     * stalled - while a healthy relay's polls go on without a gap.
     */
    @Test
    void aRelayThatStopsReadingDelaysNoOneAndIsDropped() throws Exception {
        fixture = new RelayServerFixture(Duration.ofMillis(10), Duration.ofSeconds(30), 64 * 1024);
        try (LogCapture logs = new LogCapture("io.pulse");
             RawRelay stalled = new RawRelay(fixture.address(), 4096);
             RawRelay healthy = RawRelay.identified(fixture.address(), "healthy")) {
            // 60 collectors with 1,000-byte names: every poll is a 60 KB line, so the TCP buffers fill fast
            StringBuilder adds = new StringBuilder("id stalled\n");
            for (int i = 0; i < 60; i++) {
                adds.append("add ").append(Character.toString('a' + i % 26).repeat(1000)).append(i).append('\n');
            }
            stalled.send(adds.toString());
            healthy.send("add c\n");
            healthy.expect("get c");

            AtomicBoolean stop = new AtomicBoolean();
            List<Long> gaps = new ArrayList<>();
            Background reader = Background.start("healthy-reader", () -> {
                long last = System.nanoTime();
                while (!stop.get()) {
                    String line = healthy.readLine(Duration.ofSeconds(2));
                    long now = System.nanoTime();
                    synchronized (gaps) {
                        gaps.add((now - last) / 1_000_000);
                    }
                    last = now;
                    if (line == null) {
                        return;
                    }
                }
            });
            Await.until("stalled relay dropped", Duration.ofSeconds(20), () -> fixture.metric("relays.stalled") == 1);
            Await.until("stalled relay unregistered", Duration.ofSeconds(5),
                    () -> fixture.server.relays().size() == 1);
            Thread.sleep(100);
            stop.set(true);
            reader.join(Duration.ofSeconds(3));
            synchronized (gaps) {
                assertTrue(gaps.size() > 20, "the healthy relay kept being polled: " + gaps.size() + " polls");
                long worst = gaps.stream().mapToLong(Long::longValue).max().orElseThrow();
                // a poller waiting on the stalled relay would stop polling for good; allow for a loaded machine
                assertTrue(worst < 1000, "no gap in the healthy relay's polls, worst " + worst + " ms");
            }
            assertEquals("healthy", fixture.server.relays().get(0).id());
            assertTrue(logs.messages().stream().anyMatch(m -> m.contains("stopped reading")), logs.messages().toString());
        }
    }
}
