package io.pulse.protocol;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;

/**
 * How a side closes a connection right after writing an {@link ErrorLines error line}, so that the peer gets to
 * read it. Closing a socket while input is still unread makes the operating system send a TCP reset, and a reset
 * can destroy the error line in the peer's receive buffer before the peer reads it - and a peer that sent an
 * overlong line, or talks before identifying, usually has more on the way. So: half-close (the peer reads the line,
 * then end of stream), read and discard what the peer still sends until it closes too, for at most
 * {@link #DRAIN_TIMEOUT} and {@value #DRAIN_MAX_BYTES} bytes; the caller then closes the socket.
 *
 * <p>Used by both ends: the server after {@code identify first...}, {@code missing id} and {@code line too long},
 * the relay after {@code line too long}. Stateless and thread-safe; call it from the connection's reading thread
 * (nobody else may be reading).
 */
public final class GracefulClose {

    /** The longest a side waits for the peer to close after an error line. */
    public static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(1);

    /** The most a side reads (and discards) from the peer after an error line. */
    public static final int DRAIN_MAX_BYTES = 256 * 1024;

    private GracefulClose() {
    }

    /**
     * Half-closes the socket and discards the peer's remaining input, as described above. Leaves the socket open:
     * the caller closes it (in a finally block, so that it is closed whatever happens here).
     *
     * @throws IOException when the socket is already broken (then there is nothing left to save)
     */
    public static void shutdownAndDrain(Socket socket) throws IOException {
        socket.shutdownOutput();
        socket.setSoTimeout(Math.toIntExact(DRAIN_TIMEOUT.toMillis()));
        InputStream in = socket.getInputStream();
        byte[] sink = new byte[512];
        long deadline = System.nanoTime() + DRAIN_TIMEOUT.toNanos();
        int total = 0;
        try {
            int n;
            while (total < DRAIN_MAX_BYTES && System.nanoTime() < deadline && (n = in.read(sink)) >= 0) {
                total += n;
            }
        } catch (SocketTimeoutException e) {
            // the peer neither closed nor sent more: close anyway
        }
    }
}
