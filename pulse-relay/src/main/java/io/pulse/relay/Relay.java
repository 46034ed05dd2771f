package io.pulse.relay;

import io.pulse.protocol.AddLine;
import io.pulse.protocol.CollectorNames;
import io.pulse.protocol.CommandLine;
import io.pulse.protocol.Commands;
import io.pulse.protocol.IdLine;
import io.pulse.protocol.LineReader;
import io.pulse.protocol.OverrideLine;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.DoubleSupplier;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;
import javax.net.ssl.SSLContext;

/**
 * A Pulse relay: connects to a Pulse server (or an original nanopack/pulse server), exposes collectors and answers
 * the server's polls. The Java counterpart of the original Go {@code relay} package.
 *
 * <pre>{@code
 * try (Relay relay = Relay.connect("127.0.0.1:3000", "web1")) {
 *     relay.addCollector("cpu_used", List.of("service:web1"), () -> cpu.used());          // a point
 *     relay.addCollector("disk", List.of(), () -> Map.of("disk_used", 0.5, "disk_free", 0.5)); // a set
 *     ...
 * }
 * }</pre>
 *
 * <p><b>Connection.</b> {@link #connect} dials (10 s timeout), sends {@code id} and requires {@code ok}, or fails
 * with {@link UnableToIdentifyException}. After that the relay stays connected on its own: when the connection is
 * lost (end of stream, error, or no answer within half a beat after a {@code ping}) it reconnects with exponential
 * backoff and jitter (100 ms doubling to 30 s, +-20 % by default), sends {@code id} again and one {@code add} line
 * per collector, and resumes its heartbeat. The backoff starts over once a connection has stayed up for the maximum
 * delay. {@link #close()} is final.
 *
 * <p><b>Security.</b> Against a Pulse server that secures its relay channel, {@link Builder#token(String)} sends
 * {@code auth <token>} before {@code id}, and {@link Builder#tls()} (or {@link Builder#tls(Path)} with the CA's PEM
 * file) connects over TLS, verifying the server's certificate and host name:
 * {@code Relay.builder("pulse.example.org:3000", "web1").token(secret).tls().connect()}.
 *
 * <p><b>Several servers.</b> Given several addresses ({@code "a:3000,b:3000,c:3000"} or a list), the relay ranks them
 * by rendezvous hashing of its id ({@link RendezvousRanking}: stable, even spread, only the relays of a server that
 * joins or leaves move) and connects to the first-ranked one that answers. On loss it tries the others in rank order,
 * the lost one last, with the same backoff. While on a lower-ranked server it probes the better-ranked ones (a TCP
 * connect, no {@code id}) and moves back once one has answered every probe for the hold-down time (three beats by
 * default), so a server that comes and goes does not make its relays flap. Moving means: identify on the better
 * server, then say {@code close} to the other one, so the relay is on exactly one server except for that moment.
 *
 * <p><b>Collectors.</b> Names follow the original rules ({@link ReservedNameException},
 * {@link DuplicateCollectorException}). Adding or removing a collector while disconnected is fine: the server learns
 * the current set on reconnection. See {@link Collector} for lazy and periodic collection, {@code flush} and
 * {@code override}.
 *
 * <p><b>Thread-safety.</b> All methods may be called from any thread. Registration changes and the lines that tell
 * the server about them happen under one lock, so the server's view always matches the relay's, even with many
 * threads adding and removing at once. The relay's own work runs on virtual threads.
 */
