package io.pulse.storage.influxdb;

import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;

/**
 * InfluxDB 1.x's {@code POST /write} over one kept-alive HTTP/1.1 connection of its own, for plain {@code http://}
 * addresses: the request line and headers, the body's bytes, and a read of the status and body of the answer.
 *
 * <p>Why a client of its own for this one request: the write runs a few times a second (at 4,000 samples/s, five
 * requests of ~800 lines), so a general client's code never gets hot; through influxdb-java it ran Retrofit's
 * proxy, OkHttp's interceptor chain, a copy of the body per layer, a watchdog timer per call and the pool's cleanup
 * task, which cost the Pulse process more than building the lines did (docs/performance.md, "The InfluxDB path,
 * profiled"). Here a write is one gathered socket write and one read of a ~200-byte answer. Queries, pings and
 * schema statements go through the JDK's HttpClient ({@link InfluxDbConnection}); so do writes to {@code https://}
 * addresses.
 *
 * <p>Failures: an {@link IOException} (refused, reset, unknown host, {@link SocketTimeoutException} past the
 * deadline) means the request may not have been stored; the caller retries it later (writes are idempotent: a
 * point rewritten with the same series and time overwrites itself). A connection kept from an earlier request that
 * InfluxDB closed meanwhile (it restarted, or dropped an idle connection) is replaced once, at once, as OkHttp did.
 *
 * <p>Time bounds as the OkHttp client had them: connecting waits at most {@code timeout}; the whole request, connect
 * included, at most twice that. No thread of its own: the calling thread waits on a selector with the remaining time.
 *
 * <p>Thread-safe: requests are serialised on the one connection (the storage writes from one thread; the
 * buffer's replay rarely overlaps).
 */
final class HttpWriteClient implements AutoCloseable {

    /** An answer: HTTP status and body (InfluxDB's JSON error, empty for 204). */
    record Answer(int status, String body) {
        boolean stored() {
            return status / 100 == 2;
        }
    }

    private static final int MAX_HEAD_BYTES = 16 * 1024;
    private static final int MAX_BODY_BYTES = 1024 * 1024;

    private final String host;
    private final int port;
    private final String hostHeader;
    private final String pathPrefix;
    private final long timeoutNanos;
    private ByteBuffer in = ByteBuffer.allocate(4096);
    private SocketChannel channel;
    private Selector selector;
    private boolean closed;

    /**
     * @param address an {@code http://} base URL without user info, query or fragment ({@link #supports})
     */
    HttpWriteClient(URI address, Duration timeout) {
        if (!supports(address)) {
            throw new IllegalArgumentException("not a plain http:// address: " + address);
        }
        this.host = address.getHost();
        this.port = address.getPort() < 0 ? 80 : address.getPort();
        this.hostHeader = address.getPort() < 0 ? host : host + ":" + port;
        String path = address.getRawPath() == null ? "" : address.getRawPath();
        this.pathPrefix = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        this.timeoutNanos = timeout.toNanos();
    }

    /** Whether this client can write to the address (plain http, no user info, query or fragment). */
    static boolean supports(URI address) {
        return "http".equalsIgnoreCase(address.getScheme()) && address.getHost() != null && address.getUserInfo() == null
            && address.getRawQuery() == null && address.getRawFragment() == null;
    }

    /**
     * Posts line protocol (nanosecond timestamps) to {@code database}/{@code retentionPolicy}.
     *
     * @throws IOException when there is no answer (not stored, as far as this side can know)
     */
    synchronized Answer write(String database, String retentionPolicy, byte[] body) throws IOException {
        if (closed) {
            throw new IOException("the InfluxDB write client is closed");
        }
        byte[] head = head(database, retentionPolicy, body.length);
        long deadline = System.nanoTime() + 2 * timeoutNanos;
        boolean reused = channel != null;
        try {
            return exchange(head, body, deadline);
        } catch (IOException e) {
            disconnect();
            if (!reused || e instanceof SocketTimeoutException) {
                throw e;
            }
            // the kept connection was closed by InfluxDB since the last request: once more on a fresh one
            return exchange(head, body, deadline);
        }
    }

    private byte[] head(String database, String retentionPolicy, int length) {
        String head = "POST " + pathPrefix + "/write?db=" + URLEncoder.encode(database, StandardCharsets.UTF_8)
            + "&rp=" + URLEncoder.encode(retentionPolicy, StandardCharsets.UTF_8) + "&precision=n&consistency=one HTTP/1.1\r\n"
            + "Host: " + hostHeader + "\r\n"
            + "Content-Type: text/plain; charset=utf-8\r\n"
            + "Content-Length: " + length + "\r\n"
            + "\r\n";
        return head.getBytes(StandardCharsets.ISO_8859_1);
    }

