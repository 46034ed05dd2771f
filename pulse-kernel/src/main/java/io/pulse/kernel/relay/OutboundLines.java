package io.pulse.kernel.relay;

import io.pulse.protocol.LineReader;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * The lines waiting to be written to one relay, and the virtual thread that writes them.
 *
 * <p>Why a writer thread per connection: whoever sends a line (the poller, an override, the connection's own reader
 * answering {@code ping}) only enqueues it and returns at once, so a relay that stopped reading its socket (a full
 * TCP send buffer blocks the write) can never stall polls of other relays. Lines are written in FIFO order, which
 * keeps {@code ok}, {@code beat N}, {@code pong} in the order the protocol needs; lines queued together are written
 * with one system call.
 *
 * <p>The queue is bounded ({@value #CAPACITY} lines): a relay that lets that many lines pile up is not reading, and
 * {@link #send} reports it so the caller can drop the connection.
 *
 * <p>Thread-safe: {@link #send} from any thread; {@link #run} on the writer thread only.
 */
final class OutboundLines implements Runnable {

    /** Lines a relay may have pending before it is considered stalled. */
    static final int CAPACITY = 64;

    /** Lines written per system call at most. */
    private static final int MAX_LINES_PER_WRITE = 32;

    /** Marks the end of output: everything queued before it is written, then the writer stops. */
    private static final String END = new String("end-of-output");

    /** What to do when writing fails (the connection is broken). */
    interface FailureHandler {
        void writeFailed(IOException e);
    }

    private final LinkedBlockingQueue<String> queue = new LinkedBlockingQueue<>(CAPACITY + 1);
    private final OutputStream out;
    private final FailureHandler onFailure;
    private volatile boolean ended;

    OutboundLines(OutputStream out, FailureHandler onFailure) {
        this.out = out;
        this.onFailure = onFailure;
    }

    /** The outcome of {@link #send}. */
    enum SendResult { QUEUED, FULL, ENDED }

    /**
     * Queues one line (without its terminator); never blocks.
     *
     * @return {@link SendResult#FULL} when the relay has {@value #CAPACITY} lines pending (it is not reading),
     *         {@link SendResult#ENDED} after {@link #end}
     */
    SendResult send(String line) {
        if (ended) {
            return SendResult.ENDED;
        }
        // Capacity + 1 leaves room for the END marker, so end() never fails on a full queue.
        if (queue.size() >= CAPACITY) {
            return SendResult.FULL;
        }
        return queue.offer(line) ? SendResult.QUEUED : SendResult.FULL;
    }

    /**
     * As {@link #send}, but when {@value #CAPACITY} lines are pending waits up to {@code maxWait} for the writer to
     * make room (looking every millisecond). For the connection's own reader only: lines that pile up while it
     * answers a packet of {@code ping}s are not a sign of a relay that stopped reading, and a reader that waits just
     * stops reading that relay for a moment. A relay that does not read leaves the queue full, and is reported
     * {@link SendResult#FULL} after {@code maxWait}.
     */
    SendResult sendWaiting(String line, Duration maxWait) throws InterruptedException {
        long deadline = System.nanoTime() + maxWait.toNanos();
        SendResult result;
        while ((result = send(line)) == SendResult.FULL && System.nanoTime() - deadline < 0) {
            Thread.sleep(1);
        }
        return result;
    }

    /** No more lines: the writer writes what is queued, then stops. Idempotent. */
    void end() {
        if (!ended) {
            ended = true;
            // Racing senders can take the slot kept for END; then the oldest pending lines make room (the relay
            // is not reading anyway), because a writer left waiting for END would never finish.
            while (!queue.offer(END)) {
                queue.poll();
            }
        }
    }

    @Override
    public void run() {
        StringBuilder text = new StringBuilder(64);
        try {
            while (true) {
                String line = queue.take();
                if (line == END) {
                    return;
                }
                text.setLength(0);
                text.append(line).append(LineReader.TERMINATOR);
                boolean endSeen = false;
                for (int i = 1; i < MAX_LINES_PER_WRITE; i++) {
                    String next = queue.poll();
                    if (next == null) {
                        break;
                    }
                    if (next == END) {
                        endSeen = true;
                        break;
                    }
                    text.append(next).append(LineReader.TERMINATOR);
                }
                out.write(text.toString().getBytes(StandardCharsets.UTF_8));
                out.flush();
                if (endSeen) {
                    return;
                }
            }
        } catch (IOException e) {
            ended = true;
            queue.clear();
            onFailure.writeFailed(e);
        } catch (InterruptedException e) {
            ended = true;
            Thread.currentThread().interrupt();
        }
    }
}
