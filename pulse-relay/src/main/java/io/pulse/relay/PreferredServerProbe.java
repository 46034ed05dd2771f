package io.pulse.relay;

import java.io.IOException;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * Decides when a relay on a lower-ranked server moves back to a better-ranked one: each probe opens a TCP connection
 * to the better servers in rank order (and closes it at once, without {@code id}, so the server registers nothing);
 * the best one that accepts is the candidate. The relay moves once the same candidate has accepted every probe for
 * the hold-down time; a failed probe, or a different candidate, starts the wait over. That hold-down is what keeps
 * a server that comes and goes from making its relays flap between servers.
 *
 * <p>Used by one thread (the relay's reconnection thread); not thread-safe.
 */
final class PreferredServerProbe {

    /** Tries to reach a server; true when it accepted a TCP connection. */
    interface Reachability {
        boolean reachable(ServerAddress server);
    }

    private final Reachability reachability;
    private final LongSupplier nanoTime;
    private ServerAddress candidate;
    private long healthySinceNanos;

    /** Probes with a plain TCP connect bounded by {@code connectTimeout}. */
    PreferredServerProbe(Duration connectTimeout) {
        this(server -> tcpConnects(server, connectTimeout), System::nanoTime);
    }

    PreferredServerProbe(Reachability reachability, LongSupplier nanoTime) {
        this.reachability = reachability;
        this.nanoTime = nanoTime;
    }

    /**
     * Probes once.
     *
     * @param better   the servers ranked above the current one, best first
     * @param holdDown how long the candidate must have been reachable
     * @return the server to move to, once its hold-down has passed
     */
    Optional<ServerAddress> probe(List<ServerAddress> better, Duration holdDown) {
        ServerAddress reachable = null;
        for (ServerAddress server : better) {
            if (reachability.reachable(server)) {
                reachable = server;
                break;
            }
        }
        long now = nanoTime.getAsLong();
        if (reachable == null) {
            candidate = null;
            return Optional.empty();
        }
        if (!reachable.equals(candidate)) {
            candidate = reachable;
            healthySinceNanos = now;
        }
        if (now - healthySinceNanos >= holdDown.toNanos()) {
            candidate = null;
            return Optional.of(reachable);
        }
        return Optional.empty();
    }

    /** Forgets the candidate (the relay lost its connection, so the next probe starts from scratch). */
    void reset() {
        candidate = null;
    }

    private static boolean tcpConnects(ServerAddress server, Duration timeout) {
        try (Socket socket = new Socket()) {
            // a self-connection is no server: counting it as one would move the relay to a dead address
            Dial.connect(socket, server.resolve(), (int) Math.min(Integer.MAX_VALUE, timeout.toMillis()));
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
