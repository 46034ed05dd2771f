package io.pulse.relay;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;

/**
 * Opens the relay's TCP connections, refusing a TCP self-connection: dialling a loopback port nobody listens on, in
 * the ephemeral range, the kernel may pick that very port as the local one, and the SYN meets itself (simultaneous
 * open) - the connection "succeeds" to nobody, and holds the port the server is about to restart on. The same check
 * as Mist's publisher ({@code MistConnection}).
 */
final class Dial {

    private Dial() {
    }

    /**
     * Connects {@code socket} to {@code target} within {@code timeoutMillis}.
     *
     * @throws ConnectException when the connection reached itself (the socket is closed, the port let go), like a
     *                          refused connection
     * @throws IOException      when the connection fails
     */
    static void connect(Socket socket, InetSocketAddress target, int timeoutMillis) throws IOException {
        socket.connect(target, timeoutMillis);
        if (socket.getLocalSocketAddress().equals(socket.getRemoteSocketAddress())) {
            socket.close();
            throw new ConnectException("nothing listens at " + target + " (the connection reached itself)");
        }
    }
}
