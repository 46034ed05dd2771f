package io.pulse.alert.kapacitor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pulse.spi.Durations;
import io.pulse.spi.alert.AlertBackendException;
import io.pulse.spi.metrics.Counter;
import io.pulse.spi.metrics.PluginMetrics;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Kapacitor's {@code /kapacitor/v1} task API over the JDK's {@link HttpClient} (HTTP/1.1, http or https), every call
 * bounded by the configured timeout. Failures are {@link AlertBackendException}s: unreachable, timed out or a 5xx is
 * {@code unavailable} (the API answers 503), a 4xx is a refusal carrying Kapacitor's own {@code {"error": ...}}
 * message (400). Thread-safe: the JDK's client and Jackson's mapper are.
 *
 * <p>Time bounds: connecting waits at most {@code timeout}, and so does the whole call, connect, request and the
 * answer's body included. The whole-call bound is kept here ({@link #send}) because the JDK's
 * {@link HttpRequest.Builder#timeout request timeout} stops at the answer's head: a Kapacitor that sent its head and
 * then stalled would hold the caller forever. A call past the bound is cancelled, which closes its connection.
 *
 * <p>No retries of requests that may have reached Kapacitor: the JDK client retries, once, only a connect that failed
 * (nothing was sent) and a GET on a kept connection the server had closed; never a POST (a retried create would meet
 * "already exists"). Redirects are not followed.
 */
final class KapacitorClient implements AutoCloseable {

    private static final String JSON = "application/json; charset=utf-8";
    /** A page of the task list; Kapacitor's own default. */
    static final int PAGE = 100;

    private final String base;
    private final String address;
    /** {@code host:port} of the address, for connect failures. */
    private final String hostAndPort;
    private final Duration timeout;
    private final HttpClient http;
    private final ObjectMapper json;
    private final Counter failures;

    KapacitorClient(KapacitorSettings settings, ObjectMapper json) {
        this(settings, json, PluginMetrics.discarding());
    }

    /** @param metrics where calls that failed for want of Kapacitor are counted ({@code api_failures}) */
    KapacitorClient(KapacitorSettings settings, ObjectMapper json, PluginMetrics metrics) {
        this.failures = metrics.counter("api_failures", "Calls to Kapacitor's API that failed because Kapacitor was"
            + " unreachable, answered a server error or malformed JSON (Kapacitor itself posts the alerts' webhooks).");
        this.address = settings.address().toString();
        this.base = address + "/kapacitor/v1/";
        URI uri = settings.address();
        this.hostAndPort = uri.getHost() + ":"
            + (uri.getPort() >= 0 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80);
        this.timeout = settings.timeout();
        this.json = json;
        this.http = HttpClient.newBuilder()
            // Kapacitor speaks HTTP/1.1; no h2c upgrade attempt on plain http.
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(timeout)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    }

    /** {@code GET /kapacitor/v1/ping}; returns Kapacitor's version ({@code X-Kapacitor-Version}). */
    String ping() {
        HttpResponse<String> response;
        try {
            response = send(request("ping").GET());
        } catch (IOException e) {
            throw unreachable(e);
        }
        if (response.statusCode() != 204 && response.statusCode() != 200) {
            throw failure(response.statusCode(), response.body(), "ping");
        }
        return response.headers().firstValue("X-Kapacitor-Version").orElseThrow(() -> new AlertBackendException(
            address + " answered the ping without X-Kapacitor-Version: is it Kapacitor?", true, null));
    }

    /** {@code POST /kapacitor/v1/tasks}. */
    void create(ObjectNode task) {
        call(request("tasks").POST(body(task)).header("Content-Type", JSON), "create");
    }

    /** {@code PATCH /kapacitor/v1/tasks/<id>}; false when there is no such task. */
    boolean patch(String taskId, ObjectNode changes) {
        return call(request(taskPath(taskId)).method("PATCH", body(changes)).header("Content-Type", JSON), "update")
            .isPresent();
    }

    /** {@code GET /kapacitor/v1/tasks/<id>}; empty when there is no such task. */
    Optional<JsonNode> get(String taskId) {
        return call(request(taskPath(taskId)).GET(), "get");
    }

    /** {@code DELETE /kapacitor/v1/tasks/<id>} (Kapacitor answers 204 whether or not it existed). */
    void delete(String taskId) {
        call(request(taskPath(taskId)).DELETE(), "delete");
    }

    /** Every task whose id matches the glob {@code pattern}, page by page. */
    List<JsonNode> list(String pattern) {
        List<JsonNode> tasks = new ArrayList<>();
        for (int offset = 0; ; offset += PAGE) {
            String query = "tasks?pattern=" + URLEncoder.encode(pattern, StandardCharsets.UTF_8)
                + "&limit=" + PAGE + "&offset=" + offset;
            JsonNode page = call(request(query).GET(), "list")
                .orElseThrow(() -> new AlertBackendException("Kapacitor at " + address + " has no task list (404)"));
            JsonNode items = page.path("tasks");
            items.forEach(tasks::add);
            if (items.size() < PAGE) {
                return tasks;
            }
        }
    }

    /**
     * Runs a call: the parsed JSON body of a 2xx (an empty object for 204), empty for a 404, otherwise the failure.
     */
    private Optional<JsonNode> call(HttpRequest.Builder request, String what) {
        HttpResponse<String> response;
        try {
            response = send(request);
        } catch (IOException e) {
            throw unreachable(e);
        }
        int code = response.statusCode();
        String body = response.body();
        if (code == 404) {
            return Optional.empty();
        }
        if (code < 200 || code > 299) {
            throw failure(code, body, what);
        }
        try {
            return Optional.of(body.isBlank() ? json.createObjectNode() : json.readTree(body));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            failures.increment();
            throw new AlertBackendException("Kapacitor at " + address + " answered " + what + " with malformed JSON: "
                + e.getOriginalMessage(), true, e);
        }
    }

    /**
     * Sends a request and reads the whole answer within {@code timeout}; past it the call is cancelled (its
     * connection closed) and fails with an {@link HttpTimeoutException}.
     */
    private HttpResponse<String> send(HttpRequest.Builder request) throws IOException {
        CompletableFuture<HttpResponse<String>> call =
            http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        try {
            return call.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            call.cancel(true);
            throw new HttpTimeoutException("no answer within " + Durations.format(timeout));
        } catch (InterruptedException e) {
            call.cancel(true);
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for Kapacitor");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() instanceof CompletionException c && c.getCause() != null
                ? c.getCause() : e.getCause();
            switch (cause) {
                case IOException io -> throw io;
                case RuntimeException bug -> throw bug;
                case Error error -> throw error;
                default -> throw new IOException(cause);
            }
        }
    }

    private AlertBackendException failure(int code, String body, String what) {
        String message = errorMessage(body).orElse("HTTP " + code + " to " + what
            + (body.isBlank() ? "" : ": " + abbreviate(body.strip())));
        boolean unavailable = code >= 500 || code < 400;
        if (unavailable) {
            failures.increment();
        }
        return new AlertBackendException(unavailable ? "Kapacitor at " + address + ": " + message : message,
            unavailable, null);
    }

    /** The {@code error} of a Kapacitor error body, if it is one. */
    private Optional<String> errorMessage(String body) {
        try {
            JsonNode node = json.readTree(body);
            return node != null && node.path("error").isTextual() ? Optional.of(node.path("error").textValue())
                : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private AlertBackendException unreachable(IOException e) {
        failures.increment();
        return new AlertBackendException("Kapacitor at " + address + " is unreachable: " + reason(e), true, e);
    }

    /**
     * Why a call found no Kapacitor, in words: the JDK client's connect failures carry no message of their own
     * (a refused connection is a bare {@link ConnectException}), so they are named here.
     */
    private String reason(IOException e) {
        return switch (e) {
            case HttpConnectTimeoutException timedOut -> "connecting timed out after " + Durations.format(timeout);
            case HttpTimeoutException timedOut -> "no answer within " + Durations.format(timeout);
            case ConnectException refused -> "failed to connect to " + hostAndPort
                + (causedBy(refused, UnresolvedAddressException.class) ? " (unknown host)"
                    : refused.getMessage() == null ? " (connection refused or no route)" : ": " + refused.getMessage());
            default -> e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        };
    }

    private static boolean causedBy(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    private HttpRequest.BodyPublisher body(ObjectNode node) {
        try {
            return HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(node));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always serialises", e);
        }
    }

    /** A request to {@code <address>/kapacitor/v1/<endpoint>}; the endpoint is already URL-encoded. */
    private HttpRequest.Builder request(String endpoint) {
        return HttpRequest.newBuilder(URI.create(base + endpoint));
    }

    /** {@code tasks/<id>}, the id encoded as one path segment. */
    private static String taskPath(String taskId) {
        return "tasks/" + URLEncoder.encode(taskId, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String abbreviate(String text) {
        return text.length() <= 200 ? text : text.substring(0, 200) + "...";
    }

    /**
     * Takes no new calls; calls under way finish (each within {@code timeout}) and the client then releases its
     * selector thread. Not {@link HttpClient#close()}, which would hold Pulse's shutdown until those calls end.
     */
    @Override
    public void close() {
        http.shutdown();
    }
}
