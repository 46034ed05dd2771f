package io.pulse.api.http;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code max-connections} against a real server and real sockets: connections up to the limit are served, the next
 * one is answered {@code 503} with {@code Retry-After} and closed, refusals are counted, and a connection's slot is
 * given back however it ends, so the limit neither leaks nor drifts.
 */
class ConnectionLimitTest {

    private static final int MAX = 3;
    private static final String PING = "GET /ping HTTP/1.1\r\nHost: x\r\nX-AUTH-TOKEN: " + ApiServer.TOKEN + "\r\n\r\n";
    private static final String REFUSAL_BODY = "{\"error\":\"too many connections: this server serves at most " + MAX
        + " at once (max-connections); retry after 5 s\"}\n";

    private final FakeServer server = new FakeServer(new RecordingStorage());
    private final List<RawSocket> sockets = new ArrayList<>();
    private ApiServer api;

    @AfterEach
    void close() throws IOException {
        for (RawSocket s : sockets) {
            s.close();
        }
        if (api != null) {
            api.close();
        }
    }

    @Test
    void beyondTheLimitAConnectionIsAnswered503WithRetryAfterAndClosed() throws Exception {
        start("30s", "60s");
        List<RawSocket> served = new ArrayList<>();
        for (int i = 0; i < MAX; i++) {
            served.add(servedConnection());
        }
        awaitOpen(MAX);

        RawSocket extra = open();
        extra.write(PING);
        String answer = extra.readUntilClosed(5000);
        assertTrue(answer.startsWith("HTTP/1.1 503 Service Unavailable\r\n"), answer);
        assertTrue(answer.contains("\r\nRetry-After: 5\r\n"), answer);
        assertTrue(answer.contains("\r\nConnection: close\r\n"), answer);
        assertTrue(answer.contains("\r\nContent-Type: application/json\r\n"), answer);
        assertTrue(answer.contains("\r\nX-Content-Type-Options: nosniff\r\n"), answer);
        assertTrue(answer.contains("\r\nAccess-Control-Allow-Origin: *\r\n"), answer);
        assertTrue(answer.endsWith("\r\n\r\n" + REFUSAL_BODY), answer);
        assertEquals(1, refused());
        assertEquals(MAX, openCount(), "a refused connection holds no served slot");

        // the connections being served are not disturbed: keep-alive requests on them go on being answered
        for (RawSocket s : served) {
            s.write(PING);
            Http.Response r = s.readResponse();
            assertEquals(200, r.status());
            assertEquals("pong", r.body());
        }
        assertEquals(1, refused());
    }

    @Test
    void aConnectionCountsFromItsAcceptNotFromItsFirstRequest() throws Exception {
        start("30s", "60s");
        for (int i = 0; i < MAX; i++) {
            open(); // and say nothing
        }
        awaitOpen(MAX);
        RawSocket extra = open();
        extra.write(PING);
        assertTrue(extra.readUntilClosed(5000).startsWith("HTTP/1.1 503"));
        assertEquals(1, refused());
    }

    @Test
    void everyRefusalIsCountedAndTheRefusedAreClosedPromptly() throws Exception {
        start("30s", "60s");
        for (int i = 0; i < MAX; i++) {
            servedConnection();
        }
        for (int i = 1; i <= 20; i++) {
            try (RawSocket extra = new RawSocket(api.frontEnd.port())) { // reads the answer and closes, as clients do
                extra.write(PING);
                Http.Response r = extra.readResponse();
                assertEquals(503, r.status());
                assertEquals(REFUSAL_BODY, r.body());
            }
            assertEquals(i, refused());
        }
        awaitOpen(MAX);
    }

    @Test
    void aRefusedClientStillSendingItsBodyReadsTheRefusal() throws Exception {
        start("30s", "60s");
        for (int i = 0; i < MAX; i++) {
            servedConnection();
        }
        RawSocket extra = open();
        // within max-body-size (64 KiB), so that the refusal, not a 413, answers; never read by the server
        byte[] body = "x".repeat(60_000).getBytes(StandardCharsets.US_ASCII);
        extra.write("POST /alerts HTTP/1.1\r\nHost: x\r\nX-AUTH-TOKEN: " + ApiServer.TOKEN
            + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length + "\r\n\r\n");
        // the body goes on being sent while the answer is read: the refusal must not turn into a reset
        CompletableFuture<Void> sending = CompletableFuture.runAsync(() -> {
            try {
                OutputStream out = extra.socket.getOutputStream();
                for (int off = 0; off < body.length; off += 16 * 1024) {
                    out.write(body, off, Math.min(16 * 1024, body.length - off));
                }
                out.flush();
            } catch (IOException closedAfterTheAnswer) {
                // the server may stop reading once it has answered
            }
        });
        String answer = extra.readUntilClosed(15_000);
        assertTrue(answer.startsWith("HTTP/1.1 503"), answer);
        assertTrue(answer.endsWith(REFUSAL_BODY), answer);
        sending.join();
    }

