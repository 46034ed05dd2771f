package io.pulse.api.http;

import io.helidon.http.HttpPrologue;
import io.helidon.http.Status;
import io.helidon.webserver.ConnectionContext;
import io.helidon.webserver.http1.Http1ConnectionListener;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Cuts off requests that take too long between their request line and the start of their answer: clients that
 * trickle their headers or body (slowloris), or answers stuck behind a backend. Helidon closes idle connections and
 * connections stuck in their request line, but never one stuck in its headers; this closes the gap.
 *
 * <p>Registered as an HTTP/1 receive listener (the request line arms a deadline) and send listener (the answer's
 * status disarms it). At the deadline the connection's socket is closed, which ends the blocked read. Thread-safe:
 * deadlines live in a concurrent map keyed by connection; one daemon thread runs them.
 */
final class SlowClientGuard implements Http1ConnectionListener, AutoCloseable {

    private static final System.Logger LOG = System.getLogger(SlowClientGuard.class.getName());

    private final Duration timeout;
    private final ScheduledExecutorService timer;
    private final Map<ConnectionContext, ScheduledFuture<?>> deadlines = new ConcurrentHashMap<>();

    SlowClientGuard(Duration timeout) {
        this.timeout = timeout;
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1,
            Thread.ofPlatform().daemon().name("pulse-http-slow-client-guard").factory());
        executor.setRemoveOnCancelPolicy(true); // cancelled deadlines do not pile up
        this.timer = Executors.unconfigurableScheduledExecutorService(executor);
    }

    @Override
    public void prologue(ConnectionContext ctx, HttpPrologue prologue) {
        ScheduledFuture<?> deadline = timer.schedule(() -> cutOff(ctx), timeout.toMillis(), TimeUnit.MILLISECONDS);
        ScheduledFuture<?> previous = deadlines.put(ctx, deadline);
        if (previous != null) {
            previous.cancel(false);
        }
    }

    @Override
    public void status(ConnectionContext ctx, Status status) {
        ScheduledFuture<?> deadline = deadlines.remove(ctx);
        if (deadline != null) {
            deadline.cancel(false);
        }
    }

    private void cutOff(ConnectionContext ctx) {
        deadlines.remove(ctx);
        LOG.log(Level.DEBUG, () -> "closing connection from " + ctx.remotePeer().address()
            + ": request not received and answered within " + timeout);
        ctx.serverSocket().close();
    }

    @Override
    public void close() {
        timer.shutdownNow();
        deadlines.clear();
    }
}
