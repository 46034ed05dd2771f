package io.pulse.relay;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A server that stays connected but stops reading: the relay's writes block on full socket buffers. The heartbeat
 * must still notice, and close() must still return.
 */
class RelayStuckServerTest {

    private static final int GETS = 60;

    /** Answers of about 200 KB that are cheap to format: few entries, long names. */
    private static final Map<String, Double> BIG = new HashMap<>();

    static {
        for (int i = 0; i < 500; i++) {
            BIG.put("x".repeat(400) + i, (double) i);
        }
    }

    private final AtomicInteger answered = new AtomicInteger();

    private Map<String, Double> big() {
        answered.incrementAndGet();
        return BIG;
    }

    /**
     * Asks for {@value #GETS} big answers (12 MB) and reads none: with 64 KB of server buffer and at most 4 MB of
     * relay send buffer, the relay's worker ends up blocked in a write - seen as its collector no longer being
     * called although requests are waiting.
     */
    private void jam(OriginalServer.Peer peer) throws Exception {
        peer.write("get big\n".repeat(GETS));
        int last = -1;
        int still = 0;
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (still < 3) {
            assertTrue(System.nanoTime() < deadline, "the relay's writes never blocked");
            Thread.sleep(100);
            int now = answered.get();
            assertTrue(now < GETS, "every answer fit in the buffers: the test cannot jam the relay");
            still = now == last && now > 0 ? still + 1 : 0;
            last = now;
        }
    }

    @Test
    void theHeartbeatNoticesAServerThatStoppedReading() throws Exception {
        try (OriginalServer server = OriginalServer.startWithReceiveBuffer(64 * 1024)) {
            var connecting = RelayHandshakeTest.connectAsync(server.address(), "r");
            OriginalServer.Peer stuck = server.acceptIdentified("r", 30);
            try (Relay relay = connecting.get()) {
                relay.addCollector("big", List.of(), this::big);
                assertEquals("add big:", stuck.readLine());
                jam(stuck);
                // A short beat now: its ping cannot even be written, no answer comes, the relay reconnects.
                stuck.write("beat 1\n");
                OriginalServer.Peer fresh = server.acceptWithin(Duration.ofSeconds(4));
                assertNotNull(fresh, "the relay gave up on the stuck server and reconnected");
                assertEquals("id r", fresh.readLine());
                fresh.write("ok\nbeat 30\n");
                assertEquals("add big:", fresh.readLine());
            }
        }
    }

    @Test
    void closeReturnsPromptlyWhenTheServerStoppedReading() throws Exception {
        try (OriginalServer server = OriginalServer.startWithReceiveBuffer(64 * 1024)) {
            var connecting = RelayHandshakeTest.connectAsync(server.address(), "r");
            OriginalServer.Peer stuck = server.acceptIdentified("r", 30);
            Relay relay = connecting.get();
            relay.addCollector("big", List.of(), this::big);
            assertEquals("add big:", stuck.readLine());
            jam(stuck);
            long start = System.nanoTime();
            relay.close();
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            assertTrue(took.compareTo(Duration.ofMillis(1_900)) > 0, "close() did try to say goodbye: " + took);
            assertTrue(took.compareTo(Duration.ofMillis(3_500)) < 0, "close() took " + took);
            assertEquals(null, server.acceptWithin(Duration.ofMillis(200)), "and does not reconnect");
        }
    }
}
