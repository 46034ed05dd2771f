package io.pulse.kernel.relay;

import io.pulse.kernel.metrics.Metrics;
import io.pulse.kernel.relay.security.RelaySecurity;
import io.pulse.protocol.AuthLine;
import io.pulse.protocol.CommandLine;
import io.pulse.protocol.ErrorLines;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.channels.ServerSocketChannel;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.concurrent.atomic.LongAdder;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;

/**
 * Enforces the {@link RelaySecurity} on each connection, on the connection's own thread, before the relay is
 * registered: the TLS handshake, the {@code auth <token>} line, the id allow-list. Every refusal is counted
 * ({@code relays.tls_refused}, {@code relays.auth_refused}, {@code relays.id_refused}; also in
 * {@code relays.rejected}) and logged through a {@link RefusalLog}. With nothing demanded every check passes without
 * touching the connection, so the original protocol is unchanged. Thread-safe: immutable but for the counters.
 */
final class RelayGate {

    private static final System.Logger LOG = System.getLogger(RelayGate.class.getName());

    private final RelaySecurity security;
    private final LongAdder tlsRefused;
    private final LongAdder authRefused;
    private final LongAdder idRefused;
    private final RefusalLog refusals = new RefusalLog(LOG);

    RelayGate(RelaySecurity security, Metrics metrics) {
        this.security = security;
        this.tlsRefused = metrics.counter("relays.tls_refused");
        this.authRefused = metrics.counter("relays.auth_refused");
        this.idRefused = metrics.counter("relays.id_refused");
    }

    RelaySecurity security() {
        return security;
    }

    /**
     * The unbound listening socket: TLS when configured, else plain TCP from a channel, so that the connections it
     * accepts can be handed to an event loop after their handshake ({@link RelayLoop}).
     */
    ServerSocket newServerSocket() throws IOException {
        return security.tls().isPresent() ? security.tls().get().newServerSocket() : ServerSocketChannel.open().socket();
    }

    /**
     * Runs the TLS handshake now (under the socket's read timeout), so that a peer that does not speak TLS is told
     * apart from one that merely disconnects. Returns false when refused; the caller closes the socket.
     *
     * @throws SocketTimeoutException when the peer says nothing within the read timeout
     */
    boolean handshake(Socket socket, String remoteAddress) throws SocketTimeoutException {
        if (!(socket instanceof SSLSocket tls)) {
            return true;
        }
        try {
            tls.startHandshake();
            return true;
        } catch (SocketTimeoutException e) {
            throw e;
        } catch (SSLException e) {
            tlsRefused.increment();
            refusals.refused("Refused a connection from " + remoteAddress + " on the TLS relay listener: "
                + e.getMessage() + " (a relay without TLS? give it --tls)");
            return false;
        } catch (IOException e) {
            tlsRefused.increment();
            LOG.log(System.Logger.Level.DEBUG, "TLS handshake with {0} failed: {1}", remoteAddress, e.toString());
            return false;
        }
    }

    /** Whether the first line must be {@code auth <token>}. */
    boolean requiresToken() {
        return security.token().isPresent();
    }

    /**
     * Checks a connection's first line when a token is required: null when it is {@code auth} with the right
     * token, else the error line to send before closing (counted and logged here).
     */
    String authRefusal(String first, String remoteAddress) {
        String presented = AuthLine.presented(CommandLine.split(first));
        if (presented != null && security.token().orElseThrow().matches(presented)) {
            return null;
        }
        authRefused.increment();
        String refusal = presented == null ? ErrorLines.AUTHENTICATE_FIRST : ErrorLines.INVALID_TOKEN;
        refusals.refused("Refused a relay from " + remoteAddress + ": " + refusal);
        return refusal;
    }

    /** Null when {@code id} may register, else the error line to send before closing (counted and logged here). */
    String idRefusal(String id, String remoteAddress) {
        if (security.allowList().allows(id)) {
            return null;
        }
        idRefused.increment();
        refusals.refused("Refused relay " + id + " from " + remoteAddress + ": its id is not in the allow-list "
            + security.allowList());
        return ErrorLines.ID_NOT_ALLOWED;
    }
}
