package io.pulse.alert.builtin.webhook;

import io.pulse.spi.metrics.Counter;
import io.pulse.spi.metrics.PluginMetrics;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * POSTs notifications, off the evaluation thread.
 *
 * <p>Each delivery runs on a virtual thread of its own: an attempt is cut off after {@code timeout}; a failed one
 * (no connection, a timeout, a status other than 2xx) is retried up to {@code retries} times after
 * {@code retryBackoff * 2^n}, scaled by a random factor in [0.5, 1.5) so that many alerts failing together do not
 * retry in lock step. Deliveries with the same ordering key (an alert's series) run one after another, so a receiver
 * never sees a recovery before the alert it recovers; deliveries with other keys never wait for them, so a receiver
 * that hangs delays nobody else. At most {@code maxInFlight} deliveries are pending; beyond that a notification is
 * dropped and counted as failed.
 *
 * <p>Thread-safe: {@link #send} may be called from any thread.
 */
public final class WebhookSender implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(WebhookSender.class.getName());

    private final WebhookSettings settings;
    private final ExecutorService executor = Executors.newThreadPerTaskExecutor(
        Thread.ofVirtual().name("builtin-webhook-", 0).factory());
    private final Object httpLock = new Object();
    /** Made on the first delivery (see {@link #http()}); guarded by {@link #httpLock}. */
    private HttpClient http;
    private boolean closed;
    private final Semaphore slots;
    /** The last pending delivery per ordering key; removed when it completes and nothing queued behind it. */
    private final Map<String, CompletableFuture<Void>> chains = new ConcurrentHashMap<>();
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private volatile String lastFailure = "";
    private final Counter deliveredMetric;
    private final Counter failedMetric;

    public WebhookSender(WebhookSettings settings) {
        this(settings, PluginMetrics.discarding());
    }

    /**
     * @param metrics where the deliveries and failures are counted ({@code webhook_deliveries},
     *                {@code webhook_failures})
     */
    public WebhookSender(WebhookSettings settings, PluginMetrics metrics) {
        this.settings = settings;
        this.deliveredMetric = metrics.counter("webhook_deliveries", "Webhook notifications delivered (2xx).");
        this.failedMetric = metrics.counter("webhook_failures", "Webhook notifications that failed for good (after"
            + " their retries) or were dropped.");
        this.slots = new Semaphore(settings.maxInFlight());
    }

    /**
     * The HTTP client, made when the first notification is delivered: building one sets up the JDK's TLS context,
     * about a sixth of the server's start-up on a small machine, which a server whose alerts never fire never needs.
     *
     * @throws IOException once {@link #close()} has run
     */
    private HttpClient http() throws IOException {
        synchronized (httpLock) {
            if (closed) {
                throw new IOException("the server is stopping");
            }
            if (http == null) {
                http = HttpClient.newBuilder()
                    .connectTimeout(settings.timeout())
                    .followRedirects(HttpClient.Redirect.NEVER)
                    .executor(executor)
                    .build();
            }
            return http;
        }
    }

    /**
     * Queues a POST of {@code json} to {@code url} behind the pending ones with the same {@code orderingKey};
     * returns at once. The returned future completes when this delivery succeeded or finally failed (for tests and
     * shutdown; callers need not wait).
     */
    public CompletableFuture<Void> send(String orderingKey, URI url, String json) {
        if (!slots.tryAcquire()) {
            recordFailure(url, "dropped: " + settings.maxInFlight() + " deliveries already pending");
            return CompletableFuture.completedFuture(null);
        }
        CompletableFuture<Void> mine;
        try {
            mine = chains.compute(orderingKey, (key, previous) ->
                (previous == null ? CompletableFuture.<Void>completedFuture(null) : previous)
                    .handle((ignored, error) -> null)
                    .thenRunAsync(() -> deliver(url, json), executor));
        } catch (RuntimeException rejected) {
            // The executor is shut down: the server is stopping.
            slots.release();
            recordFailure(url, "not sent: the server is stopping");
            return CompletableFuture.completedFuture(null);
        }
        mine.whenComplete((ignored, error) -> {
            slots.release();
            chains.remove(orderingKey, mine);
        });
        return mine;
    }

    private void deliver(URI url, String json) {
        HttpRequest request = HttpRequest.newBuilder(url)
            .timeout(settings.timeout())
            .header("Content-Type", "application/json")
            .header("User-Agent", "pulse-alert-builtin")
            .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8))
            .build();
        String problem = "";
        int attempts = settings.retries() + 1;
        for (int attempt = 1; attempt <= attempts; attempt++) {
            try {
                HttpResponse<Void> response = http().send(request, HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() / 100 == 2) {
                    delivered.incrementAndGet();
                    deliveredMetric.increment();
                    return;
                }
                problem = "HTTP " + response.statusCode();
            } catch (IOException e) {
                problem = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                recordFailure(url, "interrupted (the server is stopping) after " + attempt + " attempt(s)");
                return;
            }
            if (attempt < attempts && !sleep(backoff(attempt))) {
                recordFailure(url, problem + "; retries abandoned (the server is stopping)");
                return;
            }
        }
        recordFailure(url, problem + " after " + attempts + " attempt(s)");
    }

    /** The delay before retry number {@code retry} (1-based): doubled each time, jittered by [0.5, 1.5). */
    Duration backoff(int retry) {
        long base = settings.retryBackoff().toMillis() << Math.min(retry - 1, 20);
        double jitter = 0.5 + ThreadLocalRandom.current().nextDouble();
        return Duration.ofMillis((long) (base * jitter));
    }

    private static boolean sleep(Duration delay) {
        try {
            Thread.sleep(delay);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void recordFailure(URI url, String problem) {
        failed.incrementAndGet();
        failedMetric.increment();
        lastFailure = "POST " + url + ": " + problem;
        LOG.log(System.Logger.Level.WARNING, "webhook delivery failed: " + lastFailure);
    }

    /** Deliveries that succeeded. */
    public long delivered() {
        return delivered.get();
    }

    /** Deliveries that failed for good (after their retries) or were dropped. */
    public long failed() {
        return failed.get();
    }

    /** The last failure, {@code POST <url>: <reason>}; empty when none. */
    public String lastFailure() {
        return lastFailure;
    }

    /** Abandons pending deliveries (retries included) and waits briefly for attempts in progress to stop. */
    @Override
    public void close() {
        executor.shutdownNow();
        HttpClient client;
        synchronized (httpLock) {
            closed = true;
            client = http;
        }
        if (client != null) {
            client.shutdownNow();
        }
        try {
            executor.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
