package io.pulse.kernel.relay;

import io.pulse.protocol.GracefulClose;
import io.pulse.protocol.LineReader;
import io.pulse.protocol.LineTooLongException;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One identified relay on a plain TCP connection, served by its {@link RelayLoop}: bytes read when the selector says
 * so are split into lines ({@link LineSplitter}) and acted on by the shared {@link RelaySession}; lines to the relay
 * are written straight from the loop, without blocking.
 *
 * <p><b>Output.</b> {@link #send} queues a line from any thread and asks the loop to flush (from the loop itself,
 * e.g. a poll from the loop's wheel or a {@code pong}, the flush comes at the end of the loop's round, without a
 * wake-up). A flush writes as much as the socket takes; the rest is kept and the loop waits until the socket is
 * writable again. As with {@link OutboundLines}, a relay with {@value OutboundLines#CAPACITY} lines pending is not
 * reading, and {@link ConnectedRelay#send} drops it as stalled; lines that pile up on the loop thread within one
 * round (answers to many {@code ping}s read at once) are written first, so only lines the socket refused count.
 *
 * <p><b>End.</b> The relay closing, a read or write error, {@link #close} (replaced, stalled, silent, shutdown):
 * the loop closes the channel and the session leaves the registry. After a line over the limit the error line is
 * written and the closing handed to a virtual thread ({@link GracefulClose} blocks, for up to a second).
 *
 * <p>Thread-safety: {@link #send} and {@link #close} from any thread; everything else on the loop thread only.
 */
final class LoopConnection implements RelayOutput {

    private static final System.Logger LOG = System.getLogger(LoopConnection.class.getName());

    private final RelayLoop loop;
    private final SocketChannel channel;
    private final String remoteAddress;
    private final LineSplitter lines;
    private final Runnable onEnd;
    private final LineSplitter.LineHandler handler = this::onLine;

    private final ConcurrentLinkedQueue<String> queued = new ConcurrentLinkedQueue<>();
    private final AtomicInteger pending = new AtomicInteger();
    private final AtomicBoolean flushRequested = new AtomicBoolean();
    private volatile boolean outputEnded;

    // loop thread only (set before the connection is handed to its loop)
    private RelaySession session;
    private byte[] readAhead;
    private SelectionKey key;
    private ByteBuffer unwritten;
    private long lastInputNanos;
    private boolean ended;

    /**
     * @param readAhead what the relay sent right behind its {@code id} line, read during the handshake
     * @param onEnd     run once when the connection is closed
     */
    LoopConnection(RelayLoop loop, SocketChannel channel, String remoteAddress, int maxLineLength, byte[] readAhead,
                   Runnable onEnd) {
        this.loop = loop;
        this.channel = channel;
        this.remoteAddress = remoteAddress;
        this.lines = new LineSplitter(maxLineLength);
        this.readAhead = readAhead;
        this.onEnd = onEnd;
    }

    /** The session acting on its lines; set once, before the connection is handed to its loop. */
    void attach(RelaySession session) {
        this.session = session;
    }

    @Override
    public OutboundLines.SendResult send(String line) {
        if (outputEnded) {
            return OutboundLines.SendResult.ENDED;
        }
        if (pending.get() >= OutboundLines.CAPACITY) {
            OutboundLines.SendResult full = loop.isLoopThread() ? flushNow() : OutboundLines.SendResult.FULL;
            if (full != null) {
                return full;
            }
        }
        pending.incrementAndGet();
        queued.add(line);
        if (flushRequested.compareAndSet(false, true)) {
            loop.flushSoon(this);
        }
        return OutboundLines.SendResult.QUEUED;
    }

    /**
     * On the loop thread, with {@value OutboundLines#CAPACITY} lines queued: writes them now rather than at the end
     * of the round. Lines queued during a round are written at its end, so a relay that sent many {@code ping}s in
     * one packet would otherwise look stalled while it reads; only lines the socket refuses (it is full: the relay
     * is not reading) count against it.
     *
     * @return null when the socket took the lines, else why this line cannot be queued
     */
    private OutboundLines.SendResult flushNow() {
        flush();
        if (ended || outputEnded) {
            return OutboundLines.SendResult.ENDED;  // the write failed: the connection is gone, not stalled
        }
        return pending.get() >= OutboundLines.CAPACITY ? OutboundLines.SendResult.FULL : null;
    }

    @Override
    public void close() {
        outputEnded = true;
        loop.execute(() -> end("closed by the server"));
    }

    /** Joins the loop's selector (loop thread), then acts on what arrived during the handshake. */
    void register(Selector selector, long nowNanos) {
        try {
            key = channel.register(selector, SelectionKey.OP_READ, this);
        } catch (IOException | RuntimeException e) {
            end("could not join the event loop: " + e);
            return;
        }
        lastInputNanos = nowNanos;
        byte[] early = readAhead;
        readAhead = null;
        if (early.length > 0) {
            received(early, 0, early.length);
        }
        flush();
    }

    /** The selector says the channel is readable or writable (loop thread). */
    void onReady(byte[] readBuffer, ByteBuffer readView, long nowNanos) {
        if (ended) {
            return;
        }
        if (key.isWritable()) {
            flush();
        }
        if (!ended && key.isReadable()) {
            read(readBuffer, readView, nowNanos);
        }
    }

    private void read(byte[] buffer, ByteBuffer view, long nowNanos) {
        int n;
        try {
            view.clear();
            n = channel.read(view);
        } catch (IOException e) {
            end(String.valueOf(e));
            return;
        }
        if (n < 0) {
            LOG.log(System.Logger.Level.DEBUG, "Relay {0} disconnected", session.relay().id());
            end("disconnected");
            return;
        }
        lastInputNanos = nowNanos;
        received(buffer, 0, n);
    }

    private void received(byte[] bytes, int from, int to) {
        try {
            if (!lines.feed(bytes, from, to, handler)) {
                end("the relay said close");  // nothing more when a limit closed it already (ended)
            }
        } catch (LineTooLongException e) {
            session.lineTooLong(remoteAddress);
            closeAfterError(e.errorLine());
        }
    }

    private boolean onLine(byte[] bytes, int from, int to) {
        if (ended) {
            return false;  // a write for an earlier line of this read failed: nothing more is acted on
        }
        try {
            return session.onLine(bytes, from, to);
        } catch (RelayLimitExceeded e) {
            // counted and logged by the limiter; like an overlong line: leave, tell the relay, close gently
            closeAfterError(e.errorLine());
            return false;  // the rest of what was read is not acted on
        }
    }

    /** Writes what is queued, as far as the socket takes it (loop thread). */
    void flush() {
        flushRequested.set(false);
        if (ended || key == null) {
            return;  // not joined yet: register() flushes
        }
        try {
            while (true) {
                if (unwritten != null) {
                    channel.write(unwritten);
                    if (unwritten.hasRemaining()) {
                        key.interestOps(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
                        return;
                    }
                    unwritten = null;
                }
                ByteBuffer out = loop.writeBuffer();
                out.clear();
                String line;
                while ((line = queued.peek()) != null) {
                    if (!putLine(out, line)) {
                        if (out.position() == 0) {
                            unwritten = ByteBuffer.wrap(encode(line));  // longer than the whole buffer: on its own
                            take();
                        }
                        break;
                    }
                    take();
                }
                if (out.position() == 0 && unwritten == null) {
                    key.interestOps(SelectionKey.OP_READ);
                    return;
                }
                if (out.position() > 0) {
                    out.flip();
                    channel.write(out);
                    if (out.hasRemaining()) {
                        ByteBuffer rest = ByteBuffer.allocate(out.remaining());
                        rest.put(out).flip();
                        unwritten = rest;
                    }
                }
            }
        } catch (IOException e) {
            session.relay().close("write failed: " + e.getMessage());
            end("write failed: " + e.getMessage());
        }
    }

    /**
     * Puts the line and its terminator into the buffer if they fit; the lines are ASCII in practice (polls are the
     * bulk), which are copied without an intermediate byte array.
     */
    private static boolean putLine(ByteBuffer out, String line) {
        if (line.length() + 1 > out.remaining()) {
            return false;  // (UTF-8 never takes fewer bytes than chars)
        }
        int start = out.position();
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c >= 0x80) {
                out.position(start);
                byte[] bytes = encode(line);
                if (bytes.length > out.remaining()) {
                    return false;
                }
                out.put(bytes);
                return true;
            }
            out.put((byte) c);
        }
        out.put((byte) LineReader.TERMINATOR);
        return true;
    }

    private static byte[] encode(String line) {
        return (line + LineReader.TERMINATOR).getBytes(StandardCharsets.UTF_8);
    }

    private void take() {
        queued.poll();
        pending.decrementAndGet();
    }

    /** Drops the relay when it sent nothing at all for that long (loop thread). */
    void checkSilence(long nowNanos, long silenceNanos) {
        if (!ended && nowNanos - lastInputNanos > silenceNanos) {
            session.silent(remoteAddress);
            end("silent");
        }
    }

    /**
     * After a line over the limit: leaves the registry, writes the error line (what the socket takes now: a relay
     * that sends endless lines may well not read), then hands the gentle close to a virtual thread.
     */
    private void closeAfterError(String errorLine) {
        session.leave();
        queued.add(errorLine);
        pending.incrementAndGet();
        outputEnded = true;
        flush();
        if (ended) {
            return;
        }
        ended = true;
        key.cancel();
        loop.afterDeregistration(() -> Thread.ofVirtual().name("pulse-relay-closer").start(() -> {
            try {
                channel.configureBlocking(true);
                GracefulClose.shutdownAndDrain(channel.socket());
            } catch (IOException e) {
                LOG.log(System.Logger.Level.DEBUG, "Could not close relay " + session.relay().id() + " gently", e);
            } finally {
                finish();
            }
        }));
    }

    /** Closes the connection and leaves the registry (loop thread); idempotent. */
    void end(String why) {
        if (ended) {
            return;
        }
        ended = true;
        if (key != null) {
            key.cancel();
        }
        LOG.log(System.Logger.Level.DEBUG, "Connection {0} from {1} ended: {2}",
                session.relay().id(), remoteAddress, session.relay().closeReason() != null
                        ? session.relay().closeReason() : why);
        finish();
    }

    private void finish() {
        outputEnded = true;
        queued.clear();
        session.leave();
        session.relay().close("connection ended");
        try {
            channel.close();
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "Closing the connection from " + remoteAddress + " failed", e);
        }
        onEnd.run();
    }
}
