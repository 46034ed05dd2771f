package io.pulse.relay;

import org.junit.jupiter.api.Test;

import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The relay's connections refuse to reach themselves (TCP self-connect), and let go of the port when they do. */
class DialTest {

    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    @Test
    void aConnectionThatReachesItselfIsRefusedAndLetsGoOfThePort() throws Exception {
        // What the kernel does by chance when the relay redials a closed loopback port in the ephemeral range, done on
        // purpose: a socket bound to port P dials P, and the simultaneous open connects it to itself.
        Socket socket = new Socket();
        socket.setReuseAddress(true);
        socket.bind(new InetSocketAddress(LOOPBACK, 0));
        int port = socket.getLocalPort();
        InetSocketAddress itself = new InetSocketAddress(LOOPBACK, port);

        ConnectException refused = assertThrows(ConnectException.class, () -> Dial.connect(socket, itself, 2000));
        assertEquals("nothing listens at " + itself + " (the connection reached itself)", refused.getMessage());
        assertTrue(socket.isClosed(), "the socket is closed");
        try (ServerSocket restarted = new ServerSocket()) {
            restarted.setReuseAddress(true);
            restarted.bind(itself); // the server that restarts on that port gets it
            assertEquals(port, restarted.getLocalPort());
        }
    }

    @Test
    void aConnectionToAListenerIsKept() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 50, LOOPBACK); Socket socket = new Socket()) {
            Dial.connect(socket, new InetSocketAddress(LOOPBACK, server.getLocalPort()), 2000);
            try (Socket accepted = server.accept()) {
                assertTrue(socket.isConnected() && !socket.isClosed());
                assertEquals(socket.getLocalPort(), accepted.getPort());
            }
        }
    }
}
