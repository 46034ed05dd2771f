package io.pulse.relay;

import io.pulse.protocol.Commands;
import io.pulse.protocol.IdLine;
import io.pulse.protocol.LineTooLongException;

import java.io.IOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;

/**
 * Opens a connection and identifies the relay, as the original {@code NewRelay} did: dial with a timeout, send
 * {@code id <id>}, require {@code ok} as the first line (anything else is {@link UnableToIdentifyException}; a
 * first line over the limit gets the protocol's error line before the connection is closed).
 * The lines after {@code ok} ({@code beat N}, then polls) are left in the connection for the session to read.
 * A server that secures its relay channel gets TLS and {@code auth <token>} first ({@link ChannelSecurity}).
 */
final class Handshake {

    /** Longest line accepted from the server; {@code get} names every collector, so leave room. */
    static final int MAX_LINE_BYTES = 1 << 20;

    private Handshake() {
    }

    /**
     * @param timeout bounds both the TCP connect and the wait for the answer to {@code id}
     * @return the identified connection, with no read timeout
     * @throws UnableToIdentifyException if the server's first line is not {@code ok}
     * @throws IOException               if the server cannot be reached
     */
    static LineConnection identify(ServerAddress server, String id, Duration timeout) throws IOException {
        return identify(server, id, timeout, ChannelSecurity.NONE);
    }

    /**
     * As {@link #identify(ServerAddress, String, Duration)}, over TLS and/or after {@code auth <token>} as
     * {@code security} says ({@link ChannelSecurity}).
     */
    static LineConnection identify(ServerAddress server, String id, Duration timeout, ChannelSecurity security)
            throws IOException {
        int timeoutMillis = Math.toIntExact(Math.clamp(timeout.toMillis(), 1, Integer.MAX_VALUE));
        Socket socket = new Socket();
        try {
            socket.setTcpNoDelay(true);
            Dial.connect(socket, server.resolve(), timeoutMillis);
            socket = security.secure(socket, server, timeoutMillis);
            LineConnection connection = new LineConnection(socket, MAX_LINE_BYTES);
            security.authenticate(connection, timeout);
            connection.writeLine(new IdLine(id).line());
            connection.readTimeout(timeout);
            String first;
            try {
                first = connection.readLine();
            } catch (SocketTimeoutException e) {
                throw new UnableToIdentifyException(null, "no answer to 'id' within " + timeout, e);
            } catch (LineTooLongException e) {
                try {
                    connection.writeLine(e.errorLine());
                    connection.closeAfterErrorLine();
                } catch (IOException notTold) {
                    e.addSuppressed(notTold); // the server is gone anyway: the refusal is what matters
                }
                throw new UnableToIdentifyException(null, "the server's first line is longer than "
                        + e.maxLineLength() + " bytes", e);
            }
            if (first == null) {
                throw new UnableToIdentifyException(null, "the server closed the connection without answering", null);
            }
            if (!first.equals(Commands.OK)) {
                throw new UnableToIdentifyException(first, "the server answered \"" + first + "\" instead of \"ok\"",
                        null);
            }
            connection.readTimeout(Duration.ZERO);
            return connection;
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }
}
