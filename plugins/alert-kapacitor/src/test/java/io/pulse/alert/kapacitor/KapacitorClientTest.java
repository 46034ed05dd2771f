package io.pulse.alert.kapacitor;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.pulse.spi.alert.AlertBackendException;
import io.pulse.storage.tck.RecordingMetrics;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The HTTP client's own paths over real loopback sockets: how each way of not getting an answer becomes an
 * {@link AlertBackendException} (refused, silent, stalled mid-body, server errors, Kapacitor's refusals, malformed
 * JSON, a redirect, a server that is not Kapacitor), and the shape of its requests. The task API itself is covered
 * against {@link KapacitorDouble} in {@link KapacitorAlertBackendTest}; here a server answers what each test needs.
 */
class KapacitorClientTest {

    /** The timeout of the tests that wait for it to pass. */
    private static final Duration SHORT = Duration.ofMillis(300);
    /** The timeout of the other tests: generous, so a loaded build machine never turns an answer into a timeout. */
    private static final Duration LONG = Duration.ofSeconds(10);
    /** Only stops a hang from hanging the build. */
    private static final Duration NO_HANG = Duration.ofSeconds(20);

    private final List<AutoCloseable> open = new ArrayList<>();
    private final RecordingMetrics metrics = new RecordingMetrics();

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : open.reversed()) {
            c.close();
        }
    }

    private KapacitorClient client(String address) {
        return client(address, LONG);
    }

    private KapacitorClient client(String address, Duration timeout) {
        KapacitorSettings settings = new KapacitorSettings(URI.create(address), "statistics", "one_day",
            Optional.empty(), timeout, Duration.ofSeconds(10));
        KapacitorClient client = new KapacitorClient(settings, new ObjectMapper(), metrics);
        open.add(client);
        return client;
    }

    /** A server answering every request with {@code status}, {@code headers} and {@code body}; it records them. */
    private Canned canned(int status, Map<String, String> headers, String body) throws IOException {
        Canned canned = new Canned(status, headers, body);
        open.add(canned);
        return canned;
    }

    @Test
    void aRefusedConnectionIsUnreachableNamingWhereItConnected() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        KapacitorClient client = client("http://127.0.0.1:" + port);
        AlertBackendException e = assertThrows(AlertBackendException.class, client::ping);
        assertTrue(e.unavailable());
        assertEquals("Kapacitor at http://127.0.0.1:" + port + " is unreachable: failed to connect to 127.0.0.1:" + port
            + " (connection refused or no route)", e.getMessage());
        assertEquals(1, metrics.counter("api_failures"));
    }

    @Test
    void aServerThatNeverAnswersTimesOut() throws Exception {
        // Connections complete in the backlog; nothing ever reads or answers them.
        try (ServerSocket silent = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
            KapacitorClient client = client("http://127.0.0.1:" + silent.getLocalPort(), SHORT);
            AlertBackendException e = assertTimeoutPreemptively(NO_HANG,
                () -> assertThrows(AlertBackendException.class, () -> client.get("pulse-x")));
            assertTrue(e.unavailable());
            assertEquals("Kapacitor at http://127.0.0.1:" + silent.getLocalPort() + " is unreachable: no answer within"
                + " 300ms", e.getMessage());
            assertEquals(1, metrics.counter("api_failures"));
        }
    }

    @Test
    void anAnswerThatStallsMidBodyTimesOutAndItsConnectionIsClosed() throws Exception {
        // The JDK's request timeout ends at the answer's head: this is the case the client's own deadline is for.
        try (ServerSocket server = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
            CountDownLatch clientClosed = new CountDownLatch(1);
            Thread stalling = Thread.ofVirtual().start(() -> {
                try (Socket socket = server.accept()) {
                    InputStream in = socket.getInputStream();
                    in.read(new byte[8192]);
                    OutputStream out = socket.getOutputStream();
                    out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n"
                        + "{\"tasks\":[").getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    // Blocks until the client gives up and closes the connection (-1), or the test ends.
                    while (in.read() >= 0) {
                        // the client sends nothing more
                    }
                    clientClosed.countDown();
                } catch (IOException e) {
                    clientClosed.countDown();
                }
            });
            KapacitorClient client = client("http://127.0.0.1:" + server.getLocalPort(), SHORT);
            AlertBackendException e = assertTimeoutPreemptively(NO_HANG,
                () -> assertThrows(AlertBackendException.class, () -> client.list("pulse-*")));
            assertTrue(e.unavailable());
            assertTrue(e.getMessage().endsWith("is unreachable: no answer within 300ms"), e.getMessage());
            assertTrue(clientClosed.await(NO_HANG.toSeconds(), TimeUnit.SECONDS), "the cancelled call closes its connection");
            stalling.join();
        }
    }

    @Test
    void kapacitorsErrorBodyIsARefusalWithItsMessage() throws Exception {
        Canned kapacitor = canned(400, Map.of("Content-Type", "application/json"),
            "{\n    \"error\": \"task pulse-dup already exists\"\n}");
        AlertBackendException e = assertThrows(AlertBackendException.class,
            () -> client(kapacitor.url()).create(new ObjectMapper().createObjectNode().put("id", "pulse-dup")));
        assertFalse(e.unavailable());
        assertEquals("task pulse-dup already exists", e.getMessage());
        assertEquals(0, metrics.counter("api_failures"), "a refusal is not an outage");
    }

    @Test
    void aServerErrorIsUnavailableWithItsStatusAndBody() throws Exception {
        Canned kapacitor = canned(503, Map.of("Content-Type", "text/plain"), "overloaded\n");
        AlertBackendException e = assertThrows(AlertBackendException.class, () -> client(kapacitor.url()).list("pulse-*"));
        assertTrue(e.unavailable());
        assertEquals("Kapacitor at " + kapacitor.url() + ": HTTP 503 to list: overloaded", e.getMessage());
        assertEquals(1, metrics.counter("api_failures"));
    }

    @Test
    void aRedirectIsNotFollowedAndCountsAsUnavailable() throws Exception {
        Canned kapacitor = canned(302, Map.of("Location", "http://127.0.0.1:1/elsewhere"), "");
        AlertBackendException e = assertThrows(AlertBackendException.class, () -> client(kapacitor.url()).get("pulse-x"));
        assertTrue(e.unavailable());
        assertEquals("Kapacitor at " + kapacitor.url() + ": HTTP 302 to get", e.getMessage());
        assertEquals(1, kapacitor.requests().size());
    }

    @Test
    void malformedJsonInAnAnswerIsUnavailable() throws Exception {
        Canned kapacitor = canned(200, Map.of("Content-Type", "application/json"), "{\"id\": ");
        AlertBackendException e = assertThrows(AlertBackendException.class, () -> client(kapacitor.url()).get("pulse-x"));
        assertTrue(e.unavailable());
        assertTrue(e.getMessage().startsWith("Kapacitor at " + kapacitor.url() + " answered get with malformed JSON"),
            e.getMessage());
        assertEquals(1, metrics.counter("api_failures"));
    }

    @Test
    void aPingWithoutKapacitorsVersionIsNotKapacitor() throws Exception {
        Canned other = canned(204, Map.of(), "");
        AlertBackendException e = assertThrows(AlertBackendException.class, () -> client(other.url()).ping());
        assertTrue(e.unavailable());
        assertEquals(other.url() + " answered the ping without X-Kapacitor-Version: is it Kapacitor?", e.getMessage());
    }

    @Test
    void requestsAreHttp11JsonUnderTheAddresssPath() throws Exception {
        Canned kapacitor = canned(200, Map.of("Content-Type", "application/json", "X-Kapacitor-Version", "1.7.6"),
            "{\"id\":\"pulse-a\"}");
        KapacitorClient client = client(kapacitor.url() + "/behind/proxy");
        assertEquals("1.7.6", client.ping());
        assertTrue(client.patch("pulse-a", new ObjectMapper().createObjectNode().put("status", "enabled")));
        assertEquals(List.of("GET /behind/proxy/kapacitor/v1/ping HTTP/1.1 ",
                "PATCH /behind/proxy/kapacitor/v1/tasks/pulse-a HTTP/1.1 application/json; charset=utf-8"
                    + " {\"status\":\"enabled\"}"),
            kapacitor.requests());
    }

    @Test
    void afterCloseCallsFailAsUnavailable() throws Exception {
        Canned kapacitor = canned(204, Map.of("X-Kapacitor-Version", "1.7.6"), "");
        KapacitorClient client = client(kapacitor.url());
        assertEquals("1.7.6", client.ping());
        client.close();
        AlertBackendException e = assertThrows(AlertBackendException.class, client::ping);
        assertTrue(e.unavailable() && e.getMessage().contains("is unreachable"), e.getMessage());
        assertEquals(1, kapacitor.requests().size());
    }

    /** A loopback server answering one fixed response; records {@code "METHOD path protocol content-type body"}. */
    private static final class Canned implements AutoCloseable {

        private final HttpServer server;
        private final List<String> requests = new CopyOnWriteArrayList<>();

        Canned(int status, Map<String, String> headers, String body) throws IOException {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.createContext("/", exchange -> answer(exchange, status, headers, body));
            server.start();
        }

        private void answer(HttpExchange exchange, int status, Map<String, String> headers, String body)
            throws IOException {
            try (exchange) {
                String received;
                try (InputStream in = exchange.getRequestBody()) {
                    received = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                }
                String type = exchange.getRequestHeaders().getFirst("Content-Type");
                requests.add(exchange.getRequestMethod() + " " + exchange.getRequestURI() + " "
                    + exchange.getProtocol() + " " + (type == null ? "" : type) + (received.isEmpty() ? "" : " " + received));
                headers.forEach(exchange.getResponseHeaders()::set);
                byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
                if (bytes.length > 0) {
                    exchange.getResponseBody().write(bytes);
                }
            }
        }

        String url() {
            return "http://127.0.0.1:" + server.getAddress().getPort();
        }

        List<String> requests() {
            return List.copyOf(requests);
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }
}
