package io.pulse.relay;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A minimal server for failover tests, on a real loopback socket: answers {@code id} with {@code ok} and a 1 s
 * {@code beat}, {@code ping} with {@code pong}, forgets a relay on {@code close} or end of stream, and knows which
 * relays are identified on it now. Connections that never send {@code id} (the relay's probes) are not counted.
 */
final class FleetServer implements AutoCloseable {

    private final ServerSocket listener;
    private final Set<String> identified = ConcurrentHashMap.newKeySet();
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final List<String> closedBy = new CopyOnWriteArrayList<>();

    private FleetServer(ServerSocket listener) {
        this.listener = listener;
        Thread.ofVirtual().start(this::acceptLoop);
    }

    static FleetServer start() throws IOException {
        return startOn(0);
    }

    /** Listens on that loopback port (0: any), retrying briefly while the old listener's port is released. */
    static FleetServer startOn(int port) throws IOException {
        ServerSocket socket = new ServerSocket();
        socket.setReuseAddress(true);
        socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        return new FleetServer(socket);
    }

    int port() {
        return listener.getLocalPort();
    }

    String address() {
        return "127.0.0.1:" + port();
    }

    /** The relays identified on this server now. */
    Set<String> relays() {
        return Set.copyOf(identified);
    }

    /** The relays that said {@code close} (left on purpose). */
    List<String> closedBy() {
        return List.copyOf(closedBy);
    }

    /** Like a killed process: the listener and every connection vanish. */
    @Override
    public void close() throws IOException {
        listener.close();
        for (Socket socket : sockets) {
            socket.close();
        }
        identified.clear();
    }

    private void acceptLoop() {
        while (!listener.isClosed()) {
            try {
                Socket socket = listener.accept();
                sockets.add(socket);
                Thread.ofVirtual().start(() -> serve(socket));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket socket) {
        String id = null;
        try (socket) {
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                StandardCharsets.UTF_8));
            OutputStream out = socket.getOutputStream();
            String line;
            while ((line = in.readLine()) != null) {
                if (line.startsWith("id ") && id == null) {
                    id = line.substring(3);
                    identified.add(id);
                    out.write("ok\nbeat 1\n".getBytes(StandardCharsets.UTF_8));
                } else if (line.equals("ping")) {
                    out.write("pong\n".getBytes(StandardCharsets.UTF_8));
                } else if (line.equals("close")) {
                    if (id != null) {
                        closedBy.add(id);
                    }
                    return;
                }
            }
        } catch (IOException e) {
            // the connection is gone either way
        } finally {
            if (id != null) {
                identified.remove(id);
            }
        }
    }
}
