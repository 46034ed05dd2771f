package io.pulse.api.http;

import io.helidon.common.buffers.BufferData;
import io.helidon.http.HeaderNames;
import io.helidon.http.Headers;
import io.helidon.http.Status;
import io.helidon.webserver.ConnectionContext;
import io.helidon.webserver.http1.Http1ConnectionListener;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Makes sure a client still sending its request sees the refusal (414, 413, 431, 400) instead of a broken pipe.
 *
 * <p>Helidon answers a request it rejects before routing (request line or headers too long, announced body too
 * large, malformed request) through a direct handler ({@link TransportErrors}), always with {@code Connection: close},
 * and then closes the socket at once. Whatever the client has sent past the point Helidon stopped reading (the rest
 * of the request line, the headers, the body) is still unread then, and closing a TCP socket with unread data makes
 * the kernel send a reset: the client, typically still writing its body, gets a broken pipe or connection reset and
 * never reads the answer waiting in its buffer. Servers people trust avoid this with a lingering close (nginx's
 * {@code lingering_close}, Jetty): write the answer, then read and throw away what the client still sends, bounded in
 * time and bytes, and only then close.
 *
 * <p>Helidon 4.5 has no such setting and does not expose the socket's half-close, so this does it from its HTTP/1
 * send listener, on the connection's own (virtual) thread, which Helidon calls with the complete answer just before
 * writing it: {@link TransportErrors} marks the thread (it runs on that thread right before), the {@code headers}
 * callback confirms the answer closes the connection, and {@code data} writes the answer itself, leaves Helidon's
 * buffer empty (so nothing is sent twice), and drains the input until the client closes, {@link #maxBytes} have been
 * thrown away, it has sent nothing for {@link #maxIdle}, or {@link #maxTime} has passed (a timer closes the socket
 * then, which ends the blocked read). Helidon
 * then closes the connection as usual, with nothing left unread. Answers from routes are not touched.
 *
 * <p>Thread-safety: the per-answer state is a thread-local of the connection's thread; the timer is thread-safe.
 */
final class LingeringClose implements Http1ConnectionListener, AutoCloseable {

    private static final System.Logger LOG = System.getLogger(LingeringClose.class.getName());
    /** Set by {@link #expectRefusal()}, confirmed by the answer's headers, consumed by its data. */
    private static final ThreadLocal<Phase> PHASE = new ThreadLocal<>();

    private enum Phase { REFUSAL, CLOSING_REFUSAL }

    private final Duration maxTime;
    private final Duration maxIdle;
    private final long maxBytes;
    private final ScheduledExecutorService timer;

    /**
     * @param maxTime  the longest the input is drained after the answer is written
     * @param maxIdle  the longest the client may send nothing before the draining stops (a client waiting for the
     *                 end of the answer: without a half-close it cannot see the end before the socket closes)
     * @param maxBytes the most bytes drained; a client sending more is cut off (it has had its answer for a while)
     */
    LingeringClose(Duration maxTime, Duration maxIdle, long maxBytes) {
        this.maxTime = maxTime;
        this.maxIdle = maxIdle;
        this.maxBytes = maxBytes;
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1,
            Thread.ofPlatform().daemon().name("pulse-http-lingering-close").factory());
        executor.setRemoveOnCancelPolicy(true);
        this.timer = Executors.unconfigurableScheduledExecutorService(executor);
    }

    /** Called by the direct handler on the connection's thread: the answer about to be sent is a refusal. */
    static void expectRefusal() {
        PHASE.set(Phase.REFUSAL);
    }

    @Override
    public void status(ConnectionContext ctx, Status status) {
        // nothing: a refusal is recognised by its direct handler, not by its code
    }

    @Override
    public void headers(ConnectionContext ctx, Headers headers) {
        if (PHASE.get() == Phase.REFUSAL) {
            boolean closing = headers.contains(HeaderNames.CONNECTION)
                && headers.get(HeaderNames.CONNECTION).get().equalsIgnoreCase("close");
            if (closing) {
                PHASE.set(Phase.CLOSING_REFUSAL);
            } else {
                PHASE.remove();
            }
        }
    }

    @Override
    public void data(ConnectionContext ctx, BufferData answer) {
        if (PHASE.get() != Phase.CLOSING_REFUSAL) {
            return;
        }
        PHASE.remove();
        byte[] bytes = new byte[answer.available()];
        answer.read(bytes); // Helidon's own write of this buffer now sends nothing
        try {
            ctx.dataWriter().writeNow(BufferData.create(bytes));
        } catch (RuntimeException gone) { // Helidon's socket errors are unchecked
            return; // the client is gone already: nothing to linger for
        }
        drain(ctx);
    }

    /** Reads and throws away what the client still sends, within the bounds. */
    private void drain(ConnectionContext ctx) {
        long start = System.nanoTime();
        AtomicLong lastRead = new AtomicLong(start);
        // Checks a few times per idle period whether the client has gone quiet or the whole time is up; closing the
        // socket ends the blocked read below.
        long checkMillis = Math.max(1, maxIdle.toMillis() / 4);
        ScheduledFuture<?> watchdog = timer.scheduleWithFixedDelay(() -> {
            long now = System.nanoTime();
            if (now - lastRead.get() > maxIdle.toNanos() || now - start > maxTime.toNanos()) {
                try {
                    ctx.serverSocket().close();
                } catch (RuntimeException alreadyClosed) {
                    // nothing to do; an exception here would also stop this check from running again
                }
            }
        }, checkMillis, checkMillis, TimeUnit.MILLISECONDS);
        long drained = 0;
        try {
            BufferData sink = BufferData.create(16 * 1024);
            while (drained < maxBytes) {
                sink.clear();
                int n = ctx.serverSocket().read(sink);
                if (n <= 0) {
                    break; // the client closed (Helidon's read gives 0 or -1 then): it has read the answer
                }
                drained += n;
                lastRead.set(System.nanoTime());
            }
        } catch (RuntimeException closedOrReset) {
            // the watchdog closed the socket, or the client reset it: either way we are done
        } finally {
            watchdog.cancel(false);
        }
        long total = drained;
        LOG.log(Level.DEBUG, () -> "lingering close of " + ctx.remotePeer().address() + ": discarded " + total
            + " bytes sent after the refusal");
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
