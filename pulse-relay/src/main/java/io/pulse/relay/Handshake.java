package io.pulse.relay;

import java.io.IOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;

/**
 * Opens a connection and identifies the relay, as the original {@code NewRelay} did: dial with a timeout, send
 * {@code id <id>}, require {@code ok} as the first line (anything else is {@link UnableToIdentifyException}).
 * The lines after {@code ok} ({@code beat N}, then polls) are left in the connection for the session to read.
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
        int timeoutMillis = Math.toIntExact(Math.clamp(timeout.toMillis(), 1, Integer.MAX_VALUE));
        Socket socket = new Socket();
        try {
            socket.setTcpNoDelay(true);
            socket.connect(server.resolve(), timeoutMillis);
            LineConnection connection = new LineConnection(socket, MAX_LINE_BYTES);
            connection.write(Protocol.idLine(id));
            connection.readTimeout(timeout);
            String first;
            try {
                first = connection.readLine();
            } catch (SocketTimeoutException e) {
                throw new UnableToIdentifyException(null, "no answer to 'id' within " + timeout, e);
            }
            if (first == null) {
                throw new UnableToIdentifyException(null, "the server closed the connection without answering", null);
            }
            if (!first.equals(Protocol.OK)) {
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
