package io.pulse.publish.mist;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A Mist v1.2 test double: the TCP side of Mist, on 127.0.0.1, as {@code shared/reference/mist.md} describes it. It
 * is a double because no Mist package can be installed where Pulse is built and tested; the plugin must still work
 * against a real Mist, so the double is strict where Mist is:
 * <ul>
 *   <li>a stream of JSON objects, newline optional; answers are compact JSON + {@code \n}, fields in the order
 *   {@code command, tags, data, error}, empty ones omitted;</li>
 *   <li>malformed JSON, a value that is not an object, {@code data} that is not a string, {@code tags} that are not
 *   an array of strings: the connection is closed without a reply;</li>
 *   <li>with a token, the first message's {@code data} must equal it, else the connection is closed silently;</li>
 *   <li>{@code ping} -> {@code {"command":"ping","data":"pong"}}; {@code subscribe}, {@code unsubscribe},
 *   {@code publish}, {@code auth}: no reply; {@code list} -> the connection's subscriptions; any other command ->
 *   an {@code "error":"Unknown Command"} reply, and the connection stays open;</li>
 *   <li>a publish reaches every other connection with a subscription whose tags are a subset of the publish's tags,
 *   tags sorted; never the publisher itself; no replay.</li>
 * </ul>
 * Thread-safe; one virtual thread per connection. {@link #closedConnections()} counts connections the double closed
 * for a protocol or auth error, so tests can tell "closed by Mist" from "went away".
 */
public final class MistDouble implements AutoCloseable {

    private final ServerSocket server;
    private final String token;
    private final List<Connection> connections = new CopyOnWriteArrayList<>();
    private final AtomicInteger accepted = new AtomicInteger();
    private final AtomicInteger closedByDouble = new AtomicInteger();
    private final AtomicInteger publishes = new AtomicInteger();
    private volatile boolean closed;

    private MistDouble(ServerSocket server, String token) {
        this.server = server;
        this.token = token;
        Thread.ofVirtual().name("mist-double-accept").start(this::accept);
    }

    /** A double on a free loopback port; {@code token} empty for none. */
    public static MistDouble start(String token) throws IOException {
        return start(0, token);
    }

    /** A double on {@code port} (0: any free one), e.g. to restart on the port a publisher is dialling. */
    public static MistDouble start(int port, String token) throws IOException {
        // A restart on a port a client keeps dialling can meet that client's connection still closing on it (a
        // loopback port in the ephemeral range): try again for a moment rather than fail the test on the race.
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(5);
        while (true) {
            ServerSocket server = new ServerSocket();
            server.setReuseAddress(true);
            try {
                server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
                return new MistDouble(server, token == null ? "" : token);
            } catch (java.net.BindException e) {
                server.close();
                if (port == 0 || System.nanoTime() > deadline) {
                    throw e;
                }
                try {
                    Thread.sleep(50);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    public int port() {
        return server.getLocalPort();
    }

    /** Connections accepted so far. */
    public int accepted() {
        return accepted.get();
    }

    /** Connections the double closed because of malformed input or a wrong token. */
    public int closedConnections() {
        return closedByDouble.get();
    }

    /** Publish messages received so far (from every connection). */
    public int publishes() {
        return publishes.get();
    }

    /** Connections currently open. */
    public int openConnections() {
        return connections.size();
    }

    /** Stops listening and closes every connection, as a Mist that is stopped does. */
    @Override
    public void close() throws IOException {
        closed = true;
        server.close();
        for (Connection c : connections) {
            c.close();
        }
    }

    private void accept() {
        while (!closed) {
            try {
                Socket socket = server.accept();
                accepted.incrementAndGet();
                Connection c = new Connection(socket);
                connections.add(c);
                Thread.ofVirtual().name("mist-double-conn").start(c::serve);
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void deliver(Connection from, List<String> tags, String data) {
        Set<String> tagSet = new TreeSet<>(tags);
        String message = json("publish", new ArrayList<>(tagSet), data, "");
        for (Connection c : connections) {
            if (c != from && c.subscribedTo(tagSet)) {
                c.send(message);
            }
        }
    }

    /** Compact JSON with Mist's field order; empty fields are omitted. */
    static String json(String command, List<String> tags, String data, String error) {
        StringBuilder s = new StringBuilder("{");
        if (!command.isEmpty()) {
            s.append("\"command\":");
            MistMessages.string(s, command);
        }
        if (!tags.isEmpty()) {
            s.append(s.length() > 1 ? "," : "").append("\"tags\":[");
            for (int i = 0; i < tags.size(); i++) {
                if (i > 0) {
                    s.append(',');
                }
                MistMessages.string(s, tags.get(i));
            }
            s.append(']');
        }
        if (!data.isEmpty()) {
            s.append(s.length() > 1 ? "," : "").append("\"data\":");
            MistMessages.string(s, data);
        }
        if (!error.isEmpty()) {
            s.append(s.length() > 1 ? "," : "").append("\"error\":");
            MistMessages.string(s, error);
        }
        return s.append("}\n").toString();
    }

    /** One client connection. */
    private final class Connection {
        private final Socket socket;
        private final List<Set<String>> subscriptions = new CopyOnWriteArrayList<>();

        Connection(Socket socket) {
            this.socket = socket;
        }

        void serve() {
            try {
                MistJsonStream stream = new MistJsonStream(new InputStreamReader(socket.getInputStream(),
                    StandardCharsets.UTF_8));
                boolean first = true;
                Object value;
                while ((value = stream.next()) != null) {
                    Message m = Message.of(value);
                    if (m == null) {
                        reject();
                        return;
                    }
                    if (first && !token.isEmpty()) {
                        first = false;
                        if (!token.equals(m.data)) {
                            reject();
                            return;
                        }
                        continue; // the first message is the authentication, whatever its command
                    }
                    first = false;
                    handle(m);
                }
            } catch (MistJsonStream.MalformedJsonException e) {
                reject();
                return;
            } catch (IOException e) {
                // the client went away
            } finally {
                close();
            }
        }

        private void handle(Message m) {
            switch (m.command) {
                case "ping" -> send(json("ping", List.of(), "pong", ""));
                case "subscribe" -> {
                    if (!m.tags.isEmpty()) {
                        subscriptions.add(new TreeSet<>(m.tags));
                    }
                }
                case "unsubscribe" -> subscriptions.remove(new TreeSet<>(m.tags));
                case "publish" -> {
                    publishes.incrementAndGet();
                    deliver(this, m.tags, m.data);
                }
                case "auth" -> {
                    // already authenticated (or no token): nothing to do, no reply
                }
                case "list" -> {
                    List<String> sets = new ArrayList<>();
                    for (Set<String> s : subscriptions) {
                        sets.add(String.join(",", s));
                    }
                    send(json("list", List.of(), String.join(" ", sets), ""));
                }
                default -> send(json(m.command, m.tags, m.data, "Unknown Command"));
            }
        }

        boolean subscribedTo(Set<String> tags) {
            for (Set<String> s : subscriptions) {
                if (tags.containsAll(s)) {
                    return true;
                }
            }
            return false;
        }

        synchronized void send(String line) {
            try {
                OutputStream out = socket.getOutputStream();
                out.write(line.getBytes(StandardCharsets.UTF_8));
                out.flush();
            } catch (IOException e) {
                close();
            }
        }

        private void reject() {
            closedByDouble.incrementAndGet();
            close();
        }

        void close() {
            connections.remove(this);
            try {
                socket.close();
            } catch (IOException ignored) {
                // already closed
            }
        }
    }

    /** A decoded message; null from {@link #of} when Mist would refuse it. */
    private record Message(String command, List<String> tags, String data) {
        static Message of(Object value) {
            if (!(value instanceof Map<?, ?> map)) {
                return null;
            }
            Object command = map.get("command");
            Object tags = map.get("tags");
            Object data = map.get("data");
            Object error = map.get("error");
            if (!stringOrAbsent(command) || !stringOrAbsent(data) || !stringOrAbsent(error)) {
                return null;
            }
            List<String> tagList = new ArrayList<>();
            if (tags instanceof List<?> list) {
                for (Object tag : list) {
                    if (!(tag instanceof String s)) {
                        return null;
                    }
                    tagList.add(s);
                }
            } else if (tags != null && tags != MistJsonStream.NULL) {
                return null;
            }
            return new Message(text(command), tagList, text(data));
        }

        private static boolean stringOrAbsent(Object o) {
            return o == null || o == MistJsonStream.NULL || o instanceof String;
        }

        private static String text(Object o) {
            return o instanceof String s ? s : "";
        }
    }
}
