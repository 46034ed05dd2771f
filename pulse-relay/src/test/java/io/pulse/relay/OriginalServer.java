package io.pulse.relay;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * A raw TCP server that plays the ORIGINAL nanopack/pulse server's side of the protocol, driven line by line by
 * the test (the byte sequences come from the reference relay-protocol.md: {@code ok\n}, {@code beat N\n},
 * {@code get a,b\n}, {@code pong\n}...). Lines from the relay are read byte by byte so that the exact bytes are
 * checked: a {@code \r} or a missing {@code \n} fails the test. Binds 127.0.0.1 only.
 */
public final class OriginalServer implements AutoCloseable {

    public static final Duration WAIT = Duration.ofSeconds(5);

    private final ServerSocket listener;
    private final BlockingQueue<Peer> accepted = new LinkedBlockingQueue<>();
    private final List<Peer> peers = new CopyOnWriteArrayList<>();

    private OriginalServer(int port, int receiveBufferBytes) throws IOException {
        listener = new ServerSocket();
        listener.setReuseAddress(true);
        if (receiveBufferBytes > 0) {
            listener.setReceiveBufferSize(receiveBufferBytes); // inherited by accepted sockets; no autotuning
        }
        try {
            listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        } catch (IOException e) {
            listener.close();
            throw e;
        }
        Thread.ofVirtual().name("original-server-accept").start(this::acceptLoop);
    }

    /** A server on an ephemeral port. */
    public static OriginalServer start() throws IOException {
        return new OriginalServer(0, 0);
    }

    /** A server whose connections buffer little, so that a relay's writes block soon when it stops reading. */
    public static OriginalServer startWithReceiveBuffer(int bytes) throws IOException {
        return new OriginalServer(0, bytes);
    }

    /**
     * A server on a given port (a "restarted" server takes its predecessor's port). The port may be briefly taken
     * meanwhile by another process's outgoing connection (the relay itself refuses a connection that reached itself,
     * see {@code Dial}, and lets go of the port at once). So the bind is retried for up to {@link #WAIT}.
     */
    public static OriginalServer startOn(int port) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            try {
                return new OriginalServer(port, 0);
            } catch (java.net.BindException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(50);
            }
        }
    }

    public int port() {
        return listener.getLocalPort();
    }

    public String address() {
        return "127.0.0.1:" + port();
    }

    /** The next relay connection; fails the test if none comes within {@link #WAIT}. */
    public Peer accept() throws InterruptedException {
        Peer peer = accepted.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        assertNotNull(peer, "no relay connected within " + WAIT);
        return peer;
    }

    /** The next relay connection within the time, or null. */
    public Peer acceptWithin(Duration time) throws InterruptedException {
        return accepted.poll(time.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Accepts a relay and answers its {@code id} as the original server does: {@code ok}, {@code beat N}. */
    public Peer acceptIdentified(String expectedId, int beatSeconds) throws Exception {
        Peer peer = accept();
        assertEquals("id " + expectedId, peer.readLine());
        peer.write("ok\nbeat " + beatSeconds + "\n");
        return peer;
    }

    /** Stops listening and drops every connection, like a server process that exits. */
    @Override
    public void close() throws IOException {
        listener.close();
        for (Peer peer : peers) {
            peer.close();
        }
    }

    private void acceptLoop() {
        try {
            while (true) {
                Socket socket = listener.accept();
                Peer peer = new Peer(socket);
                peers.add(peer);
                accepted.add(peer);
            }
        } catch (IOException e) {
            // listener closed
        }
    }

    /** One relay connection seen from the server. */
    public static final class Peer implements AutoCloseable {

        private final Socket socket;
        private final InputStream in;
        private final OutputStream out;

        Peer(Socket socket) throws IOException {
            this.socket = socket;
            this.in = socket.getInputStream();
            this.out = socket.getOutputStream();
        }

        /** The next line (without its {@code \n}); fails if none comes within {@link #WAIT}; null at end of stream. */
        public String readLine() throws IOException {
            return readLine(WAIT);
        }

        public String readLine(Duration within) throws IOException {
            String line = readLineOrTimeout(within);
            if (line == TIMED_OUT) {
                fail("no line from the relay within " + within);
            }
            return line;
        }

        /** True if nothing at all arrives within the time (the connection stays open and silent). */
        public boolean silentFor(Duration time) throws IOException {
            String line = readLineOrTimeout(time);
            if (line == TIMED_OUT) {
                return true;
            }
            fail("expected silence, got " + (line == null ? "end of stream" : "\"" + line + "\""));
            return false;
        }

        /** Reads lines, answering {@code ping} with {@code pong}, until one that is not a ping. */
        public String readLineAnsweringPings() throws IOException {
            while (true) {
                String line = readLine();
                if (!"ping".equals(line)) {
                    return line;
                }
                write("pong\n");
            }
        }

        /** Asserts the relay closes the connection (end of stream) within {@link #WAIT}. */
        public void assertClosedByRelay() throws IOException {
            String line = readLine();
            assertEquals(null, line, "expected the relay to close the connection");
        }

        public void write(String raw) throws IOException {
            out.write(raw.getBytes(StandardCharsets.UTF_8));
            out.flush();
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }

        private static final String TIMED_OUT = new String("timed out");

        private String readLineOrTimeout(Duration within) throws IOException {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            long deadline = System.nanoTime() + within.toNanos();
            while (true) {
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (left <= 0) {
                    assertTrue(line.size() == 0, "an unterminated line: " + line);
                    return TIMED_OUT;
                }
                socket.setSoTimeout((int) left);
                int b;
                try {
                    b = in.read();
                } catch (SocketTimeoutException e) {
                    continue;
                } catch (IOException e) {
                    return null; // reset by the relay: as good as closed
                }
                if (b < 0) {
                    assertEquals(0, line.size(), "the relay closed in the middle of a line: " + line);
                    return null;
                }
                if (b == '\n') {
                    String text = line.toString(StandardCharsets.UTF_8);
                    assertTrue(text.indexOf('\r') < 0, "a \\r in a relay line: " + text);
                    return text;
                }
                line.write(b);
            }
        }
    }
}