    private Answer exchange(byte[] head, byte[] body, long deadline) throws IOException {
        if (channel == null) {
            connect(deadline);
        }
        writeFully(new ByteBuffer[] {ByteBuffer.wrap(head), ByteBuffer.wrap(body)}, deadline);
        return readAnswer(deadline);
    }

    private void connect(long deadline) throws IOException {
        long connectDeadline = Math.min(deadline, System.nanoTime() + timeoutNanos);
        InetSocketAddress remote = new InetSocketAddress(host, port);  // resolved per connection: DNS may change
        if (remote.isUnresolved()) {
            throw new java.net.UnknownHostException(host);
        }
        SocketChannel opened = SocketChannel.open();
        try {
            opened.configureBlocking(false);
            opened.setOption(java.net.StandardSocketOptions.TCP_NODELAY, true);
            Selector waiting = Selector.open();
            channel = opened;
            selector = waiting;
            SelectionKey key = opened.register(waiting, 0);
            if (!opened.connect(remote)) {
                key.interestOps(SelectionKey.OP_CONNECT);
                while (!opened.finishConnect()) {
                    await(connectDeadline, "connect");
                }
            }
        } catch (IOException | RuntimeException e) {
            disconnect();
            throw e;
        }
    }

    private void writeFully(ByteBuffer[] buffers, long deadline) throws IOException {
        SelectionKey key = channel.keyFor(selector);
        ByteBuffer last = buffers[buffers.length - 1];
        while (last.hasRemaining()) {
            if (channel.write(buffers) == 0) {
                key.interestOps(SelectionKey.OP_WRITE);
                await(deadline, "write");
            }
        }
    }

    /** Reads one answer: the status line, headers, and a body framed by Content-Length, chunks or the close. */
    private Answer readAnswer(long deadline) throws IOException {
        in.clear();
        int headEnd;
        while ((headEnd = headEnd()) < 0) {
            if (in.position() >= MAX_HEAD_BYTES) {
                throw new IOException("InfluxDB's answer headers are longer than " + MAX_HEAD_BYTES + " bytes");
            }
            fill(deadline);
        }
        String headText = new String(in.array(), 0, headEnd, StandardCharsets.ISO_8859_1);
        String[] headLines = lines(headText);
        int status = status(headLines[0]);
        long length = -1;
        boolean chunked = false;
        boolean close = headLines[0].startsWith("HTTP/1.0");
        for (int i = 1; i < headLines.length; i++) {
            int colon = headLines[i].indexOf(':');
            if (colon <= 0) {
                continue;
            }
            String name = headLines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = headLines[i].substring(colon + 1).trim().toLowerCase(Locale.ROOT);
            switch (name) {
                case "content-length" -> length = parseLength(value);
                case "transfer-encoding" -> chunked = value.contains("chunked");
                case "connection" -> close = value.contains("close") || (close && !value.contains("keep-alive"));
                default -> { }
            }
        }
        int bodyStart = headEnd + 4;
        byte[] body;
        if (status == 204 || status == 304 || status / 100 == 1) {
            body = new byte[0];
        } else if (chunked) {
            body = readChunked(bodyStart, deadline);
        } else if (length >= 0) {
            body = readBytes(bodyStart, length, deadline);
        } else {
            body = readToEnd(bodyStart, deadline);
            close = true;
        }
        if (close) {
            disconnect();
        }
        if (in.capacity() > 64 * 1024) {
            in = ByteBuffer.allocate(4096);  // one long error answer does not pin its buffer
        }
        return new Answer(status, new String(body, StandardCharsets.UTF_8));
    }

    /** The head's lines (without a regular expression: this runs for every write). */
    private static String[] lines(String head) {
        java.util.List<String> lines = new java.util.ArrayList<>(8);
        int start = 0;
        int end;
        while ((end = head.indexOf("\r\n", start)) >= 0) {
            lines.add(head.substring(start, end));
            start = end + 2;
        }
        lines.add(head.substring(start));
        return lines.toArray(String[]::new);
    }

