package io.pulse.relay;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.System.Logger.Level;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A TCP socket seen as lines: reads {@code \n}-terminated lines (a trailing {@code \r} is dropped; lines longer
 * than the limit are discarded and logged, never buffered whole), writes text in one piece.
 *
 * <p>Thread-safety: {@link #write} may be called from any thread (writes are serialised, so lines never
 * interleave); {@link #readLine} must be called by one thread at a time; {@link #close} from any thread.
 */
final class LineConnection implements Closeable {

    private static final System.Logger LOG = System.getLogger(LineConnection.class.getName());

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final int maxLineBytes;
    private final ReentrantLock writeLock = new ReentrantLock();

    private final byte[] readBuffer = new byte[8192];
    private int readPosition;
    private int readLimit;

    LineConnection(Socket socket, int maxLineBytes) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
        this.maxLineBytes = maxLineBytes;
    }

    /**
     * @return the next line without its terminator, or null at end of stream (a last unterminated line is dropped:
     *         the peer did not finish it)
     */
    String readLine() throws IOException {
        byte[] line = new byte[128];
        int length = 0;
        boolean overlong = false;
        while (true) {
            if (readPosition == readLimit) {
                int read = in.read(readBuffer);
                if (read < 0) {
                    return null;
                }
                readPosition = 0;
                readLimit = read;
            }
            byte b = readBuffer[readPosition++];
            if (b == '\n') {
                if (overlong) {
                    LOG.log(Level.WARNING, "discarded a line longer than " + maxLineBytes + " bytes from " + peer());
                    overlong = false;
                    length = 0;
                    continue;
                }
                if (length > 0 && line[length - 1] == '\r') {
                    length--;
                }
                return new String(line, 0, length, StandardCharsets.UTF_8);
            }
            if (overlong) {
                continue;
            }
            if (length == maxLineBytes) {
                overlong = true;
                continue;
            }
            if (length == line.length) {
                line = Arrays.copyOf(line, Math.min(line.length * 2, maxLineBytes));
            }
            line[length++] = b;
        }
    }

    /** Writes the text (one or more complete lines) at once. */
    void write(String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        writeLock.lock();
        try {
            out.write(bytes);
            out.flush();
        } finally {
            writeLock.unlock();
        }
    }

    /** Bounds how long {@link #readLine} blocks; zero means forever. */
    void readTimeout(Duration timeout) throws IOException {
        socket.setSoTimeout(Math.toIntExact(Math.min(timeout.toMillis(), Integer.MAX_VALUE)));
    }

    /** The server's address, for log lines. */
    String peer() {
        return String.valueOf(socket.getRemoteSocketAddress());
    }

    /** Closes the socket; a blocked {@link #readLine} or {@link #write} then fails. Idempotent. */
    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            LOG.log(Level.DEBUG, "closing the connection to " + peer() + " failed", e);
        }
    }
}