public final class Relay implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(Relay.class.getName());
    /** The original relay's heartbeat until the server says otherwise. */
    static final Duration DEFAULT_BEAT = Duration.ofSeconds(30);
    /** How long {@link #close()} waits for a server that does not read before closing the socket anyway. */
    static final Duration GOODBYE_LIMIT = Duration.ofSeconds(2);

    /** The servers, most preferred first, for this relay's id. */
    private final List<ServerAddress> ranked;
    private final String id;
    private final Duration connectTimeout;
    private final Duration collectTimeout;
    private final Backoff backoff;
    /** Fixed hold-down, or null for three beats. */
    private final Duration holdDown;
    private final Overrides overrides;
    private final ChannelSecurity channel;
    private final Session.Owner sessionOwner = new SessionOwner();

    private final ReentrantLock lock = new ReentrantLock();
    /** Signalled when the session is lost or the relay closes. */
    private final Condition stateChanged = lock.newCondition();
    /** Registered collectors in registration order. Guarded by lock. */
    private final Map<String, CollectorEntry> collectors = new LinkedHashMap<>();
    /** The live session, null while disconnected. Guarded by lock. */
    private Session session;
    /** The server of the live session or the last one; an element of {@link #ranked}. Guarded by lock. */
    private ServerAddress server;
    /** How long the last lost session had been up. Guarded by lock. */
    private Duration lastSessionAge = Duration.ZERO;
    /** Set once by {@link #close()}. Guarded by lock. */
    private boolean closed;
    private volatile Duration beat = DEFAULT_BEAT;
    private volatile Thread reconnector;

    private Relay(Builder options) {
        this.id = options.id;
        this.ranked = RendezvousRanking.rank(options.id, options.servers);
        this.server = ranked.getFirst();
        this.holdDown = options.holdDown;
        this.connectTimeout = options.connectTimeout;
        this.collectTimeout = options.collectTimeout;
        this.backoff = new Backoff(options.backoffInitial, options.backoffMax, options.jitter, options.random);
        this.overrides = new Overrides(options.clock);
        this.channel = options.channel;
    }

    /**
     * Connects with the default options, like the original {@code NewRelay(address, id)}.
     *
     * @param serverAddress {@code host:port} of the server's relay listener (e.g. {@code 127.0.0.1:3000}), or several
     *                      separated by commas
     * @param id            this relay's id (usually the host name); stats get the tag {@code host:<id>}
     * @throws UnableToIdentifyException if the server does not answer {@code ok}
     * @throws IOException               if the server cannot be reached
     * @throws IllegalArgumentException  for a malformed address or an empty id
     */
    public static Relay connect(String serverAddress, String id) throws IOException {
        return builder(serverAddress, id).connect();
    }

    /**
     * Options for a relay; finish with {@link Builder#connect()}.
     *
     * @throws IllegalArgumentException for a malformed address or an empty id
     */
    public static Builder builder(String serverAddress, String id) {
        return new Builder(ServerList.parse(serverAddress), id);
    }

    /**
     * Options for a relay that may connect to any of several servers (see "Several servers" above); finish with
     * {@link Builder#connect()}.
     *
     * @param serverAddresses {@code host:port} of each server's relay listener, in any order
     * @param id              this relay's id
     * @return the builder
     * @throws IllegalArgumentException for an empty list, a malformed or repeated address, or an empty id
     */
    public static Builder builder(List<String> serverAddresses, String id) {
        return new Builder(ServerList.of(serverAddresses), id);
    }

    /**
     * The order in which a relay with this id prefers these servers (rendezvous hashing, as the relay ranks them):
     * which server a relay will use when all are up, and where it goes when one is down.
     *
     * @param id              a relay id
     * @param serverAddresses {@code host:port} of each server, in any order
     * @return the addresses as {@code host:port}, most preferred first
     * @throws IllegalArgumentException for an empty list or a malformed or repeated address
     */
    public static List<String> rank(String id, List<String> serverAddresses) {
        Objects.requireNonNull(id, "id");
        return RendezvousRanking.rank(id, ServerList.of(serverAddresses)).stream().map(ServerAddress::toString)
                .toList();
    }

    /** This relay's id. */
    public String id() {
        return id;
    }

    /** True while a connection to the server is up. */
    public boolean isConnected() {
        lock.lock();
        try {
            return session != null;
        } finally {
            lock.unlock();
        }
    }

    /**
     * The server the relay is connected to now ({@code host:port} as given), or empty while disconnected.
     *
     * @return the server's address
     */
    public java.util.Optional<String> connectedServer() {
        lock.lock();
        try {
            return session == null ? java.util.Optional.empty() : java.util.Optional.of(server.toString());
        } finally {
            lock.unlock();
        }
    }

    /**
     * The servers in this relay's order of preference (rendezvous ranking of its id), as {@code host:port}.
     *
     * @return the ranked addresses, most preferred first
     */
    public List<String> rankedServers() {
        return ranked.stream().map(ServerAddress::toString).toList();
    }

    /**
     * Exposes a collector; sends {@code add <name>:<tags joined by ,>} (now, or on reconnection).
     *
     * @param name      collector name: not empty, no {@code -}, {@code :}, {@code ,} or line break, not
     *                  {@code _connected}
     * @param tags      tags for its stats, {@code key:value} or bare words (null means none); no {@code ,} or line
     *                  breaks inside a tag
     * @param collector where the values come from
     * @throws ReservedNameException        for a name the protocol cannot carry
     * @throws DuplicateCollectorException  if the name is registered already
     * @throws IllegalArgumentException     for an empty name or a bad tag
     * @throws IllegalStateException        after {@link #close()}
     */
    public void addCollector(String name, List<String> tags, Collector collector) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(collector, "collector");
        CollectorNames.Problem problem = CollectorNames.problem(name);
        if (problem != null) {
            throw switch (problem) {
                case EMPTY -> new IllegalArgumentException("collector name must not be empty");
                case SEPARATOR, RESERVED -> new ReservedNameException(name);
                case LINE_BREAK -> new IllegalArgumentException("collector name must not contain a line break");
            };
        }
        List<String> checkedTags = checkTags(name, tags);
        CollectorEntry entry = new CollectorEntry(name, checkedTags, collector, overrides);
        lock.lock();
        try {
            if (closed) {
                throw new IllegalStateException("the relay is closed");
            }
            if (collectors.containsKey(name)) {
                throw new DuplicateCollectorException(name);
            }
            collectors.put(name, entry);
            if (session != null) {
                session.sendLine(new AddLine(name, checkedTags).line());
            }
        } finally {
            lock.unlock();
        }
        entry.reschedule(); // periodic collectors (or an open override for this name) start collecting now
        LOG.log(Level.DEBUG, () -> "added collector \"" + name + "\" with tags " + checkedTags);
    }

    /** Adds a point collector: one value, reported under the collector's name. Same rules as above. */
    public void addCollector(String name, List<String> tags, DoubleSupplier point) {
        addCollector(name, tags, Collector.point(point));
    }

    /** Adds a set collector: named values, one stat each. Same rules as above. */
    public void addCollector(String name, List<String> tags, Supplier<? extends Map<String, Double>> set) {
        addCollector(name, tags, Collector.set(set));
    }

    /**
     * Stops exposing a collector; sends {@code remove <name>} if connected. Unknown names are ignored.
     *
     * @return true if the collector was registered
     */
    public boolean removeCollector(String name) {
        CollectorEntry entry;
        lock.lock();
        try {
            entry = collectors.remove(name);
            if (entry != null && session != null) {
                session.sendLine(removeLine(name));
            }
        } finally {
            lock.unlock();
        }
        if (entry == null) {
            return false;
        }
        entry.stop();
        LOG.log(Level.DEBUG, () -> "removed collector \"" + name + "\"");
        return true;
    }

    /** The names of the registered collectors, in registration order. */
    public List<String> collectorNames() {
        lock.lock();
        try {
            return List.copyOf(collectors.keySet());
        } finally {
            lock.unlock();
        }
    }

    /** The registered collector of that name, or null (for tests, which watch its background collection). */
    CollectorEntry entry(String name) {
        lock.lock();
        try {
            return collectors.get(name);
        } finally {
            lock.unlock();
        }
    }

    /** The thread that reconnects, null before the first connection (for tests: it ends once the relay is closed). */
    Thread reconnectorThread() {
        return reconnector;
    }

    /**
     * The current values, named as the original's {@code Info()}: {@code _connected} (1 or 0), {@code <collector>}
     * for a point collector, {@code <collector>-<name>} for each set entry. Values are gathered as for a
     * {@code get} (cached ones for periodic collectors); a collector that fails or takes longer than the collect
     * timeout is left out. Sorted by key, unmodifiable.
     */
    public Map<String, Double> info() {
        List<CollectorEntry> entries;
        boolean connected;
        lock.lock();
        try {
            entries = new ArrayList<>(collectors.values());
            connected = session != null;
        } finally {
            lock.unlock();
        }
        Map<String, Double> info = new TreeMap<>();
        info.put(CollectorNames.RESERVED, connected ? 1.0 : 0.0);
        try {
            CollectedValues.gather(entries, collectTimeout).putInfo(info);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return Collections.unmodifiableMap(info);
    }

    /**
     * Leaves for good: sends {@code remove} for each collector, then {@code close} (waiting at most 2 s for a server
     * that does not read), closes the socket and stops every relay thread. Never reconnects afterwards. Idempotent.
     */
    @Override
    public void close() {
        Session last;
        List<CollectorEntry> entries;
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            last = session;
            session = null;
            entries = new ArrayList<>(collectors.values());
            collectors.clear();
            if (last != null) {
                StringBuilder goodbye = new StringBuilder();
                entries.forEach(entry -> goodbye.append(removeLine(entry.name())).append(LineReader.TERMINATOR));
                last.sendWithin(goodbye.append(Commands.CLOSE).append(LineReader.TERMINATOR).toString(), GOODBYE_LIMIT);
            }
            stateChanged.signalAll();
        } finally {
            lock.unlock();
        }
        entries.forEach(CollectorEntry::stop);
        if (last != null) {
            last.close();
        }
        Thread reconnecting = reconnector;
        if (reconnecting != null) {
            reconnecting.interrupt(); // abandons a connection attempt in progress
        }
        LOG.log(Level.INFO, "relay \"" + id + "\" closed");
    }

    @Override
    public String toString() {
        return "Relay[id=" + id + ", servers=" + ranked + ", connected=" + connectedServer().orElse("no") + "]";
    }

    /**
     * First connection: synchronous, so that the caller learns at once if the servers are wrong. Tries the servers in
     * rank order; fails with the first-ranked server's error when none accepts the relay.
     */
    private Relay start() throws IOException {
        IOException first = null;
        for (ServerAddress candidate : ranked) {
            LineConnection connection;
            try {
                connection = Handshake.identify(candidate, id, connectTimeout, channel);
            } catch (IOException e) {
                if (first == null) {
                    first = e;
                }
                LOG.log(Level.DEBUG, () -> "relay \"" + id + "\" could not connect to " + candidate + ": " + e);
                continue;
            }
            lock.lock();
            try {
                server = candidate;
                attachLocked(connection);
            } catch (IOException e) {
                connection.close();
                throw e;
            } finally {
                lock.unlock();
            }
            reconnector = Thread.ofVirtual().name("pulse-relay-reconnect").start(this::reconnectLoop);
            LOG.log(Level.INFO, "relay \"" + id + "\" connected to " + candidate);
            return this;
        }
        throw first;
    }

    /** Announces every collector on the new connection and starts its session. Caller holds the lock. */
    private void attachLocked(LineConnection connection) throws IOException {
        StringBuilder adds = new StringBuilder();
        collectors.values().forEach(entry ->
                adds.append(new AddLine(entry.name(), entry.tags()).line()).append(LineReader.TERMINATOR));
        if (!adds.isEmpty()) {
            connection.write(adds.toString());
        }
        Session fresh = new Session(connection, sessionOwner, collectTimeout);
        session = fresh;
        fresh.start();
    }

    /**
     * Waits for the session to be lost, then reconnects with backoff; repeats until the relay is closed. While
     * connected to a server other than the first-ranked, it probes the better ones and moves back (see
     * {@link PreferredServerProbe}).
     */
    private void reconnectLoop() {
        int failures = 0;
        PreferredServerProbe probe = new PreferredServerProbe(connectTimeout);
        try {
            while (true) {
                Duration lived;
                ServerAddress current;
                lock.lock();
                try {
                    while (!closed && session != null && ranked.indexOf(server) == 0) {
                        stateChanged.await();
                    }
                    if (closed) {
                        return;
                    }
                    if (session != null) {
                        // On a lower-ranked server: wait one probe interval (or until the session ends), then probe.
                        stateChanged.awaitNanos(probeInterval().toNanos());
                        if (closed) {
                            return;
                        }
                        if (session != null) {
                            current = server;
                            lived = null;
                        } else {
                            current = null;
                            lived = lastSessionAge;
                        }
                    } else {
                        current = null;
                        lived = lastSessionAge;
                    }
                } finally {
                    lock.unlock();
                }
                if (current != null) {
                    List<ServerAddress> better = ranked.subList(0, ranked.indexOf(current));
                    probe.probe(better, holdDown()).ifPresent(target -> moveTo(target, current));
                    continue;
                }
                probe.reset();
                // A connection that stayed up long enough proves the server well: start the backoff over. One
                // that dropped quickly (a server refusing us, a duplicate id fight) counts as a failure.
                failures = lived.compareTo(backoff.max()) >= 0 ? 0 : failures + 1;
                failures = reconnect(failures);
                if (failures < 0) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            // close() interrupts us
        }
    }

    /** The hold-down: as configured, or three of the current beats. */
    private Duration holdDown() {
        return holdDown != null ? holdDown : beat.multipliedBy(3);
    }

    /** How often the better-ranked servers are probed: a third of the hold-down, so that it takes a few probes. */
    private Duration probeInterval() {
        Duration interval = holdDown().dividedBy(3);
        return interval.compareTo(Session.MIN_BEAT) < 0 ? Session.MIN_BEAT : interval;
    }

    /**
     * Moves from {@code from} to the better-ranked {@code target}: identifies there first, then says {@code close}
     * to the old server. If the target refuses, the relay simply stays where it is.
     */
    private void moveTo(ServerAddress target, ServerAddress from) {
        LineConnection connection;
        try {
            connection = Handshake.identify(target, id, connectTimeout, channel);
        } catch (IOException e) {
            LOG.log(Level.DEBUG, () -> "relay \"" + id + "\" could not move back to " + target + ": " + e);
            return;
        }
        Session old;
        lock.lock();
        try {
            if (closed || session == null || server != from) {
                connection.close(); // closed or lost meanwhile: the loop takes over
                return;
            }
            old = session;
            try {
                server = target;
                attachLocked(connection); // the old session is no longer current: its end starts no reconnection
            } catch (IOException e) {
                server = from;
                session = old;
                connection.close();
                return;
            }
        } finally {
            lock.unlock();
        }
        old.sendWithin(Commands.CLOSE + LineReader.TERMINATOR, GOODBYE_LIMIT);
        old.close();
        LOG.log(Level.INFO, "relay \"" + id + "\" moved back from " + from + " to " + target + ", its better-ranked"
                + " server, after it was reachable for the hold-down of " + holdDown());
    }

    /**
     * Tries until connected or closed: the servers in rank order, the one just lost last, one attempt per backoff
     * delay.
     *
     * @return the failure count to carry on with, or -1 when the relay was closed
     */
    private int reconnect(int failures) throws InterruptedException {
        List<ServerAddress> order;
        lock.lock();
        try {
            order = new ArrayList<>(ranked);
            if (order.size() > 1) {
                order.remove(server);
                order.add(server);
            }
        } finally {
            lock.unlock();
        }
        int attempts = 0;
        while (true) {
            ServerAddress target = order.get(attempts % order.size());
            Duration delay = backoff.delay(failures);
            lock.lock();
            try {
                long left = delay.toNanos();
                while (!closed && left > 0) {
                    left = stateChanged.awaitNanos(left);
                }
                if (closed) {
                    return -1;
                }
            } finally {
                lock.unlock();
            }
            attempts++;
            LineConnection connection;
            try {
                connection = Handshake.identify(target, id, connectTimeout, channel);
            } catch (IOException e) {
                if (Thread.interrupted()) {
                    throw new InterruptedException("closed while connecting");
                }
                failures++;
                int attempt = attempts;
                LOG.log(Level.DEBUG, () -> "reconnection attempt " + attempt + " to " + target + " failed: " + e);
                continue;
            }
            lock.lock();
            try {
                if (closed) {
                    connection.close();
                    return -1;
                }
                server = target;
                attachLocked(connection);
                LOG.log(Level.INFO, "relay \"" + id + "\" reconnected to " + target + " after " + attempts
                        + " attempt(s)");
                return failures;
            } catch (IOException e) {
                connection.close();
                failures++;
            } finally {
                lock.unlock();
            }
        }
    }

    /** {@code remove <name>}, without its terminator. */
    private static String removeLine(String name) {
        return CommandLine.of(Commands.REMOVE, name).text();
    }

    private static List<String> checkTags(String collector, List<String> tags) {
        if (tags == null) {
            return List.of();
        }
        List<String> checked = new ArrayList<>(tags.size());
        for (String tag : tags) {
            if (tag == null) {
                throw new IllegalArgumentException("collector \"" + collector + "\" has a null tag");
            }
            if (!AddLine.isValidTag(tag)) {
                throw new IllegalArgumentException("collector \"" + collector + "\" has the tag \"" + tag
                        + "\": a tag cannot contain , or a line break (the server splits tags on ,)");
            }
            checked.add(tag);
        }
        return List.copyOf(checked);
    }

    /** How sessions reach the relay; a separate object so these methods stay out of the public API. */
    private final class SessionOwner implements Session.Owner {

        @Override
        public List<CollectorEntry> entries(Collection<String> names) {
            lock.lock();
            try {
                List<CollectorEntry> found = new ArrayList<>(names.size());
                for (String name : names) {
                    CollectorEntry entry = collectors.get(name);
                    if (entry != null) {
                        found.add(entry);
                    }
                }
                return found;
            } finally {
                lock.unlock();
            }
        }

        @Override
        public void flush() {
            List<CollectorEntry> entries;
            lock.lock();
            try {
                entries = new ArrayList<>(collectors.values());
            } finally {
                lock.unlock();
            }
            entries.forEach(CollectorEntry::flush);
            LOG.log(Level.DEBUG, "flushed cached values on the server's request");
        }

        @Override
        public void override(OverrideLine command) {
            overrides.apply(command);
            entries(command.intervals().keySet()).forEach(CollectorEntry::reschedule);
            LOG.log(Level.INFO, () -> "override for " + command.duration() + ": " + command.intervals());
        }

        @Override
        public Duration beat() {
            return beat;
        }

        @Override
        public void beat(Duration newBeat) {
            beat = newBeat;
        }

        @Override
        public void ended(Session ended, String reason) {
            lock.lock();
            try {
                if (session != ended) {
                    return;
                }
                session = null;
                lastSessionAge = ended.age();
                stateChanged.signalAll();
                if (!closed) {
                    LOG.log(Level.WARNING, "relay \"" + id + "\" lost its connection to " + server + " (" + reason
                            + "); reconnecting");
                }
            } finally {
                lock.unlock();
            }
        }
    }

    /**
     * Options for a {@link Relay}. Not thread-safe; use it from one thread, then call {@link #connect()}.
     */
    public static final class Builder {

        private final List<ServerAddress> servers;
        private final String id;
        private Duration holdDown;
        private Duration connectTimeout = Duration.ofSeconds(10);
        private Duration collectTimeout = Duration.ofSeconds(10);
        private Duration backoffInitial = Duration.ofMillis(100);
        private Duration backoffMax = Duration.ofSeconds(30);
        private double jitter = 0.2;
        private Clock clock = Clock.systemUTC();
        private RandomGenerator random;
        private ChannelSecurity channel = ChannelSecurity.NONE;

        private Builder(List<ServerAddress> servers, String id) {
            this.servers = servers;
            Objects.requireNonNull(id, "id");
            this.id = new IdLine(id).id(); // the protocol's rule: not empty, no line break
        }

        /** Bounds the TCP connect and the wait for {@code ok} after {@code id}. Default 10 s, as the original. */
        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = positive(timeout, "connect timeout");
            return this;
        }

        /**
         * How long a {@code get} (or {@link Relay#info()}) waits for slow collectors before answering without
         * them. Default 10 s.
         */
        public Builder collectTimeout(Duration timeout) {
            this.collectTimeout = positive(timeout, "collect timeout");
            return this;
        }

        /**
         * Reconnection delays: {@code initial} after the first failure, doubling up to {@code max}. Defaults 100 ms
         * and 30 s.
         */
        public Builder backoff(Duration initial, Duration max) {
            this.backoffInitial = positive(initial, "backoff initial delay");
            this.backoffMax = positive(max, "backoff maximum");
            if (max.compareTo(initial) < 0) {
                throw new IllegalArgumentException("backoff maximum " + max + " is below the initial delay " + initial);
            }
            return this;
        }

        /** Random spread of each reconnection delay, as a fraction in {@code [0, 1)}. Default 0.2 (+-20 %). */
        public Builder jitter(double fraction) {
            if (!(fraction >= 0 && fraction < 1)) {
                throw new IllegalArgumentException("jitter must be in [0, 1): " + fraction);
            }
            this.jitter = fraction;
            return this;
        }

        /**
         * With several servers: how long a better-ranked server must have answered every probe before the relay
         * moves back to it. Default: three beats (the server's {@code beat}, 30 s until it sends one).
         */
        public Builder holdDown(Duration holdDown) {
            this.holdDown = positive(holdDown, "hold-down");
            return this;
        }

        /** The clock override windows are timed with. Default: the system clock. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * The relay token of a Pulse server started with {@code --relay-token}: the relay sends
         * {@code auth <token>} and needs {@code ok} before it sends {@code id}. Default: none (the original
         * protocol). An original server, or a Pulse server without a token, refuses {@code auth}.
         *
         * @param token the shared secret: not empty, no line break
         * @return this builder
         */
        public Builder token(String token) {
            Objects.requireNonNull(token, "token");
            this.channel = channel.withToken(token);
            return this;
        }

        /**
         * Connects over TLS (1.2 or 1.3), verifying the server's certificate against the system's trusted CAs (the
         * JDK's default trust store) and checking that it names the server's host. Default: plain TCP.
         *
         * @return this builder
         */
        public Builder tls() {
            this.channel = channel.withTls(ChannelSecurity.systemTrust());
            return this;
        }

        /**
         * Connects over TLS (1.2 or 1.3), trusting exactly the certificates in a PEM file - the CA that signed the
         * server's certificate, or a self-signed server certificate itself - and checking that the certificate
         * names the server's host.
         *
         * @param trustedCertificates a PEM file of one or more {@code BEGIN CERTIFICATE} blocks
         * @return this builder
         * @throws IOException when the file cannot be read or holds no certificate
         */
        public Builder tls(Path trustedCertificates) throws IOException {
            Objects.requireNonNull(trustedCertificates, "trustedCertificates");
            this.channel = channel.withTls(ChannelSecurity.trusting(trustedCertificates));
            return this;
        }

        /**
         * Connects over TLS with a context of the embedder's own (its trust managers decide which servers are
         * trusted; client certificates, if it has key managers, are presented). The server's host name is still
         * checked, and only TLS 1.2 and 1.3 are offered.
         *
         * @param context an initialised TLS context
         * @return this builder
         */
        public Builder tls(SSLContext context) {
            this.channel = channel.withTls(Objects.requireNonNull(context, "context"));
            return this;
        }

        /** Source of the jitter (tests make it predictable). */
        Builder random(RandomGenerator random) {
            this.random = random;
            return this;
        }

        /**
         * Connects and identifies; from then on the relay reconnects by itself until closed.
         *
         * @throws UnableToIdentifyException if the server does not answer {@code ok}
         * @throws IOException               if the server cannot be reached
         */
        public Relay connect() throws IOException {
            return new Relay(this).start();
        }

        private static Duration positive(Duration value, String what) {
            Objects.requireNonNull(value, what);
            if (value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException(what + " must be positive: " + value);
            }
            return value;
        }
    }
}
