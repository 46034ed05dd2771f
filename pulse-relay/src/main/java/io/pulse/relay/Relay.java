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

    private final ServerAddress server;
    private final String id;
    private final Duration connectTimeout;
    private final Duration collectTimeout;
    private final Backoff backoff;
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
    /** How long the last lost session had been up. Guarded by lock. */
    private Duration lastSessionAge = Duration.ZERO;
    /** Set once by {@link #close()}. Guarded by lock. */
    private boolean closed;
    private volatile Duration beat = DEFAULT_BEAT;
    private volatile Thread reconnector;

    private Relay(Builder options) {
        this.server = options.server;
        this.id = options.id;
        this.connectTimeout = options.connectTimeout;
        this.collectTimeout = options.collectTimeout;
        this.backoff = new Backoff(options.backoffInitial, options.backoffMax, options.jitter, options.random);
        this.overrides = new Overrides(options.clock);
        this.channel = options.channel;
    }

    /**
     * Connects with the default options, like the original {@code NewRelay(address, id)}.
     *
     * @param serverAddress {@code host:port} of the server's relay listener (e.g. {@code 127.0.0.1:3000})
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
        return new Builder(serverAddress, id);
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
        return "Relay[id=" + id + ", server=" + server + ", connected=" + isConnected() + "]";
    }

    /** First connection: synchronous, so that the caller learns at once if the server is wrong. */
    private Relay start() throws IOException {
        LineConnection connection = Handshake.identify(server, id, connectTimeout, channel);
        lock.lock();
        try {
            attachLocked(connection);
        } catch (IOException e) {
            connection.close();
            throw e;
        } finally {
            lock.unlock();
        }
        reconnector = Thread.ofVirtual().name("pulse-relay-reconnect").start(this::reconnectLoop);
        LOG.log(Level.INFO, "relay \"" + id + "\" connected to " + server);
        return this;
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

    /** Waits for the session to be lost, then reconnects with backoff; repeats until the relay is closed. */
    private void reconnectLoop() {
        int failures = 0;
        try {
            while (true) {
                Duration lived;
                lock.lock();
                try {
                    while (!closed && session != null) {
                        stateChanged.await();
                    }
                    if (closed) {
                        return;
                    }
                    lived = lastSessionAge;
                } finally {
                    lock.unlock();
                }
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

    /**
     * Tries until connected or closed.
     *
     * @return the failure count to carry on with, or -1 when the relay was closed
     */
    private int reconnect(int failures) throws InterruptedException {
        int attempts = 0;
        while (true) {
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
                connection = Handshake.identify(server, id, connectTimeout, channel);
            } catch (IOException e) {
                if (Thread.interrupted()) {
                    throw new InterruptedException("closed while connecting");
                }
                failures++;
                int attempt = attempts;
                LOG.log(Level.DEBUG, () -> "reconnection attempt " + attempt + " to " + server + " failed: " + e);
                continue;
            }
            lock.lock();
            try {
                if (closed) {
                    connection.close();
                    return -1;
                }
                attachLocked(connection);
                LOG.log(Level.INFO, "relay \"" + id + "\" reconnected to " + server + " after " + attempts
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

        private final ServerAddress server;
        private final String id;
        private Duration connectTimeout = Duration.ofSeconds(10);
        private Duration collectTimeout = Duration.ofSeconds(10);
        private Duration backoffInitial = Duration.ofMillis(100);
        private Duration backoffMax = Duration.ofSeconds(30);
        private double jitter = 0.2;
        private Clock clock = Clock.systemUTC();
        private RandomGenerator random;
        private ChannelSecurity channel = ChannelSecurity.NONE;

        private Builder(String serverAddress, String id) {
            this.server = ServerAddress.parse(serverAddress);
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
