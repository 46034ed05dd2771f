package io.pulse.distribution;

import io.pulse.api.http.StrictPrometheusParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code --http.max-connections} in the image: beyond the limit a connection is answered 503 with Retry-After,
 * the connections being served go on being answered, and the kernel exports the plugin's counter and gauge under
 * their documented names.
 */
class HttpConnectionLimitIT {

    private static final int MAX = 3;
    private static final Pattern CONTENT_LENGTH = Pattern.compile("(?im)^Content-Length: *(\\d+)");

    @Test
    void beyondMaxConnectionsTheImageAnswers503AndCountsIt(@TempDir Path dir) throws Exception {
        try (PulseProcess pulse = PulseProcess.startServer(dir.resolve("data"), "--http.max-connections",
                Integer.toString(MAX))) {
            List<Socket> held = new ArrayList<>();
            try {
                // The test's own HTTP client may still hold a keep-alive connection from the start-up check, so the
                // refusal comes at the MAX-th or the MAX+1-th raw connection.
                String refusal = null;
                for (int i = 0; i <= MAX && refusal == null; i++) {
                    Socket s = new Socket("127.0.0.1", pulse.httpPort);
                    s.setSoTimeout(10_000);
                    held.add(s);
                    String answer = exchange(s, "GET /health/live HTTP/1.1\r\nHost: x\r\n\r\n");
                    if (answer.startsWith("HTTP/1.1 503")) {
                        refusal = answer;
                        held.remove(s);
                        s.close();
                    } else {
                        assertTrue(answer.startsWith("HTTP/1.1 200"), answer);
                    }
                }
                assertNotNull(refusal, "no connection refused after " + (MAX + 1));
                assertTrue(refusal.contains("\r\nRetry-After: 5\r\n"), refusal);
                assertTrue(refusal.endsWith("\r\n\r\n{\"error\":\"too many connections: this server serves at most "
                    + MAX + " at once (max-connections); retry after 5 s\"}\n"), refusal);

                // a connection being served still answers: Prometheus' view of the refusal
                String metrics = exchange(held.getFirst(), "GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n");
                assertTrue(metrics.startsWith("HTTP/1.1 200"), metrics);
                StrictPrometheusParser.Exposition exposition =
                    StrictPrometheusParser.parse(metrics.substring(metrics.indexOf("\r\n\r\n") + 4));
                assertEquals("counter", exposition.types().get("pulse_http_connections_refused_total"));
                assertEquals(1, exposition.family("pulse_http_connections_refused_total").getFirst().value());
                assertEquals("gauge", exposition.types().get("pulse_http_connections_open"));
                assertEquals(MAX, exposition.family("pulse_http_connections_open").getFirst().value());
            } finally {
                for (Socket s : held) {
                    s.close();
                }
            }
        }
    }

    /** Sends a request and reads one answer: its head and its {@code Content-Length} body. */
    private static String exchange(Socket s, String request) throws IOException {
        s.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
        s.getOutputStream().flush();
        InputStream in = s.getInputStream();
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed in the answer's head: " + head);
            }
            head.write(b);
        }
        String headText = head.toString(StandardCharsets.ISO_8859_1);
        Matcher length = CONTENT_LENGTH.matcher(headText);
        assertTrue(length.find(), headText);
        byte[] body = in.readNBytes(Integer.parseInt(length.group(1)));
        return headText + new String(body, StandardCharsets.UTF_8);
    }
}
