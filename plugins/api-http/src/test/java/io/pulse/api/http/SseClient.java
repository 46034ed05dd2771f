package io.pulse.api.http;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A streaming Server-Sent Events reader for the tests on a plain socket: a real request, the status and headers
 * parsed, the chunked body decoded and its lines queued as they arrive by a thread of its own. (HttpURLConnection
 * drains a chunked body before it lets go of the connection, which a stream that never ends defeats.)
 * {@link #close()} closes the socket, as a browser tab being closed does.
 */
final class SseClient implements AutoCloseable {

    /** What {@link #next} returns when the server ended the stream. */
    static final String END = "<end of stream>";

    final int status;
    final String contentType;
    private final Socket socket;
    private final LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final Thread reader;

    SseClient(String host, int port, String pathAndQuery, Map<String, String> headers) throws IOException {
        socket = new Socket(host, port);
        socket.setSoTimeout(10_000);
        StringBuilder request = new StringBuilder("GET " + pathAndQuery + " HTTP/1.1\r\nHost: " + host + "\r\n"
            + "Accept: text/event-stream\r\n");
        headers.forEach((k, v) -> request.append(k).append(": ").append(v).append("\r\n"));
        socket.getOutputStream().write(request.append("\r\n").toString().getBytes(StandardCharsets.UTF_8));
        InputStream in = new BufferedInputStream(socket.getInputStream());
        String statusLine = line(in);
        status = Integer.parseInt(statusLine.split(" ")[1]);
        String type = null;
        boolean chunked = false;
        for (String h; !(h = line(in)).isEmpty(); ) {
            String name = h.substring(0, h.indexOf(':')).strip();
            String value = h.substring(h.indexOf(':') + 1).strip();
            if (name.equalsIgnoreCase("Content-Type")) {
                type = value;
            } else if (name.equalsIgnoreCase("Transfer-Encoding") && value.equalsIgnoreCase("chunked")) {
                chunked = true;
            }
        }
        contentType = type;
        if (status != 200 || !chunked) {
            reader = null;
            return;
        }
        socket.setSoTimeout(0); // the stream is long-lived; next() has its own timeout
        reader = Thread.ofPlatform().daemon().name("sse-client").start(() -> {
            StringBuilder partial = new StringBuilder();
            try (in) {
                while (true) {
                    int size = Integer.parseInt(line(in).split(";")[0].strip(), 16);
                    if (size == 0) {
                        break;
                    }
                    byte[] chunk = in.readNBytes(size);
                    line(in); // the CRLF after the chunk
                    partial.append(new String(chunk, StandardCharsets.UTF_8));
                    for (int nl; (nl = partial.indexOf("\n")) >= 0; ) {
                        lines.add(partial.substring(0, nl));
                        partial.delete(0, nl + 1);
                    }
                }
            } catch (IOException | RuntimeException closed) {
                // the test closed the socket, or the server cut the connection
            }
            lines.add(END);
        });
    }

    /** One CRLF-terminated line of the head or of the chunk framing. */
    private static String line(InputStream in) throws IOException {
        StringBuilder b = new StringBuilder();
        for (int c; (c = in.read()) != '\n'; ) {
            if (c < 0) {
                throw new EOFException("connection closed");
            }
            if (c != '\r') {
                b.append((char) c);
            }
        }
        return b.toString();
    }
    /** The next non-empty line ({@code data: ...} or {@code : comment}), {@link #END}, or null after {@code wait}. */
    String next(Duration wait) throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            String line = lines.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (line == null || !line.isEmpty()) {
                return line;
            }
        }
    }

    /** The payload of the next {@code data:} line (comments skipped), {@link #END}, or null after {@code wait}. */
    String nextData(Duration wait) throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            String line = next(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
            if (line == null || line.equals(END)) {
                return line;
            }
            if (line.startsWith("data:")) {
                return line.substring(5).strip();
            }
        }
    }

    @Override
    public void close() throws Exception {
        socket.close();
        if (reader != null) {
            reader.join(5000);
        }
    }
}
