package io.pulse.alert.kapacitor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pulse.spi.alert.AlertBackendException;
import io.pulse.spi.metrics.Counter;
import io.pulse.spi.metrics.PluginMetrics;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Kapacitor's {@code /kapacitor/v1} task API over OkHttp, every call bounded by the configured timeout. Failures are
 * {@link AlertBackendException}s: unreachable, timed out or a 5xx is {@code unavailable} (the API answers 503), a 4xx
 * is a refusal carrying Kapacitor's own {@code {"error": ...}} message (400). Thread-safe: OkHttp's client and
 * Jackson's mapper are.
 */
final class KapacitorClient implements AutoCloseable {

    private static final MediaType JSON = MediaType.get("application/json; charset=utf-8");
    /** A page of the task list; Kapacitor's own default. */
    static final int PAGE = 100;

    private final HttpUrl base;
    private final String address;
    private final OkHttpClient http;
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
        this.base = HttpUrl.get(address);
        this.json = json;
        this.http = new OkHttpClient.Builder()
            .connectTimeout(settings.timeout())
            .readTimeout(settings.timeout())
            .writeTimeout(settings.timeout())
            .callTimeout(settings.timeout())
            // A POST that reached Kapacitor must not be sent twice (the retry would meet "already exists").
            .retryOnConnectionFailure(false)
            .followRedirects(false)
            .build();
    }

    /** {@code GET /kapacitor/v1/ping}; returns Kapacitor's version ({@code X-Kapacitor-Version}). */
    String ping() {
        Request request = new Request.Builder().url(url("ping")).get().build();
        try (Response response = http.newCall(request).execute()) {
            String body = response.body().string();
            if (response.code() != 204 && response.code() != 200) {
                throw failure(response.code(), body, "ping");
            }
            String version = response.header("X-Kapacitor-Version");
            if (version == null) {
                throw new AlertBackendException(address + " answered the ping without X-Kapacitor-Version: is it"
                    + " Kapacitor?", true, null);
            }
            return version;
        } catch (IOException e) {
            throw unreachable(e);
        }
    }

    /** {@code POST /kapacitor/v1/tasks}. */
    void create(ObjectNode task) {
        call(new Request.Builder().url(url("tasks")).post(body(task)).build(), "create");
    }

    /** {@code PATCH /kapacitor/v1/tasks/<id>}; false when there is no such task. */
    boolean patch(String taskId, ObjectNode changes) {
        return call(new Request.Builder().url(taskUrl(taskId)).patch(body(changes)).build(), "update").isPresent();
    }

    /** {@code GET /kapacitor/v1/tasks/<id>}; empty when there is no such task. */
    Optional<JsonNode> get(String taskId) {
        return call(new Request.Builder().url(taskUrl(taskId)).get().build(), "get");
    }

    /** {@code DELETE /kapacitor/v1/tasks/<id>} (Kapacitor answers 204 whether or not it existed). */
    void delete(String taskId) {
        call(new Request.Builder().url(taskUrl(taskId)).delete().build(), "delete");
    }

    /** Every task whose id matches the glob {@code pattern}, page by page. */
    List<JsonNode> list(String pattern) {
        List<JsonNode> tasks = new ArrayList<>();
        for (int offset = 0; ; offset += PAGE) {
            HttpUrl url = url("tasks").newBuilder()
                .addQueryParameter("pattern", pattern)
                .addQueryParameter("limit", Integer.toString(PAGE))
                .addQueryParameter("offset", Integer.toString(offset))
                .build();
            JsonNode page = call(new Request.Builder().url(url).get().build(), "list")
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
    private Optional<JsonNode> call(Request request, String what) {
        try (Response response = http.newCall(request).execute()) {
            String body = response.body().string();
            int code = response.code();
            if (code == 404) {
                return Optional.empty();
            }
            if (code < 200 || code > 299) {
                throw failure(code, body, what);
            }
            return Optional.of(body.isBlank() ? json.createObjectNode() : json.readTree(body));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            failures.increment();
            throw new AlertBackendException("Kapacitor at " + address + " answered " + what + " with malformed JSON: "
                + e.getOriginalMessage(), true, e);
        } catch (IOException e) {
            throw unreachable(e);
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
        String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return new AlertBackendException("Kapacitor at " + address + " is unreachable: " + reason, true, e);
    }

    private RequestBody body(ObjectNode node) {
        try {
            return RequestBody.create(json.writeValueAsBytes(node), JSON);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always serialises", e);
        }
    }

    private HttpUrl url(String endpoint) {
        return base.newBuilder().addPathSegments("kapacitor/v1").addPathSegment(endpoint).build();
    }

    private HttpUrl taskUrl(String taskId) {
        return url("tasks").newBuilder().addPathSegment(taskId).build();
    }

    private static String abbreviate(String text) {
        return text.length() <= 200 ? text : text.substring(0, 200) + "...";
    }

    @Override
    public void close() {
        http.dispatcher().executorService().shutdown();
        http.connectionPool().evictAll();
    }
}
