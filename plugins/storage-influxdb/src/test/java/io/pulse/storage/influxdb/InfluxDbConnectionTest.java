package io.pulse.storage.influxdb;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link InfluxDbConnection} on the JDK's HTTP client: pings, statements and their refusals against a real influxd
 * (plain HTTP, and HTTPS with a self-signed certificate for the {@code https://} write path), and the failures that
 * must read as "unreachable" (a host name that does not resolve, a refused connection, a server that never answers).
 * Answers influxd cannot be made to give on demand (a 503, a top-level error with HTTP 200, a proxy's HTML page)
 * come from a small scripted HTTP peer on a real loopback socket, which also shows the exact requests sent.
 */
@RequiresInfluxd
class InfluxDbConnectionTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(2);
    @RegisterExtension
    static final InfluxdPerClass INFLUXD = InfluxdPerClass.plain("c");

    @Test
    void pingReportsTheVersionFromInfluxdsHeader() throws IOException {
        HttpURLConnection c = (HttpURLConnection) URI.create(INFLUXD.server().url() + "/ping").toURL().openConnection();
        String expected = c.getHeaderField("X-Influxdb-Version");
        c.disconnect();
        assertTrue(expected != null && expected.startsWith("1."), "influxd sends its version: " + expected);
        try (InfluxDbConnection connection = new InfluxDbConnection(INFLUXD.server().url(), TIMEOUT, TIMEOUT)) {
            assertEquals(expected, connection.ping());
        }
    }

    @Test
    void statementsReturnSeriesWithTagsColumnsAndNumbersAsDoubles() {
        long now = System.currentTimeMillis();
        INFLUXD.server().writeLines("c", "raw", "rows,host=a,zone=z v=1.5,s=\"text\",b=true " + (now - 1000) + "\nrows,host=b v=2 " + now + "\n");
        try (InfluxDbConnection connection = new InfluxDbConnection(INFLUXD.server().url(), TIMEOUT, TIMEOUT)) {
            List<QueryResult.Result> results = connection.query("c",
                "SELECT * FROM \"raw\".\"rows\" WHERE time <= " + (now - 1000) + "ms GROUP BY *;"
                    + "SELECT \"v\" FROM \"raw\".\"rows\" WHERE time > " + (now - 1000) + "ms");
            assertEquals(2, results.size(), "one result per statement");
            QueryResult.Series first = results.get(0).series().get(0);
            assertEquals("rows", first.name());
            assertEquals(Map.of("host", "a", "zone", "z"), first.tags());
            assertEquals(List.of("time", "b", "s", "v"), first.columns());
            assertEquals(List.of(List.of((double) (now - 1000), true, "text", 1.5)), first.values());
            QueryResult.Series second = results.get(1).series().get(0);
            assertEquals(Map.of(), second.tags());
            assertEquals(List.of(List.of((double) now, 2.0)), second.values());
            assertEquals(List.of(), connection.admin("c", "CREATE DATABASE \"c\"").get(0).series(), "DDL has no series");
        }
    }

    @Test
    void aStatementInfluxdRefusesWithHttp400IsAStatementFailed() {
        String statement = "SELECT FROM WHERE";
        IllegalStateException direct = assertThrows(IllegalStateException.class, () -> INFLUXD.server().query("c", statement));
        assertTrue(direct.getMessage().startsWith("HTTP 400"), "influxd refuses it with a 400: " + direct.getMessage());
        try (InfluxDbConnection connection = new InfluxDbConnection(INFLUXD.server().url(), TIMEOUT, TIMEOUT)) {
            InfluxDbConnection.StatementFailed failed =
                assertThrows(InfluxDbConnection.StatementFailed.class, () -> connection.admin("c", statement));
            assertTrue(failed.getMessage().startsWith("error parsing query: ")
                && failed.getMessage().endsWith("(statement: SELECT FROM WHERE)"), failed.getMessage());
        }
    }

    @Test
    void anErrorInfluxdReportsInsideHttp200IsAStatementFailedWithTheStatementAbbreviated() {
        String missing = "SELECT \"v\" FROM \"nowhere\".\"raw\".\"x\" WHERE \"host\" = '" + "h".repeat(400) + "'";
        String direct = INFLUXD.server().query("nowhere", missing);
        assertTrue(direct.contains("\"error\":\"database not found: nowhere\""), "influxd answers 200 with: " + direct);
        try (InfluxDbConnection connection = new InfluxDbConnection(INFLUXD.server().url(), TIMEOUT, TIMEOUT)) {
            InfluxDbConnection.StatementFailed failed = assertThrows(InfluxDbConnection.StatementFailed.class,
                () -> connection.query("c", "SHOW DATABASES;" + missing));
            String message = failed.getMessage();
            assertTrue(message.startsWith("database not found: nowhere (statement: SHOW DATABASES;SELECT"), message);
            assertTrue(message.endsWith("...)") && message.length() < 400, "abbreviated: " + message);
        }
    }

    @Test
    void anUnresolvableHostIsUnreachableAndNothingIsResolvedBeforeTheFirstRequest() {
        String address = "https://influxdb.pulse-test.invalid:8086";  // .invalid never resolves (RFC 2606)
        try (InfluxDbConnection connection = new InfluxDbConnection(address, TIMEOUT, TIMEOUT)) {
            InfluxDbConnection.Unreachable ping = assertThrows(InfluxDbConnection.Unreachable.class, connection::ping);
            assertEquals("InfluxDB at " + address + " did not answer the ping: UnknownHostException: influxdb.pulse-test.invalid",
                ping.getMessage());
            InfluxDbConnection.Unreachable query =
                assertThrows(InfluxDbConnection.Unreachable.class, () -> connection.query("c", "SHOW DATABASES"));
            assertTrue(query.getMessage().endsWith("did not answer the query: UnknownHostException: influxdb.pulse-test.invalid"),
                query.getMessage());
            assertEquals(new InfluxDbConnection.WriteResult(InfluxDbConnection.WriteStatus.RETRY,
                "UnknownHostException: influxdb.pulse-test.invalid"), connection.write("c", "raw", "m v=1 1"));
        }
    }

    @Test
    void aRefusedConnectionIsUnreachable() throws IOException {
        int port;
        try (ServerSocket closed = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = closed.getLocalPort();
        }
        try (InfluxDbConnection connection = new InfluxDbConnection("http://127.0.0.1:" + port, TIMEOUT, TIMEOUT)) {
            InfluxDbConnection.Unreachable ping = assertThrows(InfluxDbConnection.Unreachable.class, connection::ping);
            assertEquals("InfluxDB at http://127.0.0.1:" + port + " did not answer the ping: ConnectException: no connection to 127.0.0.1:"
                + port + " (refused or closed)", ping.getMessage());
        }
    }

    @Test
    void aServerThatNeverAnswersTimesOutAsUnreachableWithinTwiceTheTimeout() throws IOException {
        List<Socket> held = Collections.synchronizedList(new ArrayList<>());
        try (ServerSocket silent = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            Thread acceptor = Thread.ofVirtual().start(() -> {
                try {
                    while (true) {
                        held.add(silent.accept());  // accepted, read by nobody, never answered
                    }
                } catch (IOException closed) {
                    // the test is over
                }
            });
            String http = "http://127.0.0.1:" + silent.getLocalPort();
            try (InfluxDbConnection connection = new InfluxDbConnection(http, Duration.ofMillis(300), Duration.ofMillis(600))) {
                long took = millis(() -> {
                    InfluxDbConnection.Unreachable e = assertThrows(InfluxDbConnection.Unreachable.class, connection::ping);
                    assertTrue(e.getMessage().endsWith("did not answer the ping: HttpTimeoutException: request timed out"), e.getMessage());
                });
                assertTrue(took >= 250 && took < 2_000, "the ping waited " + took + " ms (timeout 300 ms)");
                took = millis(() -> assertThrows(InfluxDbConnection.Unreachable.class, () -> connection.query("c", "SHOW DATABASES")));
                assertTrue(took >= 550 && took < 3_000, "the query waited " + took + " ms (query timeout 600 ms)");
            }
            // https: the TLS handshake gets no answer either; the write is to be retried
            String https = "https://127.0.0.1:" + silent.getLocalPort();
            try (InfluxDbConnection connection = new InfluxDbConnection(https, Duration.ofMillis(300), Duration.ofMillis(300))) {
                InfluxDbConnection.WriteResult[] result = new InfluxDbConnection.WriteResult[1];
                long took = millis(() -> result[0] = connection.write("c", "raw", "m v=1 1"));
                assertEquals(InfluxDbConnection.WriteStatus.RETRY, result[0].status(), result[0].detail());
                assertTrue(result[0].detail().contains("Timeout"), result[0].detail());
                assertTrue(took >= 250 && took < 2_000, "the write waited " + took + " ms");
            }
            silent.close();
            acceptor.interrupt();
        } finally {
            for (Socket socket : held) {
                socket.close();
            }
        }
    }

    @Test
    void sendsWhatInfluxdbJavaSentAndReadsAnswersThatMayPassAsUnreachable() throws Exception {
        String[] answers = {
            "HTTP/1.1 204 No Content\r\nX-Influxdb-Version: 1.8.10\r\n\r\n",
            answer("503 Service Unavailable", "application/json", "{\"error\":\"overload\"}"),
            answer("200 OK", "application/json", "{\"error\":\"authorization off\"}"),
            answer("200 OK", "text/html", "<html>a proxy</html>\n"),
            answer("401 Unauthorized", "application/json", "{\"error\":\"unable to parse authentication credentials\"}"),
        };
        try (ScriptedPeer peer = new ScriptedPeer(answers);
             InfluxDbConnection plain = new InfluxDbConnection(peer.url() + "/prefix/", TIMEOUT, TIMEOUT)) {
            assertEquals("1.8.10", plain.ping());
            InfluxDbConnection.Unreachable overloaded =
                assertThrows(InfluxDbConnection.Unreachable.class, () -> plain.query("my db", "SHOW DATABASES"));
            assertTrue(overloaded.getMessage().endsWith("answered the query with HTTP 503: overload"), overloaded.getMessage());
            InfluxDbConnection.StatementFailed topLevel =
                assertThrows(InfluxDbConnection.StatementFailed.class, () -> plain.admin("d", "SHOW USERS"));
            assertEquals("authorization off (statement: SHOW USERS)", topLevel.getMessage());
            InfluxDbConnection.Unreachable notJson =
                assertThrows(InfluxDbConnection.Unreachable.class, () -> plain.query("d", "SHOW USERS"));
            assertTrue(notJson.getMessage().contains("<html>a proxy</html>"), notJson.getMessage());
            InfluxDbConnection.StatementFailed unauthorised =
                assertThrows(InfluxDbConnection.StatementFailed.class, () -> plain.query("d", "SHOW USERS"));
            assertTrue(unauthorised.getMessage().startsWith("unable to parse authentication"), unauthorised.getMessage());

            List<String> requests = peer.requests();
            assertEquals("GET /prefix/ping HTTP/1.1", requests.get(0).lines().findFirst().orElseThrow());
            String query = requests.get(1);
            assertEquals("POST /prefix/query?db=my+db&epoch=ms HTTP/1.1", query.lines().findFirst().orElseThrow());
            assertTrue(query.toLowerCase(java.util.Locale.ROOT).contains("content-type: application/x-www-form-urlencoded"), query);
            assertTrue(query.endsWith("\r\n\r\nq=SHOW+DATABASES"), query);
        }
    }

    private static String answer(String status, String contentType, String body) {
        return "HTTP/1.1 " + status + "\r\nContent-Type: " + contentType + "\r\nContent-Length: "
            + body.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n" + body;
    }

    private static long millis(Runnable action) {
        long started = System.nanoTime();
        action.run();
        return (System.nanoTime() - started) / 1_000_000;
    }

    /**
     * Answers each request with the next canned answer on its own connection (then closes it), and keeps each
     * request's head and body.
     */
    private static final class ScriptedPeer implements AutoCloseable {
        private final ServerSocket server = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
        private final List<String> requests = Collections.synchronizedList(new ArrayList<>());
        private final Thread thread;

        ScriptedPeer(String[] answers) throws IOException {
            thread = Thread.ofVirtual().start(() -> {
                try {
                    for (String answer : answers) {
                        try (Socket socket = server.accept()) {
                            requests.add(readRequest(socket.getInputStream()));
                            OutputStream out = socket.getOutputStream();
                            out.write(answer.replace("\r\n\r\n", "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.UTF_8));
                            out.flush();
                        }
                    }
                } catch (IOException closed) {
                    // the test is over
                }
            });
        }

        String url() {
            return "http://127.0.0.1:" + server.getLocalPort();
        }

        List<String> requests() {
            return List.copyOf(requests);
        }

        private static String readRequest(InputStream in) throws IOException {
            StringBuilder head = new StringBuilder();
            int c;
            while (!head.toString().endsWith("\r\n\r\n") && (c = in.read()) >= 0) {
                head.append((char) c);
            }
            int length = 0;
            for (String line : head.toString().split("\r\n")) {
                if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
                    length = Integer.parseInt(line.substring(15).trim());
                }
            }
            return head + new String(in.readNBytes(length), StandardCharsets.UTF_8);
        }

        @Override
        public void close() throws IOException {
            server.close();
            thread.interrupt();
        }
    }
}
