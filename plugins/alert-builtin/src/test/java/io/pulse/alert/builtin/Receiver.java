package io.pulse.alert.builtin;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.pulse.alert.builtin.json.JsonReader;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * A real webhook receiver on a loopback port: records every body it is POSTed. It can answer 500 to the first
 * {@code failures} requests, or hang every request until {@link #close()} (a receiver that never answers).
 */
final class Receiver implements AutoCloseable {

    private final HttpServer server;
    private final BlockingQueue<String> bodies = new LinkedBlockingQueue<>();
    private final AtomicInteger requests = new AtomicInteger();
    private final CountDownLatch release = new CountDownLatch(1);
    private final int failures;
    private final boolean hang;

    private Receiver(int failures, boolean hang) throws IOException {
        this.failures = failures;
        this.hang = hang;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/hook", this::handle);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.start();
    }

    /** Answers 204 to everything. */
    static Receiver ok() throws IOException {
        return new Receiver(0, false);
    }

    /** Answers 500 to the first {@code failures} requests, 204 afterwards. */
    static Receiver failing(int failures) throws IOException {
        return new Receiver(failures, false);
    }

    /** Reads each request and never answers until closed. */
    static Receiver hanging() throws IOException {
        return new Receiver(0, true);
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
    }

    private void handle(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        int n = requests.incrementAndGet();
        bodies.add(body);
        if (hang) {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        exchange.sendResponseHeaders(n <= failures ? 500 : 204, -1);
        exchange.close();
    }

    /** The next body received, parsed; fails when none arrives within {@code timeout}. */
    @SuppressWarnings("unchecked")
    Map<String, Object> next(Duration timeout) throws InterruptedException {
        String body = bodies.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        assertNotNull(body, "no webhook within " + timeout);
        return (Map<String, Object>) JsonReader.parse(body);
    }

    /** The next raw body, or null when none arrives within {@code timeout}. */
    String nextRaw(Duration timeout) throws InterruptedException {
        return bodies.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    int requests() {
        return requests.get();
    }

    @Override
    public void close() {
        release.countDown();
        server.stop(0);
    }
}
