package io.pulse.kernel.relay;

import io.pulse.kernel.metrics.Metrics;
import io.pulse.kernel.relay.security.RelaySecurity;
import io.pulse.protocol.Commands;
import io.pulse.spi.frontend.PollOverride;
import io.pulse.spi.frontend.RelayInfo;
import io.pulse.spi.stats.SampleBatch;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The relay TCP server: relays dial in, identify, expose collectors, and are polled; every answer becomes a
 * {@link SampleBatch} handed to the sink (the ingestion pipeline). Wire-compatible with the original Go relay; the
 * lines are defined once, in {@code io.pulse.protocol}, and the protocol and where Pulse differs are described in
 * {@code docs/protocol.md}.
 *
 * <h2>Design</h2>
 * <ul>
 *   <li>A virtual thread per new connection runs its handshake ({@link RelayConnection}); then a plain TCP relay is
 *   served by one of a few event loops ({@link RelayLoops}: one per core, reads, writes and regular polls without a
 *   thread hand-off), a TLS relay by its own virtual thread and a writer thread ({@link SocketWriter}). Both act on
 *   lines through {@link RelaySession}; per-connection buffers are small, so ten thousand relays fit in a modest
 *   heap.</li>
 *   <li>{@link RelayRegistry}: thread-safe; a duplicate id replaces (and closes) the older connection.</li>
 *   <li>{@link PollScheduler} + {@link RelayPollPlan}: each relay is polled at a stable offset within the poll
 *   interval ({@link PollPhase}), first soon after its first {@code add}; polling only queues lines, so a dead
 *   relay delays no one.</li>
 *   <li>Heartbeat: a relay silent for twice the beat interval is dropped (the loop's check, or a socket read
 *   timeout).</li>
 *   <li>{@link OverrideBook}: poll overrides, sent to every relay including those that connect while one lasts.</li>
 * </ul>
 * Counters go to the {@link Metrics} given (names in {@code docs/protocol.md}).
 *
 * <p>Thread-safe. Lifecycle: construct, {@link #start()} once, {@link #close()} once (idempotent).
 */
public final class RelayServer implements RelayControl, AutoCloseable {

    private static final System.Logger LOG = System.getLogger(RelayServer.class.getName());

    /** Pending connections the OS may queue while the accept thread catches up (capped by net.core.somaxconn). */
    private static final int ACCEPT_BACKLOG = 4096;
    /** How long {@link #close()} waits for connection threads to wind down. */
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(3);

    private final RelayServerSettings settings;
    private final Clock clock;
    private final RelayMetrics metrics;
    private final RelayRegistry registry = new RelayRegistry();
    private final OverrideBook overrides = new OverrideBook();
    private final PollScheduler polls;
    private final RelayLoops loops;
    private final ConnectionContext context;
    private final RelayGate gate;
    private final Set<Socket> openSockets = ConcurrentHashMap.newKeySet();

    private volatile boolean closed;
    private ServerSocket serverSocket;
    private Thread acceptThread;

    /**
     * @param settings where to listen and the protocol timings
     * @param sink     receives one batch per answer, on a relay event loop or a TLS relay's connection thread; must not
     *                 block (it queues)
     * @param metrics  where the counters go
     * @param clock    the time of samples, polls and answers, and the base of the poll slots
     */
    public RelayServer(RelayServerSettings settings, Consumer<SampleBatch> sink, Metrics metrics, Clock clock) {
        this(settings, RelaySecurity.none(), sink, metrics, clock);
    }

    /**
     * @param settings where to listen and the protocol timings
     * @param security what a relay must present before it is registered (token, allowed ids, TLS); see
     *                 {@code docs/security.md}
     * @param sink     receives one batch per answer, on a relay event loop or a TLS relay's connection thread; must not
     *                 block (it queues)
     * @param metrics  where the counters go
     * @param clock    the time of samples, polls and answers, and the base of the poll slots
     */
    public RelayServer(RelayServerSettings settings, RelaySecurity security, Consumer<SampleBatch> sink,
                       Metrics metrics, Clock clock) {
        this.gate = new RelayGate(Objects.requireNonNull(security, "security"), metrics);
        this.settings = Objects.requireNonNull(settings, "settings");
        this.clock = Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(sink, "sink");
        this.metrics = new RelayMetrics(Objects.requireNonNull(metrics, "metrics"));
        this.polls = new PollScheduler(settings.pollInterval(), clock, this.metrics);
        try {
            this.loops = new RelayLoops(RelayLoops.defaultCount(), settings.pollInterval().toMillis(),
                    settings.silenceTimeout(), clock, sink, this.metrics);
        } catch (IOException e) {
            polls.close();
            throw new UncheckedIOException("cannot open the relay event loops' selectors", e);
        }
        this.context = new ConnectionContext(settings, registry, polls, loops, overrides, this.metrics, sink, clock,
                new RelayLimiter(settings.limits(), metrics));
        metrics.gauge("relays.connected", registry::size);
        metrics.gauge("overrides.active", () -> overrides.active().size());
    }

    /**
     * Binds the listen address and starts accepting relays.
     *
     * @throws IOException when the address cannot be bound (e.g. in use); the message names the address
     */
    public synchronized void start() throws IOException {
        if (serverSocket != null) {
            throw new IllegalStateException("relay server already started");
        }
        if (closed) {
            throw new IllegalStateException("relay server is closed");
        }
        ServerSocket socket = gate.newServerSocket();
        try {
            socket.setReuseAddress(true);
            socket.bind(settings.listenAddress(), ACCEPT_BACKLOG);
        } catch (IOException e) {
            socket.close();
            throw new IOException("cannot listen for relays at " + RelayConnection.format(settings.listenAddress())
                    + ": " + e.getMessage(), e);
        }
        serverSocket = socket;
        loops.start();
        acceptThread = Thread.ofPlatform().name("pulse-relay-accept").daemon(true).start(this::acceptLoop);
        Duration poll = settings.pollInterval();
        LOG.log(System.Logger.Level.INFO, "Listening for relays at {0} (poll every {1}, beat {2} s)",
                RelayConnection.format(boundAddress()),
                poll.toMillis() % 1000 == 0 ? poll.toSeconds() + " s" : poll.toMillis() + " ms",
                settings.beatInterval().toSeconds());
        if (gate.security().enabled()) {
            LOG.log(System.Logger.Level.INFO, "Relay security: {0}", gate.security().describe());
        }
        if (gate.security().token().isPresent() && gate.security().tls().isEmpty()
                && !settings.listenAddress().getAddress().isLoopbackAddress()) {
            LOG.log(System.Logger.Level.WARNING, "The relay token travels in clear text to {0}: anyone on the path"
                    + " can read it and the samples; set --relay-tls-cert and --relay-tls-key",
                    RelayConnection.format(boundAddress()));
        }
    }

    /** The address actually bound (with the real port when the settings asked for port 0). */
    public InetSocketAddress boundAddress() {
        ServerSocket socket = serverSocket;
        if (socket == null) {
            throw new IllegalStateException("relay server not started");
        }
        return (InetSocketAddress) socket.getLocalSocketAddress();
    }

    private void acceptLoop() {
        ServerSocket listener = serverSocket;
        while (!closed) {
            Socket socket;
            try {
                socket = listener.accept();
            } catch (IOException e) {
                if (closed) {
                    return;
                }
                // e.g. too many open files: say so, and do not spin
                LOG.log(System.Logger.Level.WARNING, "Accepting a relay connection failed: " + e.getMessage());
                pause();
                continue;
            }
            metrics.connectionsAccepted.increment();
            openSockets.add(socket);
            if (closed) {
                closeQuietly(socket);
                openSockets.remove(socket);
                return;
            }
            Thread.ofVirtual().name("pulse-relay-reader").start(
                    new RelayConnection(context, gate, socket, () -> openSockets.remove(socket)));
        }
    }

    /** Connections not closed yet (identified or not); for tests that wait for a connection's end. */
    int openConnections() {
        return openSockets.size();
    }

    @Override
    public List<RelayInfo> relays() {
        List<RelayInfo> list = new ArrayList<>(registry.size());
        for (ConnectedRelay relay : registry.all()) {
            list.add(relay.info());
        }
        list.sort(Comparator.comparing(RelayInfo::id));
        return list;
    }

    @Override
    public boolean flush(String relayId) {
        ConnectedRelay relay = registry.get(Objects.requireNonNull(relayId, "relayId"));
        if (relay == null || !relay.send(Commands.FLUSH)) {
            return false;
        }
        metrics.flushesSent.increment();
        return true;
    }

    /**
     * {@inheritDoc}
     *
     * <p>Every connected relay is sent {@code override <seconds> <c>:<interval>,...} (seconds rounded up), and so is
     * every relay that connects while the override lasts (with the seconds left). Until it ends, the named
     * collectors of every relay are also polled at their override interval, on top of the regular polls.
     *
     * @throws IllegalArgumentException also for collector names that could not be sent on the wire (empty, or
     *                                  containing {@code - : ,}, spaces or control characters) and intervals that
     *                                  are not whole seconds
     */
    @Override
    public PollOverride override(Duration duration, Map<String, Duration> collectors) {
        OverrideBook.validate(duration, collectors);
        if (closed) {
            throw new IllegalStateException("relay server is closed");
        }
        Instant started = clock.instant();
        PollOverride override = OverrideBook.describe(collectors, started, duration);
        long now = System.nanoTime();
        OverrideBook.ActiveOverride active = overrides.start(override, now + duration.toNanos());
        if (polls.once("end of override " + override, Math.max(1, duration.toMillis()),
                () -> endOverride(active)) == null) {
            overrides.end(active);
            throw new IllegalStateException("relay server is closed");
        }
        for (ConnectedRelay relay : registry.all()) {
            relay.polls().applyOverride(active, now);
        }
        metrics.overridesStarted.increment();
        LOG.log(System.Logger.Level.INFO, "Poll override for {0}: {1}", duration, override.collectors());
        return override;
    }

    private void endOverride(OverrideBook.ActiveOverride active) {
        overrides.end(active);
        for (ConnectedRelay relay : registry.all()) {
            relay.polls().endOverride(active);
        }
        LOG.log(System.Logger.Level.INFO, "Poll override ended: {0}", active.override().collectors());
    }

    @Override
    public List<PollOverride> overrides() {
        List<PollOverride> list = new ArrayList<>();
        for (OverrideBook.ActiveOverride active : overrides.active()) {
            list.add(active.override());
        }
        return list;
    }

    /** Stops accepting, closes every connection and stops polling. Returns within a few seconds; idempotent. */
    @Override
    public void close() {
        Thread accepting;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            accepting = acceptThread;
            if (serverSocket != null) {
                closeQuietly(serverSocket);
            }
        }
        try {
            if (accepting != null) {
                accepting.join(CLOSE_WAIT);
            }
            for (ConnectedRelay relay : registry.all()) {
                relay.close("server shutting down");
            }
            for (Socket socket : openSockets) {
                closeQuietly(socket);
            }
            long deadline = System.nanoTime() + CLOSE_WAIT.toNanos();
            while (!openSockets.isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            polls.close();
            loops.close(CLOSE_WAIT);
            overrides.clear();
        }
        LOG.log(System.Logger.Level.INFO, "Relay server stopped");
    }

    private static void pause() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            LOG.log(System.Logger.Level.DEBUG, "Close failed", e);
        }
    }
}
