package io.pulse.relay;

import io.pulse.protocol.GracefulClose;
import io.pulse.protocol.LineReader;
import io.pulse.protocol.LineTooLongException;

import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.System.Logger.Level;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A TCP socket seen as protocol lines: reads them with the protocol's {@link LineReader} (so a line over the limit
 * is a {@link LineTooLongException}, handled by the caller as the protocol says: error line, then close), writes
 * lines in one piece.
 *
 * <p>Thread-safety: {@link #write} may be called from any thread (writes are serialised, so lines never
 * interleave); {@link #readLine} must be called by one thread at a time; {@link #close} from any thread.
 */
final class LineConnection implements Closeable {

    private static final System.Logger LOG = System.getLogger(LineConnection.class.getName());

    private final Socket socket;
    private final LineReader reader;
    private final OutputStream out;
    private final ReentrantLock writeLock = new ReentrantLock();

    LineConnection(Socket socket, int maxLineBytes) throws IOException {
        this.socket = socket;
        this.reader = new LineReader(socket.getInputStream(), maxLineBytes);
        this.out = socket.getOutputStream();
    }

    /**
     * @return the next line without its terminator, or null at end of stream (a last unterminated line is dropped:
     *         the peer did not finish it)
     * @throws LineTooLongException when the server sends a line over the limit
     */
    String readLine() throws IOException {
        return reader.readLine();
    }

    /** Writes one line, adding its terminator. */
    void writeLine(String line) throws IOException {
        write(line + LineReader.TERMINATOR);
    }

    /** Writes the text (one or more complete lines, each with its terminator) at once. */
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

    /**
     * After an error line was written: lets the server read it before the socket closes ({@link GracefulClose}),
     * then closes. Call from the reading thread. Takes at most {@link GracefulClose#DRAIN_TIMEOUT}.
     */
    void closeAfterErrorLine() {
        try {
            GracefulClose.shutdownAndDrain(socket);
        } catch (IOException e) {
            LOG.log(Level.DEBUG, "the connection to " + peer() + " broke before the error line was read", e);
        } finally {
            close();
        }
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
