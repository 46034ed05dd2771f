package io.pulse.kernel.relay;

import java.io.IOException;
import java.net.Socket;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * The output of a relay connection read by its own virtual thread (TLS connections, see {@link RelayConnection}):
 * lines are queued in an {@link OutboundLines} and written by one more virtual thread, so that a sender never
 * blocks on a relay that stopped reading. Plain TCP connections are written straight from their event loop instead
 * ({@link LoopConnection}).
 *
 * <p>Thread-safe.
 */
final class SocketWriter implements RelayOutput {

    private static final System.Logger LOG = System.getLogger(SocketWriter.class.getName());

    /** How long the connection's reader waits for room in a full queue before the relay counts as stalled. */
    private static final Duration READER_WAIT = Duration.ofSeconds(2);

    private final Socket socket;
    private final OutboundLines outbound;
    /** The connection's reader thread: the thread that made this writer. */
    private final Thread reader = Thread.currentThread();
    private Thread writer;

    /**
     * Made by the connection's reader thread, which may then wait for room when it queues a line (see {@link #send}).
     *
     * @param onFailure told why when a write fails (the connection is broken), from the writer thread
     */
    SocketWriter(Socket socket, Consumer<String> onFailure) throws IOException {
        this.socket = socket;
        this.outbound = new OutboundLines(socket.getOutputStream(),
                e -> onFailure.accept("write failed: " + e.getMessage()));
    }

    /** Starts the virtual thread that writes queued lines; called once. */
    synchronized void start() {
        writer = Thread.ofVirtual().name("pulse-relay-writer").start(outbound);
    }

    /**
     * Lets the writer send what is queued, then stops it, waiting up to {@code timeout}. Used before closing
     * on purpose (e.g. after an error line), so the last line is not lost.
     */
    void finish(Duration timeout) throws InterruptedException {
        outbound.end();
        Thread running;
        synchronized (this) {
            running = writer;
        }
        if (running != null) {
            running.join(timeout);
        }
    }

    @Override
    public OutboundLines.SendResult send(String line) {
        if (Thread.currentThread() == reader) {
            // the reader answering a packet of pings can queue lines faster than the writer thread gets to run:
            // it waits for room (the relay is read no further meanwhile) rather than calling a reading relay stalled
            try {
                return outbound.sendWaiting(line, READER_WAIT);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return OutboundLines.SendResult.ENDED;
            }
        }
        return outbound.send(line);
    }

    @Override
    public void close() {
        outbound.end();
        try {
            socket.close();
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "Closing a relay connection failed", e);
        }
    }
}
