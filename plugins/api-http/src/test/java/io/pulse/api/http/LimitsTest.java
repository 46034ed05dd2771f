package io.pulse.api.http;

import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Request body, header, request line and query parameter limits, and slow clients, against a real server. */
class LimitsTest {

    @AutoClose
    static ApiServer api;

    @BeforeAll
    static void start() throws Exception {
        FakeServer server = new FakeServer(new RecordingStorage());
        server.alerts = new InMemoryAlerts();
        api = ApiServer.start(server, Map.of(
            "max-body-size", "1024",
            "max-header-size", "2048",
            "max-request-line", "512",
            "max-query-params", "5",
            "idle-timeout", "300ms",
            "request-timeout", "500ms"), Clock.systemUTC());
    }

    @Test
    void bodyOverTheLimitIs413BeforeItIsSent() throws Exception {
        try (RawSocket s = new RawSocket(api.frontEnd.port())) {
            // announce 5000 bytes and send none: the answer must not wait for them
            s.write("POST /alerts HTTP/1.1\r\nHost: x\r\nX-AUTH-TOKEN: " + ApiServer.TOKEN
                + "\r\nContent-Type: application/json\r\nContent-Length: 5000\r\n\r\n");
            String answer = s.readUntilClosed(5000);
            assertTrue(answer.startsWith("HTTP/1.1 413"), answer);
            assertTrue(answer.contains("application/json"), answer);
            assertTrue(answer.endsWith("{\"error\":\"request body too large: at most 1024 bytes are accepted\"}\n"),
                answer);
        }
    }

    @Test
    void chunkedBodyOverTheLimitIs413() throws Exception {
        try (RawSocket s = new RawSocket(api.frontEnd.port())) {
            String chunk = "x".repeat(800);
            String chunkHex = Integer.toHexString(chunk.length());
            s.write("POST /alerts HTTP/1.1\r\nHost: x\r\nX-AUTH-TOKEN: " + ApiServer.TOKEN
                + "\r\nTransfer-Encoding: chunked\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n"
                + chunkHex + "\r\n" + chunk + "\r\n" + chunkHex + "\r\n" + chunk + "\r\n0\r\n\r\n");
            String answer = s.readUntilClosed(5000);
            assertTrue(answer.startsWith("HTTP/1.1 413"), answer);
            assertTrue(answer.contains("Access-Control-Allow-Origin: *"), answer); // /alerts carries CORS, errors too
            assertTrue(answer.contains("{\"error\":\"request body too large: at most 1024 bytes are accepted\"}\n"),
                answer);
        }
    }

    @Test
    void bodyWithinTheLimitIsRead() throws Exception {
        Http.Response r = api.send("POST", "/alerts",
            "{\"metric\":\"cpu_used\",\"post\":\"http://127.0.0.1/alert\",\"threshold\":80}");
        assertEquals(200, r.status(), r.body());
    }

    @Test
    void tooManyQueryParametersIs400() throws Exception {
        Http.Response ok = api.get("/hourly/cpu?a=1&b=2&c=3&d=4&e=5");
        assertEquals(404, ok.status(), ok.body()); // within the limit: reaches storage, which has nothing
        Http.Response r = api.get("/hourly/cpu?a=1&b=2&c=3&d=4&e=5&f=6");
        assertEquals(400, r.status());
        assertEquals("{\"error\":\"too many query parameters: at most 5 are accepted\"}\n", r.body());
    }

    @Test
    void headersOverTheLimitAreRefused() throws Exception {
        try (RawSocket s = new RawSocket(api.frontEnd.port())) {
            s.write("GET /ping HTTP/1.1\r\nHost: x\r\nX-AUTH-TOKEN: " + ApiServer.TOKEN + "\r\nX-Pad: "
                + "y".repeat(4000) + "\r\n\r\n");
            String answer = s.readUntilClosed(5000);
            assertTrue(answer.startsWith("HTTP/1.1 400"), answer);
            assertTrue(answer.endsWith("(headers may take at most 2048 bytes)\"}\n"), answer);
        }
    }

    @Test
    void requestLineOverTheLimitIsRefused() throws Exception {
        try (RawSocket s = new RawSocket(api.frontEnd.port())) {
            s.write("GET /latest/" + "z".repeat(1000) + " HTTP/1.1\r\nHost: x\r\nX-AUTH-TOKEN: " + ApiServer.TOKEN
                + "\r\n\r\n");
            String answer = s.readUntilClosed(5000);
            assertTrue(answer.startsWith("HTTP/1.1 414"), answer);
            assertTrue(answer.endsWith("{\"error\":\"request line too long: method, path and query string may take at"
                + " most 512 bytes\"}\n"), answer);
        }
    }

    @Test
    void aClientStuckInItsHeadersIsCutOff() throws Exception {
        try (RawSocket s = new RawSocket(api.frontEnd.port())) {
            long t0 = System.nanoTime();
            s.write("GET /ping HTTP/1.1\r\nHost: x\r\n"); // and then nothing
            assertEquals("", s.readUntilClosed(5000));
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertTrue(ms >= 400 && ms < 3000, "closed after " + ms + " ms");
        }
    }

    @Test
    void aClientTricklingItsHeadersIsCutOffToo() throws Exception {
        try (RawSocket s = new RawSocket(api.frontEnd.port())) {
            long t0 = System.nanoTime();
            s.write("GET /ping HTTP/1.1\r\n");
            try {
                for (int i = 0; i < 30; i++) { // one header every 100 ms: never idle, never done
                    s.write("X-Slow-" + i + ": y\r\n");
                    Thread.sleep(100);
                }
            } catch (java.io.IOException closed) {
                // expected: the server hung up while we were still writing
            }
            s.readUntilClosed(5000);
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertTrue(ms < 2500, "closed after " + ms + " ms");
        }
    }

    @Test
    void aClientStuckInItsRequestLineIsClosedWhenIdle() throws Exception {
        try (RawSocket s = new RawSocket(api.frontEnd.port())) {
            long t0 = System.nanoTime();
            s.write("GET /pi"); // and then nothing
            assertEquals("", s.readUntilClosed(5000));
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertTrue(ms < 3000, "closed after " + ms + " ms");
        }
    }

    @Test
    void answeredRequestsLeaveNoDeadlineBehindAndKeepAliveWorks() throws Exception {
        try (ApiServer patient = ApiServer.start(new FakeServer(new RecordingStorage()),
                Map.of("idle-timeout", "10s", "request-timeout", "300ms"), Clock.systemUTC());
             RawSocket s = new RawSocket(patient.frontEnd.port())) {
            String get = "GET /ping HTTP/1.1\r\nHost: x\r\nX-AUTH-TOKEN: " + ApiServer.TOKEN + "\r\n\r\n";
            s.write(get + get);
            Thread.sleep(600); // longer than request-timeout: a leftover deadline would cut the connection
            s.write(get);
            String answers = s.readUntil("pong", 3, 5000);
            assertEquals(3, answers.split("HTTP/1.1 200 OK", -1).length - 1, answers);
        }
    }

    @Test
    void malformedRequestIsAnsweredWithJson() throws Exception {
        try (RawSocket s = new RawSocket(api.frontEnd.port())) {
            s.write("BLAH\r\n\r\n");
            String answer = s.readUntilClosed(5000);
            assertTrue(answer.startsWith("HTTP/1.1 400"), answer);
            assertTrue(answer.endsWith("{\"error\":\"bad request: malformed request line, path, query string (e.g. a"
                + " bad %-escape) or headers (headers may take at most 2048 bytes)\"}\n"), answer);
        }
    }
}
