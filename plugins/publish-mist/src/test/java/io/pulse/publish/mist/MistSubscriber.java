package io.pulse.publish.mist;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A Mist client that subscribes to a tag set and collects every line Mist sends it, for tests. It returns from
 * {@link #connect} only once Mist has the subscription: Mist handles a connection's messages in order, so the pong
 * to a ping sent after {@code subscribe} proves it.
 */
public final class MistSubscriber implements AutoCloseable {

    private static final String PONG = "{\"command\":\"ping\",\"data\":\"pong\"}";

    private final Socket socket;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private volatile boolean ended;

    private MistSubscriber(Socket socket) {
        this.socket = socket;
        Thread.ofVirtual().name("mist-subscriber").start(this::read);
    }

    /** Connects to Mist at 127.0.0.1:{@code port}, authenticates when {@code token} is not empty, subscribes. */
    public static MistSubscriber connect(int port, String token, List<String> tags) throws Exception {
        Socket socket = new Socket(InetAddress.getLoopbackAddress(), port);
        MistSubscriber s = new MistSubscriber(socket);
        StringBuilder subscribe = new StringBuilder();
        if (token != null && !token.isEmpty()) {
            subscribe.append(new String(MistMessages.auth(token), StandardCharsets.UTF_8));
        }
        subscribe.append(MistDouble.json("subscribe", tags, "", "")).append("{\"command\":\"ping\"}\n");
        s.send(subscribe.toString());
        String answer = null;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (answer == null && System.nanoTime() < deadline && !(s.ended && s.lines.isEmpty())) {
            answer = s.lines.poll(20, TimeUnit.MILLISECONDS);
        }
        if (!PONG.equals(answer)) {
            s.close();
            throw new AssertionError("Mist did not confirm the subscription with a pong, it sent: " + answer);
        }
        return s;
    }

    /** Sends raw text as it is. */
    public void send(String text) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /** The next line Mist sent, or null when none came within {@code timeout}. */
    public String next(Duration timeout) throws InterruptedException {
        return lines.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Whether Mist closed this connection. */
    public boolean ended() {
        return ended;
    }

    private void read() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(),
            StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                lines.add(line);
            }
        } catch (IOException e) {
            // closed
        } finally {
            ended = true;
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
