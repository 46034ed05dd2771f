package io.pulse.alert.kapacitor;

import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Pattern;

/**
 * A Kapacitor 1.x test double: an HTTP server on 127.0.0.1 that answers the {@code /kapacitor/v1} task API the way
 * the real one does (see {@code shared/reference/kapacitor.md}). It is a double because no Kapacitor package can be
 * installed where Pulse is built and tested; the plugin must still work against a real Kapacitor, so the double is
 * strict where Kapacitor is:
 * <ul>
 *   <li>{@code GET /kapacitor/v1/ping} -> 204 with {@code X-Kapacitor-Version};</li>
 *   <li>{@code POST /kapacitor/v1/tasks} -> 200 + the task; 400 {@code {"error": ...}} for a duplicate id, an id with
 *   characters Kapacitor refuses, a type other than batch/stream, missing dbrps, malformed vars, and a script real
 *   Kapacitor rejects ({@code invalid TICKscript: ...}: a bare {@code WHERE}, unbalanced quotes, an unknown level or
 *   other method, a missing {@code .period}, see {@link TickscriptChecker});</li>
 *   <li>{@code PATCH /kapacitor/v1/tasks/<id>} -> 200 + the task, 404 {@code task does not exist, cannot update};</li>
 *   <li>{@code DELETE /kapacitor/v1/tasks/<id>} -> 204, also for unknown ids;</li>
 *   <li>{@code GET /kapacitor/v1/tasks/<id>} -> 200 or 404 {@code no task exists};</li>
 *   <li>{@code GET /kapacitor/v1/tasks?pattern=&limit=&offset=} -> {@code {"tasks":[...]}} sorted by id.</li>
 * </ul>
 * Error bodies are pretty-printed with a 4-space indent, and stored scripts are reformatted (tabs to four spaces,
 * blank lines dropped) as Kapacitor reformats them, so a test can never get away with comparing them byte for byte.
 * Vars are stored and returned unchanged. Thread-safe: tasks live in a concurrent map; each request is handled on
 * its own thread.
 */
public final class KapacitorDouble implements AutoCloseable {

    /** The version the ping reports. */
    public static final String VERSION = "1.7.6";

    private static final Pattern TASK_ID = Pattern.compile("[-._\\p{L}0-9]+");
    private static final String PREFIX = "/kapacitor/v1";

    private final ObjectMapper json = new ObjectMapper();
    private final Map<String, ObjectNode> tasks = new ConcurrentSkipListMap<>();
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final HttpServer server;
    private final ExecutorService executor;

    private KapacitorDouble(int port) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        executor = Executors.newVirtualThreadPerTaskExecutor();
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    /** A double on a free port. */
    public static KapacitorDouble start() throws IOException {
        return new KapacitorDouble(0);
    }

    /** A double on {@code port} (to bring "Kapacitor" up where a client already expects it). */
    public static KapacitorDouble start(int port) throws IOException {
        return new KapacitorDouble(port);
    }

    /** The base URL, e.g. {@code http://127.0.0.1:41234}. */
    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** The port it listens on. */
    public int port() {
        return server.getAddress().getPort();
    }

    /** A copy of the stored task, as {@code GET /kapacitor/v1/tasks/<id>} would answer it. */
    public Optional<JsonNode> task(String id) {
        ObjectNode task = tasks.get(id);
        return task == null ? Optional.empty() : Optional.of(task.deepCopy());
    }

    /** The ids of the stored tasks, sorted. */
    public List<String> taskIds() {
        return List.copyOf(tasks.keySet());
    }

    /** Stores a task directly, as another Kapacitor user would have created it (no validation). */
    public void putForeignTask(String id, String script) {
        ObjectNode task = json.createObjectNode();
        task.put("id", id);
        task.put("type", "batch");
        task.put("script", script);
        task.putObject("vars");
        tasks.put(id, decorate(task, null));
    }

