package io.pulse.kernel.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * A relay played by hand over a raw {@link Socket}: the tests write exact bytes and read exact lines, as a
 * conformance suite must. Reads time out (default 5 s) so a missing line fails the test instead of hanging it.
 */
public final class RawRelay implements AutoCloseable {

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    public RawRelay(InetSocketAddress server) throws IOException {
        this(server, 0);
    }

    /** @param receiveBuffer the socket receive buffer size to ask for, or 0 for the default */
    public RawRelay(InetSocketAddress server, int receiveBuffer) throws IOException {
        socket = new Socket();
        if (receiveBuffer > 0) {
            socket.setReceiveBufferSize(receiveBuffer);
        }
        socket.connect(server, 5000);
        socket.setTcpNoDelay(true);
        socket.setSoTimeout(5000);
        in = socket.getInputStream();
        out = socket.getOutputStream();
    }

    /** Over a socket already connected (e.g. a TLS socket), with the same 5 s read timeout. */
    public RawRelay(Socket connected) throws IOException {
        socket = connected;
        socket.setTcpNoDelay(true);
        socket.setSoTimeout(5000);
        in = socket.getInputStream();
        out = socket.getOutputStream();
    }

    /** Connects and identifies; checks {@code ok} and {@code beat <N>}. */
    public static RawRelay identified(InetSocketAddress server, String id) throws IOException {
        RawRelay relay = new RawRelay(server);
        relay.send("id " + id + "\n");
        relay.expect("ok");
        String beat = relay.readLine();
        if (beat == null || !beat.startsWith("beat ")) {
            throw new AssertionError("expected beat, got " + beat);
        }
        return relay;
    }

    /** Writes these exact bytes (UTF-8) in one write. */
    public RawRelay send(String raw) throws IOException {
        out.write(raw.getBytes(StandardCharsets.UTF_8));
        out.flush();
        return this;
    }

    /** The next line without {@code \n}, or null at end of stream. */
    public String readLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        while (true) {
            int b = in.read();
            if (b < 0) {
                return line.size() == 0 ? null : line.toString(StandardCharsets.UTF_8);
            }
            if (b == '\n') {
                return line.toString(StandardCharsets.UTF_8);
            }
            line.write(b);
        }
    }

    /** The next line within {@code timeout}, or null if none came (or end of stream). */
    public String readLine(Duration timeout) throws IOException {
        int old = socket.getSoTimeout();
        socket.setSoTimeout(Math.toIntExact(Math.max(1, timeout.toMillis())));
        try {
            return readLine();
        } catch (SocketTimeoutException e) {
            return null;
        } finally {
            socket.setSoTimeout(old);
        }
    }

    /** Reads exactly {@code n} bytes. */
    public String readBytes(int n) throws IOException {
        byte[] buffer = in.readNBytes(n);
        return new String(buffer, StandardCharsets.UTF_8);
    }

    public void expect(String line) throws IOException {
        String got = readLine();
        if (!line.equals(got)) {
            throw new AssertionError("expected line '" + line + "', got '" + got + "'");
        }
    }

    /** Checks that the server closes the connection (EOF or reset) within 5 s, with no further data. */
    public void expectClosed() throws IOException {
        try {
            int b = in.read();
            if (b >= 0) {
                throw new AssertionError("expected the connection to close, got more data starting with '"
                        + (char) b + "'" + readLine());
            }
        } catch (SocketTimeoutException e) {
            throw new AssertionError("the server did not close the connection", e);
        } catch (java.net.SocketException e) {
            // connection reset: closed as well
        }
    }

    /** Whether the server closed the connection within the timeout (reading and discarding anything before). */
    public boolean closedWithin(Duration timeout) throws IOException {
        socket.setSoTimeout(Math.toIntExact(timeout.toMillis()));
        try {
            while (in.read() >= 0) {
                // discard
            }
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (java.net.SocketException e) {
            return true;
        }
    }

    public Socket socket() {
        return socket;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