    @Test
    void overHttpsTheRefusalComesAfterTheHandshake() throws Exception {
        api = ApiServer.start(server, Map.of("max-connections", "1", "insecure", "false"), Clock.systemUTC());
        SSLContext anyCertificate = TestCertificates.recording(new X509Certificate[1][]);
        try (SSLSocket held = (SSLSocket) anyCertificate.getSocketFactory()
                .createSocket("127.0.0.1", api.frontEnd.port())) {
            held.startHandshake(); // the one connection served
            awaitOpen(1);
            Http.Response r = new Http("https://127.0.0.1:" + api.frontEnd.port(), anyCertificate)
                .get("/ping", ApiServer.TOKEN);
            assertEquals(503, r.status());
            assertEquals("{\"error\":\"too many connections: this server serves at most 1 at once (max-connections);"
                + " retry after 5 s\"}\n", r.body());
            assertEquals("5", r.header("Retry-After"));
            assertEquals(1, refused());
        }
    }

    /** The ways a served connection ends, with the server's timeouts for it (short only where the server ends it). */
    enum Ending {
        /** The client closes an idle keep-alive connection. */
        CLIENT_CLOSE("30s", "60s"),
        /** The client resets the connection (SO_LINGER 0). */
        CLIENT_RESET("30s", "60s"),
        /**
         * The client asks for {@code Connection: close} and closes once it has the answer (Helidon 4.5 answers
         * {@code Connection: close} but leaves the socket open, helidon#12324, so a client waiting for the server to
         * close would wait for {@code idle-timeout}).
         */
        CONNECTION_CLOSE_REQUEST("30s", "60s"),
        /** The server closes a keep-alive connection idle for {@code idle-timeout}. */
        IDLE_TIMEOUT("400ms", "60s"),
        /** The server cuts off a request stuck in its headers for {@code request-timeout}. */
        REQUEST_TIMEOUT("30s", "400ms"),
        /** The server refuses a malformed request and closes. */
        MALFORMED_REQUEST("30s", "60s");

        final String idleTimeout;
        final String requestTimeout;

        Ending(String idleTimeout, String requestTimeout) {
            this.idleTimeout = idleTimeout;
            this.requestTimeout = requestTimeout;
        }
    }

    @ParameterizedTest
    @EnumSource(Ending.class)
    void aConnectionGivesItsSlotBackHoweverItEnds(Ending ending) throws Exception {
        start(ending.idleTimeout, ending.requestTimeout);
        for (int round = 0; round < 3; round++) {
            List<RawSocket> round1 = new ArrayList<>();
            for (int i = 0; i < MAX; i++) {
                round1.add(servedConnection());
            }
            for (RawSocket s : round1) {
                end(s, ending);
            }
            awaitOpen(0);
        }
        assertEquals(0, refused(), "no connection was refused while fewer than the limit were open");

        // the limit is still exactly MAX: no slot leaked and none was given back twice
        for (int i = 0; i < MAX; i++) {
            servedConnection();
        }
        RawSocket extra = open();
        extra.write(PING);
        assertTrue(extra.readUntilClosed(5000).startsWith("HTTP/1.1 503"));
        assertEquals(1, refused());
    }

    private void end(RawSocket s, Ending ending) throws Exception {
        switch (ending) {
            case CLIENT_CLOSE -> s.close();
            case CLIENT_RESET -> {
                s.socket.setSoLinger(true, 0);
                s.close();
            }
            case CONNECTION_CLOSE_REQUEST -> {
                s.write("GET /ping HTTP/1.1\r\nHost: x\r\nConnection: close\r\nX-AUTH-TOKEN: " + ApiServer.TOKEN
                    + "\r\n\r\n");
                assertEquals(200, s.readResponse().status());
                s.close();
            }
            case IDLE_TIMEOUT -> assertEquals("", s.readUntilClosed(5000));
            case REQUEST_TIMEOUT -> {
                s.write("GET /ping HTTP/1.1\r\nHost: x\r\n"); // and no end of headers
                assertEquals("", s.readUntilClosed(5000));
            }
            case MALFORMED_REQUEST -> {
                s.write("BLAH\r\n\r\n");
                assertTrue(s.readUntilClosed(5000).startsWith("HTTP/1.1 400"));
            }
        }
    }

    private void start(String idleTimeout, String requestTimeout) throws Exception {
        api = ApiServer.start(server, Map.of(
            "max-connections", Integer.toString(MAX),
            "idle-timeout", idleTimeout,
            "request-timeout", requestTimeout), Clock.systemUTC());
    }

    private RawSocket open() throws IOException {
        RawSocket s = new RawSocket(api.frontEnd.port());
        sockets.add(s);
        return s;
    }

    /** A new keep-alive connection that has been answered once. */
    private RawSocket servedConnection() throws IOException {
        RawSocket s = open();
        s.write(PING);
        Http.Response r = s.readResponse();
        assertEquals(200, r.status(), r.body());
        return s;
    }

    private long refused() {
        return server.pluginMetrics.counter("connections_refused");
    }

    private int openCount() {
        return (int) server.pluginMetrics.gauge("connections_open");
    }

    /** Waits (up to 5 s) until the server counts {@code expected} open connections: it notices a close by reading. */
    private void awaitOpen(int expected) throws InterruptedException {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (openCount() != expected) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("expected " + expected + " open connections, the server counts " + openCount());
            }
            Thread.sleep(10);
        }
    }
}