    /** Every request so far, as {@code "METHOD /path?query"}. */
    public List<String> requests() {
        return List.copyOf(requests);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            String path = exchange.getRequestURI().getRawPath();
            String query = exchange.getRequestURI().getRawQuery();
            requests.add(method + " " + path + (query == null ? "" : "?" + query));
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            if (!path.startsWith(PREFIX + "/")) {
                error(exchange, 404, "not found");
                return;
            }
            String rest = path.substring(PREFIX.length() + 1);
            if (rest.equals("ping") && (method.equals("GET") || method.equals("HEAD"))) {
                exchange.getResponseHeaders().set("X-Kapacitor-Version", VERSION);
                exchange.sendResponseHeaders(204, -1);
            } else if (rest.equals("tasks") && method.equals("POST")) {
                create(exchange, body);
            } else if (rest.equals("tasks") && method.equals("GET")) {
                list(exchange, query);
            } else if (rest.startsWith("tasks/")) {
                String id = URLDecoder.decode(rest.substring("tasks/".length()), StandardCharsets.UTF_8);
                switch (method) {
                    case "GET" -> {
                        ObjectNode task = tasks.get(id);
                        if (task == null) {
                            error(exchange, 404, "no task exists");
                        } else {
                            send(exchange, 200, task);
                        }
                    }
                    case "PATCH" -> patch(exchange, id, body);
                    case "DELETE" -> {
                        tasks.remove(id);
                        exchange.sendResponseHeaders(204, -1);
                    }
                    default -> error(exchange, 405, "method not allowed");
                }
            } else {
                error(exchange, 404, "not found");
            }
        } catch (RuntimeException e) {
            // A bug in the double must show in the test that met it, not hang the client.
            error(exchange, 500, "test double failed: " + e);
        }
    }

    private void create(HttpExchange exchange, byte[] body) throws IOException {
        JsonNode request = parse(exchange, body);
        if (request == null) {
            return;
        }
        String id = request.path("id").asText("");
        if (!TASK_ID.matcher(id).matches()) {
            error(exchange, 400, "task ID must contain only letters, numbers, '-', '.' and '_'. \"" + id + "\"");
            return;
        }
        Optional<String> invalid = validate(request, true);
        if (invalid.isPresent()) {
            error(exchange, 400, invalid.get());
            return;
        }
        ObjectNode task = json.createObjectNode();
        task.put("id", id);
        task.put("type", request.path("type").asText());
        task.set("dbrps", request.get("dbrps"));
        task.put("script", reformat(request.path("script").asText()));
        task.put("status", request.path("status").asText("disabled"));
        task.set("vars", request.has("vars") ? request.get("vars") : json.createObjectNode());
        synchronized (tasks) {
            if (tasks.containsKey(id)) {
                error(exchange, 400, "task " + id + " already exists");
                return;
            }
            tasks.put(id, decorate(task, null));
        }
        send(exchange, 200, tasks.get(id));
    }

    private void patch(HttpExchange exchange, String id, byte[] body) throws IOException {
        JsonNode request = parse(exchange, body);
        if (request == null) {
            return;
        }
        Optional<String> invalid = validate(request, false);
        if (invalid.isPresent()) {
            error(exchange, 400, invalid.get());
            return;
        }
        ObjectNode updated;
        synchronized (tasks) {
            ObjectNode task = tasks.get(id);
            if (task == null) {
                error(exchange, 404, "task does not exist, cannot update");
                return;
            }
            updated = task.deepCopy();
            for (String field : List.of("type", "dbrps", "status", "vars")) {
                if (request.has(field)) {
                    updated.set(field, request.get(field));
                }
            }
            if (request.has("script")) {
                updated.put("script", reformat(request.path("script").asText()));
            }
            tasks.put(id, decorate(updated, task.path("created").asText()));
        }
        send(exchange, 200, tasks.get(id));
    }

    private void list(HttpExchange exchange, String rawQuery) throws IOException {
        Map<String, String> params = new HashMap<>();
        if (rawQuery != null) {
            for (String pair : rawQuery.split("&")) {
                int eq = pair.indexOf('=');
                String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                params.put(key, value);
            }
        }
        int limit;
        int offset;
        try {
            limit = Integer.parseInt(params.getOrDefault("limit", "100"));
            offset = Integer.parseInt(params.getOrDefault("offset", "0"));
        } catch (NumberFormatException e) {
            error(exchange, 400, "invalid limit or offset: " + e.getMessage());
            return;
        }
        String pattern = params.getOrDefault("pattern", "");
        var matcher = pattern.isEmpty() ? null : FileSystems.getDefault().getPathMatcher("glob:" + pattern);
        List<ObjectNode> matching = new ArrayList<>();
        for (ObjectNode task : tasks.values()) {
            if (matcher == null || matcher.matches(Path.of(task.path("id").asText()))) {
                matching.add(task);
            }
        }
        ObjectNode answer = json.createObjectNode();
        ArrayNode page = answer.putArray("tasks");
        matching.stream().skip(offset).limit(limit).forEach(page::add);
        send(exchange, 200, answer);
    }

    /** What Kapacitor refuses in a create ({@code full}) or patch body, as its error message. */
    private Optional<String> validate(JsonNode request, boolean full) {
        if (full || request.has("type")) {
            String type = request.path("type").asText("");
            if (!type.equals("batch") && !type.equals("stream")) {
                return Optional.of("unknown task type \"" + type + "\"");
            }
        }
        if (full || request.has("dbrps")) {
            JsonNode dbrps = request.path("dbrps");
            if (!dbrps.isArray() || dbrps.isEmpty() || !dbrps.get(0).path("db").isTextual()
                || !dbrps.get(0).path("rp").isTextual()) {
                return Optional.of("must provide at least one database and retention policy.");
            }
        }
        if (request.has("vars")) {
            for (Map.Entry<String, JsonNode> var : request.get("vars").properties()) {
                JsonNode v = var.getValue();
                if (!v.path("type").asText("").equals("string") || !v.path("value").isTextual()) {
                    return Optional.of("invalid var " + var.getKey() + ": expected {\"type\":\"string\",\"value\":...}");
                }
            }
        }
        if (full || request.has("script")) {
            String script = request.path("script").asText("");
            try {
                TickscriptChecker.checkBatch(script);
            } catch (IllegalArgumentException e) {
                return Optional.of("invalid TICKscript: " + e.getMessage());
            }
        }
        return Optional.empty();
    }

    private JsonNode parse(HttpExchange exchange, byte[] body) throws IOException {
        try {
            JsonNode node = json.readTree(body);
            if (node == null || !node.isObject()) {
                error(exchange, 400, "invalid JSON: expected an object");
                return null;
            }
            return node;
        } catch (IOException e) {
            error(exchange, 400, "invalid JSON: " + e.getMessage());
            return null;
        }
    }

    /** Adds the fields Kapacitor adds to a stored task. */
    private ObjectNode decorate(ObjectNode task, String created) {
        String now = Instant.now().toString();
        String id = task.path("id").asText();
        ObjectNode link = json.createObjectNode();
        link.put("rel", "self");
        link.put("href", PREFIX + "/tasks/" + id);
        task.set("link", link);
        task.put("executing", task.path("status").asText().equals("enabled"));
        task.put("error", "");
        task.put("dot", "digraph " + id + " {}");
        task.put("created", created == null ? now : created);
        task.put("modified", now);
        return task;
    }

    /** Kapacitor stores its own formatting of a script: model that, so nobody compares scripts byte for byte. */
    private static String reformat(String script) {
        StringBuilder out = new StringBuilder();
        for (String line : script.replace("\t", "    ").split("\n")) {
            if (!line.isBlank()) {
                out.append(line).append('\n');
            }
        }
        return out.toString();
    }

    private void error(HttpExchange exchange, int status, String message) throws IOException {
        ObjectNode body = json.createObjectNode().put("error", message);
        DefaultPrettyPrinter printer = new DefaultPrettyPrinter().withObjectIndenter(new DefaultIndenter("    ", "\n"));
        byte[] bytes = json.writer(printer).writeValueAsBytes(body);
        respond(exchange, status, bytes);
    }

    private void send(HttpExchange exchange, int status, JsonNode body) throws IOException {
        respond(exchange, status, json.writeValueAsBytes(body));
    }

    private static void respond(HttpExchange exchange, int status, byte[] bytes) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        exchange.getResponseHeaders().set("X-Kapacitor-Version", VERSION);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** Stops listening at once (a client sees the connection refused from then on). */
    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
