package io.pulse.api.http;

import io.helidon.common.buffers.BufferData;
import io.helidon.common.buffers.DataReader;
import io.helidon.common.buffers.DataWriter;
import io.helidon.common.concurrency.limits.Limit;
import io.helidon.common.socket.HelidonSocket;
import io.helidon.common.socket.PeerInfo;
import io.helidon.webserver.ConnectionContext;
import io.helidon.webserver.ListenerContext;
import io.helidon.webserver.ProxyProtocolData;
import io.helidon.webserver.Router;
import io.helidon.webserver.spi.ServerConnection;
import io.helidon.webserver.spi.ServerConnectionSelector;
import io.pulse.spi.metrics.Counter;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The {@code max-connections} limit with a refusal the client can read: the HTTP/1 connection selector of the
 * listener, wrapping Helidon's own. Helidon's {@code maxTcpConnections} alone stops accepting at its limit, so
 * further clients wait in the operating system's backlog with no answer and nothing is counted.
 *
 * <p>Helidon asks the listener's only selector for a connection as soon as a socket is accepted (after the TLS
 * handshake), on the connection's own virtual thread. Up to {@code max} connections at once are admitted: they are
 * Helidon's HTTP/1 connections, served as usual, and their slot is given back when their {@code handle} returns,
 * which Helidon's connection handler does on every way a connection ends (client close, reset, idle timeout, a
 * request cut off, server stop). A connection beyond them is still an HTTP/1 connection, but one whose router is
 * {@code refusals}: whatever it asks, the answer is {@code 503} with {@code Retry-After} and {@code Connection: close}
 * ({@link TooManyConnections}); it is counted in {@code refused} and never reaches the API's routes. The listener
 * itself accepts at most {@link #REFUSAL_SLOTS} refused connections beyond {@code max} at once (Helidon's
 * {@code maxTcpConnections}); past that, new connections wait in the backlog, bounded by the operating system,
 * so nothing here grows without bound.
 *
 * <p>Thread-safe: a semaphore holds the slots, counters are atomic.
 */
final class ConnectionLimit implements ServerConnectionSelector {

    /**
     * How many refused connections may be open at once on top of {@code max}: each is answered and closed after its
     * first request (a client that sends none is closed at {@code idle-timeout}), so a few dozen absorb a burst;
     * beyond them the listener stops accepting until one ends.
     */
    static final int REFUSAL_SLOTS = 64;
    /** At most one warning per this period, however many connections are refused. */
    private static final Duration WARNING_PERIOD = Duration.ofMinutes(1);
    private static final System.Logger LOG = System.getLogger(ConnectionLimit.class.getName());

    private final ServerConnectionSelector http1;
    private final int max;
    private final Semaphore slots;
    private final Router refusals;
    private final Counter refused;
    private final AtomicLong nextWarning = new AtomicLong(System.nanoTime());
    private final AtomicLong refusedSinceWarning = new AtomicLong();

    /**
     * @param http1    Helidon's HTTP/1 selector for this listener (its listeners and limits)
     * @param max      most connections served at once
     * @param refusals the router of refused connections (it answers everything with the refusal)
     * @param refused  counts the refused connections
     */
    ConnectionLimit(ServerConnectionSelector http1, int max, Router refusals, Counter refused) {
        this.http1 = http1;
        this.max = max;
        this.slots = new Semaphore(max);
        this.refusals = refusals;
        this.refused = refused;
    }

    /** The most connections the listener may hold at once: those served and those being refused. */
    static int listenerCap(int max) {
        return max + REFUSAL_SLOTS;
    }

    /** How many connections are being served now (refused ones not included). */
    int open() {
        return max - slots.availablePermits();
    }

    @Override
    public int bytesToIdentifyConnection() {
        return http1.bytesToIdentifyConnection();
    }

    @Override
    public Support supports(BufferData request) {
        return http1.supports(request);
    }

    @Override
    public Set<String> supportedApplicationProtocols() {
        return http1.supportedApplicationProtocols();
    }

    @Override
    public ServerConnection connection(ConnectionContext ctx) {
        if (!slots.tryAcquire()) {
            refused.increment();
            warn(ctx);
            return http1.connection(new Refused(ctx, refusals));
        }
        try {
            return new Admitted(http1.connection(ctx), slots);
        } catch (RuntimeException | Error e) {
            slots.release(); // no connection to give the slot back later
            throw e;
        }
    }

    /** Warns at once when connections start being refused, then at most once per {@link #WARNING_PERIOD}. */
    private void warn(ConnectionContext ctx) {
        refusedSinceWarning.incrementAndGet();
        long now = System.nanoTime();
        long due = nextWarning.get();
        if (now - due >= 0 && nextWarning.compareAndSet(due, now + WARNING_PERIOD.toNanos())) {
            long count = refusedSinceWarning.getAndSet(0);
            LOG.log(Level.WARNING, "HTTP API at its connection limit ({0} at once, max-connections): refused {1}"
                + " connection(s) with 503 since the last warning, the latest from {2}", max, count,
                ctx.remotePeer().address());
        }
    }

    /** A served connection, which gives its slot back when it ends, however it ends. */
    private static final class Admitted implements ServerConnection {

        private final ServerConnection connection;
        private final Semaphore slots;

        Admitted(ServerConnection connection, Semaphore slots) {
            this.connection = connection;
            this.slots = slots;
        }

        @Override
        public void handle(Limit limit) throws InterruptedException {
            try {
                connection.handle(limit);
            } finally {
                slots.release();
            }
        }

        @Override
        public Duration idleTime() {
            return connection.idleTime();
        }

        @Override
        public void close(boolean interrupt) {
            connection.close(interrupt);
        }
    }

    /** A refused connection's context: the connection's own in everything but its router. */
    private record Refused(ConnectionContext ctx, Router router) implements ConnectionContext {

        @Override
        public ListenerContext listenerContext() {
            return ctx.listenerContext();
        }

        @Override
        public ExecutorService executor() {
            return ctx.executor();
        }

        @Override
        public DataWriter dataWriter() {
            return ctx.dataWriter();
        }

        @Override
        public DataReader dataReader() {
            return ctx.dataReader();
        }

        @Override
        public Optional<ProxyProtocolData> proxyProtocolData() {
            return ctx.proxyProtocolData();
        }

        @Override
        public HelidonSocket serverSocket() {
            return ctx.serverSocket();
        }

        @Override
        public PeerInfo remotePeer() {
            return ctx.remotePeer();
        }

        @Override
        public PeerInfo localPeer() {
            return ctx.localPeer();
        }

        @Override
        public boolean isSecure() {
            return ctx.isSecure();
        }

        @Override
        public String socketId() {
            return ctx.socketId();
        }

        @Override
        public String childSocketId() {
            return ctx.childSocketId();
        }
    }
}
