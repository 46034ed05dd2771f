package io.pulse.storage.influxdb;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The plugin's own {@code POST /write} client ({@link HttpWriteClient}, through {@link InfluxDbConnection#write}),
 * against a real influxd: lines stored over one kept connection, a restart of influxd in between, and InfluxDB's
 * refusals mapped as influxdb-java's exceptions were. The answer framings influxd does not use for writes (chunks,
 * a closed connection as the end, no answer at all) come from a small scripted HTTP peer on a real loopback socket,
 * because no real server can be made to answer that way on demand.
 */
@RequiresInfluxd
class HttpWriteClientTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(2);
    @RegisterExtension
    static final InfluxdPerClass INFLUXD = InfluxdPerClass.plain("w");

    private static long count(String measurement) {
        String json = INFLUXD.server().query("w", "SELECT count(\"v\"::field) FROM \"raw\".\"" + measurement + "\"");
        int at = json.indexOf("\"values\":[[");
        if (at < 0) {
            return 0;
        }
        String row = json.substring(at + 11, json.indexOf("]]", at));
        return Long.parseLong(row.substring(row.indexOf(',') + 1));
    }

    private static String lines(String measurement, int n, long baseNanos) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < n; i++) {
            out.append(measurement).append(",host=h").append(i % 7).append(" v=").append(i * 0.5)
                .append(' ').append(baseNanos + i).append('\n');
        }
        return out.toString();
    }

    @Test
    void storesEveryLineAcrossRequestsAndARestartOfInfluxd() {
        long base = (System.currentTimeMillis() - 60_000) * 1_000_000L;
        try (InfluxDbConnection connection = new InfluxDbConnection(INFLUXD.server().url(), TIMEOUT, TIMEOUT)) {
            for (int request = 0; request < 5; request++) {
                InfluxDbConnection.WriteResult result = connection.write("w", "raw", lines("kept", 1000, base + request * 1000L));
                assertEquals(InfluxDbConnection.WriteStatus.STORED, result.status(), result.detail());
            }
            assertEquals(5000, count("kept"));
            INFLUXD.server().restart();  // the kept connection is gone: the next write goes over a new one
            InfluxDbConnection.WriteResult after = connection.write("w", "raw", lines("kept", 1000, base + 5000));
            assertEquals(InfluxDbConnection.WriteStatus.STORED, after.status(), after.detail());
            assertEquals(6000, count("kept"));
            INFLUXD.server().stop();
            InfluxDbConnection.WriteResult down = connection.write("w", "raw", lines("kept", 10, base + 7000));
            assertEquals(InfluxDbConnection.WriteStatus.RETRY, down.status());
            assertTrue(down.detail().contains("ConnectException") || down.detail().contains("closed"), down.detail());
            INFLUXD.server().restart();
        }
    }

    @Test
    void mapsInfluxDbsRefusalsLikeTheLibraryDid() {
        long base = (System.currentTimeMillis() - 60_000) * 1_000_000L;
        try (InfluxDbConnection connection = new InfluxDbConnection(INFLUXD.server().url(), TIMEOUT, TIMEOUT)) {
            InfluxDbConnection.WriteResult noDatabase = connection.write("absent", "raw", lines("x", 3, base));
            assertEquals(InfluxDbConnection.WriteStatus.SCHEMA_MISSING, noDatabase.status(), noDatabase.detail());
            assertTrue(noDatabase.detail().contains("database not found"), noDatabase.detail());

            InfluxDbConnection.WriteResult noPolicy = connection.write("w", "absent", lines("x", 3, base));
            assertEquals(InfluxDbConnection.WriteStatus.SCHEMA_MISSING, noPolicy.status(), noPolicy.detail());

            assertEquals(InfluxDbConnection.WriteStatus.STORED, connection.write("w", "raw", "typed v=1 " + base).status());
            InfluxDbConnection.WriteResult conflict = connection.write("w", "raw",
                "typed v=\"text\" " + (base + 1) + "\ntyped v=2 " + (base + 2));
            assertEquals(InfluxDbConnection.WriteStatus.PARTIALLY_STORED, conflict.status(), conflict.detail());
            assertTrue(conflict.detail().contains("field type conflict") && conflict.detail().contains("dropped=1"),
                conflict.detail());
            assertEquals(2, count("typed"));

            InfluxDbConnection.WriteResult garbage = connection.write("w", "raw", "no value here");
            assertEquals(InfluxDbConnection.WriteStatus.PARTIALLY_STORED, garbage.status(), garbage.detail());
            assertTrue(garbage.detail().contains("unable to parse"), garbage.detail());
            // and the connection is still good after the refusals
            assertEquals(InfluxDbConnection.WriteStatus.STORED, connection.write("w", "raw", "typed v=3 " + (base + 3)).status());
        }
    }

    @Test
    void readsChunkedAndCloseDelimitedAnswersAndGivesUpOnSilence() throws Exception {
        AtomicInteger requests = new AtomicInteger();
        AtomicInteger connections = new AtomicInteger();
        String[] answers = {
            "HTTP/1.1 400 Bad Request\r\nTransfer-Encoding: chunked\r\nContent-Type: application/json\r\n\r\n"
                + "c\r\n{\"error\":\"pa\r\n1e\r\nrtial write: dropped=2 \\\"q\\\"\"}\r\n0\r\n\r\n",
            "HTTP/1.1 204 No Content\r\n\r\n",
            "HTTP/1.1 500 Internal Server Error\r\nConnection: close\r\n\r\n{\"error\":\"timeout\"}",
            "HTTP/1.1 204 No Content\r\n\r\n",
        };
        try (ServerSocket server = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            Thread peer = Thread.ofVirtual().start(() -> {
                try {
                    while (requests.get() < answers.length) {
                        try (Socket socket = server.accept()) {
                            connections.incrementAndGet();
                            InputStream in = socket.getInputStream();
                            OutputStream out = socket.getOutputStream();
                            while (requests.get() < answers.length) {
                                if (!readRequest(in)) {
                                    break;
                                }
                                String answer = answers[requests.getAndIncrement()];
                                out.write(answer.getBytes(StandardCharsets.UTF_8));
                                out.flush();
                                if (answer.contains("Connection: close")) {
                                    break;
                                }
                            }
                        }
                    }
                } catch (IOException e) {
                    throw new RuntimeException(e);
                }
            });
            String url = "http://127.0.0.1:" + server.getLocalPort();
            try (InfluxDbConnection connection = new InfluxDbConnection(url, TIMEOUT, TIMEOUT)) {
                InfluxDbConnection.WriteResult chunked = connection.write("w", "raw", "a v=1 1");
                assertEquals(InfluxDbConnection.WriteStatus.PARTIALLY_STORED, chunked.status());
                assertEquals("partial write: dropped=2 \"q\"", chunked.detail());
                assertEquals(InfluxDbConnection.WriteStatus.STORED, connection.write("w", "raw", "a v=1 2").status());
                InfluxDbConnection.WriteResult failed = connection.write("w", "raw", "a v=1 3");
                assertEquals(InfluxDbConnection.WriteStatus.RETRY, failed.status());
                assertEquals("timeout", failed.detail());
                // the peer closed after that answer: the next request opens a new connection
                assertEquals(InfluxDbConnection.WriteStatus.STORED, connection.write("w", "raw", "a v=1 4").status());
            }
            peer.join(Duration.ofSeconds(5));
            assertFalse(peer.isAlive());
            assertEquals(answers.length, requests.get());
            assertEquals(2, connections.get(), "one kept connection, a new one after Connection: close");
        }

        // a peer that takes the request and never answers: RETRY within twice the timeout
        try (ServerSocket silent = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
             InfluxDbConnection connection = new InfluxDbConnection("http://127.0.0.1:" + silent.getLocalPort(),
                 Duration.ofMillis(300), Duration.ofMillis(300))) {
            long started = System.nanoTime();
            InfluxDbConnection.WriteResult result = connection.write("w", "raw", "a v=1 1");
            long tookMillis = (System.nanoTime() - started) / 1_000_000;
            assertEquals(InfluxDbConnection.WriteStatus.RETRY, result.status());
            assertTrue(result.detail().contains("SocketTimeoutException"), result.detail());
            assertTrue(tookMillis >= 550 && tookMillis < 3000, tookMillis + " ms");
        }
    }

    /** Reads one request (head and Content-Length body); false at the end of the connection. */
    private static boolean readRequest(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        int c;
        while (!head.toString().endsWith("\r\n\r\n")) {
            if ((c = in.read()) < 0) {
                return false;
            }
            head.append((char) c);
        }
        assertTrue(head.toString().startsWith("POST /write?db=w&rp=raw&precision=n&consistency=one HTTP/1.1\r\n"), head.toString());
        int at = head.indexOf("Content-Length: ") + 16;
        int length = Integer.parseInt(head.substring(at, head.indexOf("\r\n", at)));
        assertEquals(length, in.readNBytes(length).length);
        return true;
    }

    @Test
    void errorMessageIsTheJsonErrorOrTheWholeBody() {
        assertEquals("database not found: \"x\"", InfluxDbConnection.errorMessage("{\"error\":\"database not found: \\\"x\\\"\"}\n"));
        assertEquals("a\u00e9b/c", InfluxDbConnection.errorMessage("{\"error\": \"a\\u00e9b\\/c\"}"));
        assertEquals("<html>bad gateway</html>", InfluxDbConnection.errorMessage("<html>bad gateway</html>\n"));
        assertEquals("", InfluxDbConnection.errorMessage(""));
    }
}
