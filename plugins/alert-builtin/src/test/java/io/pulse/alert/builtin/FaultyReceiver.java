package io.pulse.alert.builtin;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A webhook receiver that misbehaves below HTTP, on a raw loopback socket: it either accepts each connection and
 * never reads or answers ({@link Fault#HANG}), or reads the start of the request and resets the connection
 * ({@link Fault#RESET}, an RST instead of an answer).
 */
final class FaultyReceiver implements AutoCloseable {

    enum Fault { HANG, RESET }

    private final ServerSocket server;
    private final List<Socket> held = new ArrayList<>();
    private final AtomicInteger connections = new AtomicInteger();
    /** When the first connection was accepted ({@link System#nanoTime()}), 0 before. */
    private volatile long firstAcceptedNanos;

    FaultyReceiver(Fault fault) throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().name("faulty-receiver").start(() -> {
            while (!server.isClosed()) {
                try {
                    Socket s = server.accept();
                    if (connections.incrementAndGet() == 1) {
                        firstAcceptedNanos = System.nanoTime();
                    }
                    if (fault == Fault.HANG) {
                        synchronized (held) {
                            held.add(s);
                        }
                    } else {
                        reset(s);
                    }
                } catch (IOException closed) {
                    return;
                }
            }
        });
    }

    private static void reset(Socket s) {
        try (s) {
            s.setSoTimeout(2000);
            s.getInputStream().read(new byte[256]); // the request has started: now cut it off
            s.setSoLinger(true, 0);                 // close sends RST
        } catch (IOException ignored) {
            // gone already: a reset all the same for the sender
        }
    }

    String url() {
        return "http://127.0.0.1:" + server.getLocalPort() + "/hook";
    }

    int connections() {
        return connections.get();
    }

    long firstAcceptedNanos() {
        return firstAcceptedNanos;
    }

    @Override
    public void close() throws IOException {
        server.close();
        synchronized (held) {
            for (Socket s : held) {
                s.close();
            }
        }
    }
}
