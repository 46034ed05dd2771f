package io.pulse.api.http;

import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A client refused before its request is read (request line too long, body too large) while it is still sending gets
 * the refusal, not a broken pipe: the server reads and throws away the rest for a bounded time (lingering close).
 * Real server, raw sockets.
 */
class LingeringCloseTest {

    @AutoClose
    static ApiServer api;

    @BeforeAll
    static void start() throws Exception {
        FakeServer server = new FakeServer(new RecordingStorage());
        server.alerts = new InMemoryAlerts();
        api = ApiServer.start(server, Map.of(), Clock.systemUTC()); // defaults: 8 KiB request line, 64 KiB body
    }

    @Test
    void aRequestLineOverTheLimitWithABodyStillBeingSentGets414() throws Exception {
        String head = "POST /alerts?x=" + "a".repeat(20_000) + " HTTP/1.1\r\nHost: x\r\nX-AUTH-TOKEN: "
            + ApiServer.TOKEN + "\r\nContent-Type: application/json\r\nContent-Length: 4000000\r\n\r\n";
        for (int i = 0; i < 3; i++) {
            String answer = sendThenRead(head, 4_000_000);
            assertTrue(answer.startsWith("HTTP/1.1 414"), "attempt " + i + ": " + answer);
            assertTrue(answer.endsWith("may take at most 8192 bytes\"}\n"), answer);
        }
    }

    @Test
    void aBodyOverTheLimitStillBeingSentGets413() throws Exception {
        String head = "POST /alerts HTTP/1.1\r\nHost: x\r\nX-AUTH-TOKEN: " + ApiServer.TOKEN
            + "\r\nContent-Type: application/json\r\nContent-Length: 4000000\r\n\r\n";
        for (int i = 0; i < 3; i++) {
            String answer = sendThenRead(head, 4_000_000);
            assertTrue(answer.startsWith("HTTP/1.1 413"), "attempt " + i + ": " + answer);
            assertTrue(answer.endsWith("{\"error\":\"request body too large: at most 65536 bytes are accepted\"}\n"),
                answer);
        }
    }

    @Test
    void aClientThatNeverStopsSendingIsCutOffAfterTheLingerTime() throws Exception {
        String head = "POST /alerts?x=" + "a".repeat(20_000) + " HTTP/1.1\r\nHost: x\r\n\r\n";
        long t0 = System.nanoTime();
        String answer = sendWhileReading(head, Long.MAX_VALUE); // a body without end
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(answer.startsWith("HTTP/1.1 414"), answer);
        assertTrue(ms < 20_000, "the server went on reading for " + ms + " ms");
    }

    /**
     * Writes the whole request ({@code head} and {@code bodyBytes} of body), then reads the answer until the server
     * closes, as simple clients (curl, {@code HttpURLConnection}) do: a broken pipe while writing fails the test.
     */
    private static String sendThenRead(String head, int bodyBytes) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", api.frontEnd.port())) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(head.getBytes(StandardCharsets.ISO_8859_1));
            byte[] body = new byte[bodyBytes];
            Arrays.fill(body, (byte) 'b');
            out.write(body); // without a lingering close: "Broken pipe" or "Connection reset" here
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /**
     * Writes {@code head} and then up to {@code bodyBytes} of body on a writer thread (which stops at the first write
     * error) while reading the answer until the server closes; returns the answer.
     */
    private static String sendWhileReading(String head, long bodyBytes) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", api.frontEnd.port())) {
            socket.setSoTimeout(30_000);
            AtomicLong sent = new AtomicLong();
            Thread writer = Thread.ofVirtual().start(() -> {
                try {
                    OutputStream out = socket.getOutputStream();
                    out.write(head.getBytes(StandardCharsets.ISO_8859_1));
                    byte[] chunk = new byte[16 * 1024];
                    Arrays.fill(chunk, (byte) 'b');
                    while (sent.get() < bodyBytes) {
                        out.write(chunk);
                        sent.addAndGet(chunk.length);
                    }
                } catch (IOException expected) {
                    // the server closed: from here on nothing is read
                }
            });
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[8192];
            try {
                for (int n; (n = in.read(buffer)) >= 0; ) {
                    answer.write(buffer, 0, n);
                }
            } catch (IOException reset) {
                // a reset after the whole answer is fine; the assertions on the text decide
            }
            socket.close();
            writer.join();
            return answer.toString(StandardCharsets.UTF_8);
        }
    }
}
