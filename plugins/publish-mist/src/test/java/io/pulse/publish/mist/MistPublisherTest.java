package io.pulse.publish.mist;

import io.pulse.spi.Health;
import io.pulse.spi.stats.Sample;
import io.pulse.spi.stats.SampleBatch;
import io.pulse.spi.stats.Tags;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.io.StringReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The publisher against the Mist double (and two misbehaving servers): what a subscriber sees, and failures. */
class MistPublisherTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final Duration QUIET = Duration.ofMillis(300);

    private final List<AutoCloseable> resources = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable r : resources.reversed()) {
            r.close();
        }
    }

    @Test
    void aSubscriberReceivesExactlyOnePublishPerSample() throws Exception {
        MistDouble mist = track(MistDouble.start(""));
        MistPublisher publisher = publisher(mist.port(), "");
        awaitUp(publisher);
        MistSubscriber subscriber = track(MistSubscriber.connect(mist.port(), "", List.of("metrics")));

        publisher.publish(new SampleBatch("lester.tester", 1, List.of(
            new Sample("cpu_used", Tags.of("host", "lester.tester", "service", "web1"), 1, 0.25),
            new Sample("disk_used", Tags.of("host", "lester.tester", "mount", "root"), 1, 50))));

        Set<String> expected = Set.of(
            "{\"command\":\"publish\",\"tags\":[\"cpu_used\",\"host:lester.tester\",\"metrics\",\"service:web1\"],"
                + "\"data\":\"0.25\"}",
            "{\"command\":\"publish\",\"tags\":[\"disk_used\",\"host:lester.tester\",\"metrics\",\"mount:root\"],"
                + "\"data\":\"50\"}");
        Set<String> received = Set.of(subscriber.next(WAIT), subscriber.next(WAIT)); // Mist keeps no order
        assertEquals(expected, received);
        assertNull(subscriber.next(QUIET), "nothing else");
        assertEquals(2, publisher.published());
        assertEquals(0, publisher.dropped());
        assertTrue(publisher.health().detail().contains("2 messages published"), publisher.health().detail());
    }

    @Test
    void authenticatesWithItsToken() throws Exception {
        MistDouble mist = track(MistDouble.start("s3cret"));
        MistPublisher publisher = publisher(mist.port(), "s3cret");
        awaitUp(publisher);
        MistSubscriber subscriber = track(MistSubscriber.connect(mist.port(), "s3cret", List.of("cpu_used")));
        publisher.publish(batch("web1", 0.5));
        assertEquals("{\"command\":\"publish\",\"tags\":[\"cpu_used\",\"host:web1\",\"metrics\"],\"data\":\"0.5\"}",
            subscriber.next(WAIT));
        assertEquals(0, mist.closedConnections());
    }

    @Test
    void aWrongTokenIsReportedDownAndRetried() throws Exception {
        MistDouble mist = track(MistDouble.start("right"));
        MistPublisher publisher = publisher(mist.port(), "wrong");
        await(() -> mist.closedConnections() >= 2, "the publisher retries after Mist closed it");
        Health health = publisher.health();
        assertEquals(Health.Status.DOWN, health.status());
        assertTrue(health.detail().contains("a wrong --mist-token?"), health.detail());
        assertTrue(!health.detail().contains("wrong\"") && !health.detail().contains("right"), health.detail());
    }

    @Test
    void dropsAndCountsWhileMistIsAwayAndResumesWhenItIsBackOnTheSamePort() throws Exception {
        MistDouble first = MistDouble.start("");
        int port = first.port();
        MistPublisher publisher = publisher(port, "");
        awaitUp(publisher);
        first.close();
        await(() -> !publisher.health().isUp(), "DOWN once Mist is gone");
        assertTrue(publisher.health().detail().contains("Mist closed the connection"), publisher.health().detail());

        for (int i = 0; i < 3; i++) {
            publisher.publish(batch("web1", 100 + i));
        }
        assertEquals(3, publisher.dropped());
        assertTrue(publisher.health().detail().contains("3 dropped"), publisher.health().detail());

        MistDouble second = track(MistDouble.start(port, ""));
        awaitUp(publisher);
        MistSubscriber subscriber = track(MistSubscriber.connect(port, "", List.of("metrics")));
        publisher.publish(batch("web1", 7));
        assertEquals("{\"command\":\"publish\",\"tags\":[\"cpu_used\",\"host:web1\",\"metrics\"],\"data\":\"7\"}",
            subscriber.next(WAIT), "the first message after the restart is the new value: nothing was buffered");
        assertNull(subscriber.next(QUIET));
        assertEquals(1, second.publishes());
        assertEquals(3, publisher.dropped());
    }

    @Test
    void oddTagValuesArriveIntact() throws Exception {
        MistDouble mist = track(MistDouble.start(""));
        MistPublisher publisher = publisher(mist.port(), "");
        awaitUp(publisher);
        String odd = "we\"b\\1\n\t\u0001é☃:x";
        MistSubscriber subscriber = track(MistSubscriber.connect(mist.port(), "", List.of("service:" + odd)));
        publisher.publish(new SampleBatch("h\"1", 1,
            List.of(new Sample("cpu\"used", Tags.of("host", "h\"1", "service", odd), 1, 1))));
        String line = subscriber.next(WAIT);
        Map<?, ?> message = (Map<?, ?>) new MistJsonStream(new StringReader(line)).next();
        assertEquals(List.of("cpu\"used", "host:h\"1", "metrics", "service:" + odd), message.get("tags"));
        assertEquals(0, mist.closedConnections(), "Mist read every message");
    }

    @Test
    void aServerThatNeverAnswersPingIsDown() throws Exception {
        ServerSocket silent = track(new ServerSocket(0, 10, InetAddress.getLoopbackAddress()));
        List<Socket> accepted = new ArrayList<>();
        Thread.ofVirtual().start(() -> {
            try {
                while (true) {
                    accepted.add(silent.accept()); // kept open, never answered
                }
            } catch (Exception closed) {
                // test over
            }
        });
        MistPublisher publisher = publisher(silent.getLocalPort(), "");
        await(() -> publisher.health().detail().contains("no answer to ping"), "DOWN: " + publisher.health());
        assertEquals(Health.Status.DOWN, publisher.health().status());
    }

    @Test
    void aMistThatStopsReadingCannotHoldThePublisherBeyondTheWriteTimeout() throws Exception {
        // Answers the handshake's ping, then never reads again: the socket buffers fill and writes block.
        ServerSocket stuck = track(new ServerSocket(0, 10, InetAddress.getLoopbackAddress()));
        Thread.ofVirtual().start(() -> {
            try (Socket s = stuck.accept()) {
                s.setReceiveBufferSize(4096);
                InputStream in = s.getInputStream();
                while (in.read() != '\n') {
                    // the ping line
                }
                s.getOutputStream().write("{\"command\":\"ping\",\"data\":\"pong\"}\n".getBytes());
                Thread.sleep(Duration.ofMinutes(1));
            } catch (Exception over) {
                // test over
            }
        });
        // Keepalive pings far apart: this Mist never answers another ping, and on a starved machine a 1 s keepalive
        // could take the publisher down first, for the other reason; here only the write timeout may.
        MistPublisher publisher = publisher(stuck.getLocalPort(), "", Map.of("keepalive-interval", "1m"));
        awaitUp(publisher);
        List<Sample> samples = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            samples.add(new Sample("stat_number_" + i, Tags.of("host", "web1", "pad", "x".repeat(200)), 1, i));
        }
        SampleBatch big = new SampleBatch("web1", 1, samples);
        long start = System.nanoTime();
        while (publisher.health().isUp() && System.nanoTime() - start < WAIT.toNanos()) {
            long t = System.nanoTime();
            publisher.publish(big);
            long took = Duration.ofNanos(System.nanoTime() - t).toMillis();
            assertTrue(took < 500 + 1500, "one publish took " + took + " ms with a 500 ms write timeout");
        }
        assertEquals(Health.Status.DOWN, publisher.health().status());
        assertTrue(publisher.health().detail().contains("did not finish within 500 ms"), publisher.health().detail());
        assertTrue(publisher.dropped() >= 2000, "the stuck batch counts as dropped: " + publisher.dropped());
    }

    private MistPublisher publisher(int port, String token) throws Exception {
        return publisher(port, token, Map.of());
    }

    private MistPublisher publisher(int port, String token, Map<String, String> overrides) throws Exception {
        Map<String, String> options = new HashMap<>(Map.of("address", "tcp://127.0.0.1:" + port,
            "connect-timeout", "1s", "write-timeout", "500ms", "keepalive-interval", "1s",
            "reconnect-backoff", "100ms", "reconnect-backoff-max", "200ms"));
        options.put("token", token);
        options.putAll(overrides);
        MistPublisher publisher = (MistPublisher) new MistPublisherFactory().create(new MistTestContext(options));
        publisher.start();
        resources.add(publisher);
        return publisher;
    }

    private static SampleBatch batch(String relay, double value) {
        return new SampleBatch(relay, 1, List.of(new Sample("cpu_used", Tags.of("host", relay), 1, value)));
    }

    private static void awaitUp(MistPublisher publisher) throws InterruptedException {
        await(() -> publisher.health().isUp(), "UP: " + publisher.health());
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(20);
        }
    }

    private <T extends AutoCloseable> T track(T resource) {
        resources.add(resource);
        return resource;
    }
}
