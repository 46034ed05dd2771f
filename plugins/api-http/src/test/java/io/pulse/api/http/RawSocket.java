package io.pulse.api.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/** Speaks HTTP/1.1 by hand, for what {@code HttpURLConnection} will not send (oversized or slow requests). */
final class RawSocket implements AutoCloseable {

    final Socket socket;

    RawSocket(int port) throws IOException {
        socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(10_000);
    }

    void write(String text) throws IOException {
        socket.getOutputStream().write(text.getBytes(StandardCharsets.ISO_8859_1));
        socket.getOutputStream().flush();
    }

    /** Everything the server sends until it closes the connection (or {@code timeoutMillis} pass). */
    String readUntilClosed(int timeoutMillis) throws IOException {
        socket.setSoTimeout(timeoutMillis);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        InputStream in = socket.getInputStream();
        byte[] buffer = new byte[8192];
        try {
            for (int n; (n = in.read(buffer)) >= 0; ) {
                out.write(buffer, 0, n);
            }
        } catch (SocketTimeoutException e) {
            throw new AssertionError("the server did not close the connection within " + timeoutMillis
                + " ms; got so far: " + out.toString(StandardCharsets.ISO_8859_1), e);
        } catch (IOException reset) {
            // a reset after the answer counts as closed
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    /** What the server sends until {@code marker} has appeared {@code count} times. */
    String readUntil(String marker, int count, int timeoutMillis) throws IOException {
        socket.setSoTimeout(timeoutMillis);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        InputStream in = socket.getInputStream();
        byte[] buffer = new byte[8192];
        String text = "";
        while (text.split(java.util.regex.Pattern.quote(marker), -1).length - 1 < count) {
            int n;
            try {
                n = in.read(buffer);
            } catch (SocketTimeoutException e) {
                throw new AssertionError("expected " + count + " x '" + marker + "' within " + timeoutMillis
                    + " ms; got: " + text, e);
            }
            if (n < 0) {
                throw new AssertionError("connection closed before " + count + " x '" + marker + "'; got: " + text);
            }
            out.write(buffer, 0, n);
            text = out.toString(StandardCharsets.UTF_8);
        }
        return text;
    }

    /**
     * Sends a GET with the given (unvalidated, possibly malformed) target and reads one answer with a
     * {@code Content-Length} body.
     */
    static Http.Response get(int port, String target, String token) throws IOException {
        try (RawSocket s = new RawSocket(port)) {
            s.write("GET " + target + " HTTP/1.1\r\nHost: x\r\nX-AUTH-TOKEN: " + token + "\r\n\r\n");
            return s.readResponse();
        }
    }

    /** Reads one answer (status line, headers, a {@code Content-Length} body). */
    Http.Response readResponse() throws IOException {
        InputStream in = socket.getInputStream();
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed in the answer's head: " + head);
            }
            head.write(b);
        }
        String[] lines = head.toString(StandardCharsets.ISO_8859_1).split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        java.util.Map<String, java.util.List<String>> headers = new java.util.LinkedHashMap<>();
        int length = 0;
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            String name = lines[i].substring(0, colon).strip();
            String value = lines[i].substring(colon + 1).strip();
            headers.put(name, java.util.List.of(value));
            if (name.equalsIgnoreCase("Content-Length")) {
                length = Integer.parseInt(value);
            }
        }
        byte[] body = in.readNBytes(length);
        return new Http.Response(status, headers, new String(body, StandardCharsets.UTF_8));
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
