package io.pulse.api.http;

import io.pulse.spi.stats.Sample;
import io.pulse.spi.stats.SampleBatch;
import io.pulse.spi.stats.Tags;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code GET /live} on a real server, read by real streaming clients, fed through the kernel's (test) feed. */
@Timeout(60)
class LiveStreamTest {

    static final Duration WAIT = Duration.ofSeconds(5);
    static final long TIME = 1733400000000L;

    private final FakeServer server = new FakeServer(new RecordingStorage());
    private final List<AutoCloseable> opened = new ArrayList<>();
    private ApiServer api;

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : opened.reversed()) {
            c.close();
        }
        if (api != null) {
            api.close();
        }
    }

    /** A server with a short heartbeat (unless set), so that closed clients are noticed within the test. */
    private void start(Map<String, String> options) throws Exception {
        Map<String, String> values = new java.util.HashMap<>(Map.of("live-heartbeat", "200ms"));
        values.putAll(options);
        api = ApiServer.start(server, values, Clock.systemUTC());
    }

    private SseClient connect(String pathAndQuery, Map<String, String> headers) throws Exception {
        SseClient client = new SseClient("127.0.0.1", api.frontEnd.port(), pathAndQuery, headers);
        opened.add(client);
        return client;
    }

    private SseClient connect(String pathAndQuery) throws Exception {
        return connect(pathAndQuery, Map.of("X-AUTH-TOKEN", ApiServer.TOKEN));
    }

    /** Publishes one batch and delivers it, as the kernel does after ingesting a relay's answer. */
    private void feed(Sample... samples) {
        server.feed.publish(new SampleBatch("web1", TIME, List.of(samples)));
        server.feed.deliver();
    }

    private static Sample sample(String stat, double value, String... tags) {
        return new Sample(stat, Tags.of(tags), TIME, value);
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting until " + what);
            }
            Thread.sleep(10);
        }
    }

    private void awaitSubscribers(int n) throws InterruptedException {
        await(n + " live subscriber(s), have " + server.feed.subscribers(), () -> server.feed.subscribers().size() == n);
    }

    @Test
    void eachSampleIsOneEventInTheContractShape() throws Exception {
        start(Map.of());
        SseClient client = connect("/live");
        assertEquals(200, client.status);
        assertTrue(client.contentType.startsWith("text/event-stream"), client.contentType);
        awaitSubscribers(1);
        assertTrue(server.feed.subscribers().get(0).startsWith("live-"), server.feed.subscribers().toString());

        feed(sample("cpu_used", 0.25, "host", "web1", "service", "api"), sample("mem_used", 512, "host", "web1"));

        assertTrue(client.next(WAIT).startsWith(": live live-"), "the opening comment");
        assertEquals("data: {\"stat\":\"cpu_used\",\"tags\":{\"host\":\"web1\",\"service\":\"api\"},"
            + "\"time\":1733400000000,\"value\":0.25}", client.next(WAIT));
        assertEquals("{\"stat\":\"mem_used\",\"tags\":{\"host\":\"web1\"},\"time\":1733400000000,\"value\":512.0}",
            client.nextData(WAIT));
    }

    @Test
    void statAndTagFiltersFollowTheStatRoutesRules() throws Exception {
        start(Map.of());
        SseClient client = connect("/live?stat=cpu_used&stat=mem_used&service=api&service=db&verb=max");
        awaitSubscribers(1);

        feed(sample("cpu_used", 1, "host", "a", "service", "web"),   // tag filtered out
            sample("disk_used", 2, "host", "a", "service", "api"),   // stat filtered out
            sample("cpu_used", 3, "host", "a"),                     // lacks the filtered tag
            sample("cpu_used", 4, "host", "a", "service", "api"),
            sample("mem_used", 5, "host", "b", "service", "db"));
        feed(sample("cpu_used", 6, "host", "c", "service", "db"));

        assertTrue(client.nextData(WAIT).endsWith("\"value\":4.0}"));
        assertTrue(client.nextData(WAIT).endsWith("\"value\":5.0}"));
        // The next one is the marker: nothing filtered out slipped in between.
        assertTrue(client.nextData(WAIT).endsWith("\"value\":6.0}"));
    }

    @Test
    void anEmptyStatIsRefused() throws Exception {
        start(Map.of());
        Http.Response r = api.get("/live?stat=");
        assertEquals(400, r.status());
        assertTrue(r.body().contains("stat"), r.body());
        assertEquals(List.of(), server.feed.subscribers());
    }

    @Test
    void theTokenComesAsHeaderQueryParameterOrBearerAndNothingStreamsWithoutIt() throws Exception {
        start(Map.of());
        SseClient none = connect("/live", Map.of());
        assertEquals(401, none.status);
        SseClient wrong = connect("/live?X-AUTH-TOKEN=nope", Map.of());
        assertEquals(401, wrong.status);
        assertEquals(List.of(), server.feed.subscribers());

        SseClient query = connect("/live?X-AUTH-TOKEN=" + ApiServer.TOKEN + "&stat=cpu_used", Map.of());
        SseClient bearer = connect("/live", Map.of("Authorization", "Bearer " + ApiServer.TOKEN));
        assertEquals(200, query.status);
        assertEquals(200, bearer.status);
        awaitSubscribers(2);
        feed(sample("cpu_used", 0.5, "host", "web1"));
        // The token parameter is not a tag filter.
        assertTrue(query.nextData(WAIT).contains("\"value\":0.5"));
        assertTrue(bearer.nextData(WAIT).contains("\"value\":0.5"));
    }

    @Test
    void closingTheClientClosesItsSubscriptionAndFreesItsSlot() throws Exception {
        start(Map.of("live-heartbeat", "50ms", "max-live-clients", "1"));
        SseClient first = connect("/live");
        awaitSubscribers(1);
        Http.Response refused = api.get("/live");
        assertEquals(503, refused.status());
        assertTrue(refused.body().contains("max-live-clients"), refused.body());

        first.close();
        // The next heartbeat's write fails on the closed connection, which ends the stream and its subscription.
        awaitSubscribers(0);

        SseClient second = connect("/live");
        assertEquals(200, second.status);
        awaitSubscribers(1);
    }

    @Test
    void aQuietStreamGetsHeartbeatsAndOutlivesTheIdleTimeout() throws Exception {
        start(Map.of("live-heartbeat", "200ms", "idle-timeout", "300ms"));
        SseClient client = connect("/live");
        assertTrue(client.next(WAIT).startsWith(": live live-"), "the opening comment");
        assertEquals(": ping", client.next(WAIT));
        Thread.sleep(1000);
        feed(sample("cpu_used", 7, "host", "web1"));
        assertTrue(client.nextData(WAIT).contains("\"value\":7.0"));
    }

    @Test
    void aSlowClientLosesItsOwnOldestEventsAndBlocksNeitherTheFeedNorOthers() throws Exception {
        start(Map.of("live-buffer", "8", "live-heartbeat", "15s"));
        // Asks for the stream and never reads it: the server's writes to it stall once the socket buffers are full.
        RawSocket slow = new RawSocket(api.frontEnd.port());
        opened.add(slow);
        slow.write("GET /live HTTP/1.1\r\nHost: x\r\nX-AUTH-TOKEN: " + ApiServer.TOKEN + "\r\n\r\n");
        awaitSubscribers(1);
        SseClient fast = connect("/live?stat=marker");
        awaitSubscribers(2);

        String big = "x".repeat(16 * 1024);
        long started = System.nanoTime();
        for (int i = 0; i < 2000; i++) { // ~32 MB for the slow client, far beyond loopback socket buffers
            feed(sample("filler", i, "host", "web1", "blob", big));
        }
        feed(sample("marker", 42, "host", "web1"));
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        assertTrue(took.compareTo(Duration.ofSeconds(20)) < 0, "feeding took " + took);

        assertTrue(fast.nextData(WAIT).contains("\"value\":42.0"));
        // The slow client, once it reads, is told how many events it lost.
        assertTrue(readsUntil(slow, ": dropped "), "no drop notice");
        assertEquals(List.of(), server.feed.failures());
    }

    @Test
    void aClientThatStopsReadingIsDisconnectedAndFreesItsSlot() throws Exception {
        start(Map.of("live-heartbeat", "100ms", "max-live-clients", "1", "live-buffer", "16"));
        RawSocket stuck = new RawSocket(api.frontEnd.port());
        opened.add(stuck);
        stuck.write("GET /live HTTP/1.1\r\nHost: x\r\nX-AUTH-TOKEN: " + ApiServer.TOKEN + "\r\n\r\n");
        awaitSubscribers(1);

        String big = "x".repeat(16 * 1024);
        // Until the socket buffers are full and its write has been stuck for two heartbeats.
        for (int i = 0; i < 10_000 && !server.feed.subscribers().isEmpty(); i++) {
            feed(sample("filler", i, "host", "web1", "blob", big));
            if (i % 64 == 0) {
                Thread.sleep(5);
            }
        }
        awaitSubscribers(0);
        SseClient next = connect("/live");
        assertEquals(200, next.status, "the slot is free again");
    }

    @Test
    void stoppingTheFrontEndEndsEveryStream() throws Exception {
        start(Map.of());
        SseClient client = connect("/live");
        awaitSubscribers(1);
        api.frontEnd.close();
        assertEquals(SseClient.END, client.nextData(WAIT));
        awaitSubscribers(0);
    }

    @Test
    void theEventPayloadIsUtf8() throws Exception {
        start(Map.of());
        SseClient client = connect("/live");
        awaitSubscribers(1);
        feed(sample("cpu_used", 1, "host", "wéb\"1"));
        String data = client.nextData(WAIT);
        assertTrue(data.contains("\"host\":\"wéb\\\"1\""), data);
        assertNull(client.nextData(Duration.ofMillis(100)));
    }

    /** Reads the socket (keeping only a short tail, the stream is large) until {@code marker} or its end. */
    private static boolean readsUntil(RawSocket socket, String marker) throws Exception {
        java.io.InputStream in = socket.socket.getInputStream();
        socket.socket.setSoTimeout(20_000);
        byte[] buffer = new byte[65536];
        String tail = "";
        for (int n; (n = in.read(buffer)) >= 0; ) {
            String text = tail + new String(buffer, 0, n, StandardCharsets.ISO_8859_1);
            if (text.contains(marker)) {
                return true;
            }
            tail = text.substring(Math.max(0, text.length() - marker.length()));
        }
        return false;
    }
}