    private static int status(String statusLine) throws IOException {
        String[] parts = statusLine.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
            throw new IOException("not an HTTP/1.x answer: " + statusLine);
        }
        try {
            return Integer.parseInt(parts[1]);
        } catch (NumberFormatException e) {
            throw new IOException("not an HTTP/1.x answer: " + statusLine);
        }
    }

    private static long parseLength(String value) throws IOException {
        try {
            long length = Long.parseLong(value);
            if (length < 0 || length > MAX_BODY_BYTES) {
                throw new IOException("InfluxDB's answer has a body of " + value + " bytes");
            }
            return length;
        } catch (NumberFormatException e) {
            throw new IOException("InfluxDB's answer has a malformed Content-Length: " + value);
        }
    }

    /** The index of the CRLFCRLF ending the head in the bytes read so far, or -1. */
    private int headEnd() {
        byte[] a = in.array();
        for (int i = 3; i < in.position(); i++) {
            if (a[i] == '\n' && a[i - 1] == '\r' && a[i - 2] == '\n' && a[i - 3] == '\r') {
                return i - 3;
            }
        }
        return -1;
    }

    private byte[] readBytes(int from, long length, long deadline) throws IOException {
        while (in.position() - from < length) {
            fill(deadline);
        }
        byte[] body = new byte[(int) length];
        System.arraycopy(in.array(), from, body, 0, body.length);
        return body;
    }

    private byte[] readToEnd(int from, long deadline) throws IOException {
        while (true) {
            if (in.position() - from > MAX_BODY_BYTES) {
                throw new IOException("InfluxDB's answer body is longer than " + MAX_BODY_BYTES + " bytes");
            }
            try {
                fill(deadline);
            } catch (EOFException end) {
                break;
            }
        }
        byte[] body = new byte[in.position() - from];
        System.arraycopy(in.array(), from, body, 0, body.length);
        return body;
    }

    /** A chunked body: size lines in hex, the chunk, CRLF; a zero chunk and (ignored) trailers end it. */
    private byte[] readChunked(int from, long deadline) throws IOException {
        java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
        int at = from;
        while (true) {
            int lineEnd;
            while ((lineEnd = indexOfCrlf(at)) < 0) {
                fill(deadline);
            }
            String sizeText = new String(in.array(), at, lineEnd - at, StandardCharsets.ISO_8859_1);
            int semicolon = sizeText.indexOf(';');
            long size;
            try {
                size = Long.parseLong((semicolon < 0 ? sizeText : sizeText.substring(0, semicolon)).trim(), 16);
            } catch (NumberFormatException e) {
                throw new IOException("InfluxDB's answer has a malformed chunk size: " + sizeText);
            }
            at = lineEnd + 2;
            if (size == 0) {
                // trailers, if any, end with an empty line
                int end;
                while ((end = indexOfCrlf(at)) != at) {
                    if (end < 0) {
                        fill(deadline);
                    } else {
                        at = end + 2;
                    }
                }
                return body.toByteArray();
            }
            if (size < 0 || body.size() + size > MAX_BODY_BYTES) {
                throw new IOException("InfluxDB's answer body is longer than " + MAX_BODY_BYTES + " bytes");
            }
            while (in.position() < at + size + 2) {
                fill(deadline);
            }
            body.write(in.array(), at, (int) size);
            at += (int) size + 2;
        }
    }

    private int indexOfCrlf(int from) {
        byte[] a = in.array();
        for (int i = from + 1; i < in.position(); i++) {
            if (a[i] == '\n' && a[i - 1] == '\r') {
                return i - 1;
            }
        }
        return -1;
    }

    /** Reads more of the answer into {@link #in}, growing it when full; EOF when InfluxDB closed the connection. */
    private void fill(long deadline) throws IOException {
        if (!in.hasRemaining()) {
            ByteBuffer bigger = ByteBuffer.allocate(in.capacity() * 2);
            in.flip();
            bigger.put(in);
            in = bigger;
        }
        SelectionKey key = channel.keyFor(selector);
        while (true) {
            int n = channel.read(in);
            if (n > 0) {
                return;
            }
            if (n < 0) {
                throw new EOFException("InfluxDB closed the connection before its answer ended");
            }
            key.interestOps(SelectionKey.OP_READ);
            await(deadline, "answer");
        }
    }

    /** Waits on the selector for the key's interest until the deadline; a SocketTimeoutException past it. */
    private void await(long deadline, String what) throws IOException {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
            throw new SocketTimeoutException("no " + what + " from InfluxDB within the timeout");
        }
        selector.select(Math.max(1, Duration.ofNanos(left).toMillis()));
        selector.selectedKeys().clear();
    }

    private void disconnect() {
        try {
            if (selector != null) {
                selector.close();
            }
        } catch (IOException ignored) {
            // closing: nothing to do about it
        }
        try {
            if (channel != null) {
                channel.close();
            }
        } catch (IOException ignored) {
            // closing: nothing to do about it
        }
        selector = null;
        channel = null;
    }

    @Override
    public synchronized void close() {
        closed = true;
        disconnect();
    }
}
