package io.pulse.api.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pulse.api.http.routes.DashboardRoutes;
import io.pulse.api.http.routes.LiveRoutes;
import io.pulse.api.http.routes.OpenApiUiRoutes;
import io.pulse.api.http.routes.OpsRoutes;
import io.pulse.api.http.routes.Route;
import io.pulse.spi.ServerSettings;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Keeps the OpenAPI document in step with the routing: every registered route is documented, every documented
 * operation is registered, the running server answers exactly the documented operations (probed over HTTP, see
 * {@link #theRunningServerAnswersExactlyTheDocumentedOperations}), and every {@code $ref} in the document resolves.
 */
class OpenApiSyncTest {

    static final ObjectMapper JSON = new ObjectMapper();
    @AutoClose
    static ApiServer api;
    static JsonNode document;

    @BeforeAll
    static void start() throws Exception {
        api = ApiServer.start(new FakeServer(new RecordingStorage()));
        document = JSON.readTree(api.http.get("/openapi", null).body());
    }

    @Test
    void servedDocumentIsTheShippedOneWithTheServersVersion() throws Exception {
        JsonNode shipped = JSON.readTree(OpsRoutes.openApiDocument());
        ((ObjectNode) shipped.get("info")).put("version", TestPluginContext.SETTINGS.version());
        assertEquals(shipped, document);
        assertEquals("3.0.3", document.get("openapi").asText());
    }

    @Test
    void infoVersionIsTheVersionOfTheServerThatServesIt() throws Exception {
        FakeServer server = new FakeServer(new RecordingStorage());
        ServerSettings s = TestPluginContext.SETTINGS;
        server.settings = new ServerSettings(s.pollInterval(), s.beatInterval(), s.aggregateInterval(), s.retention(),
            s.rawRetention(), "7.6.5-rc1");
        try (ApiServer other = ApiServer.start(server)) {
            JsonNode served = JSON.readTree(other.http.get("/openapi", null).body());
            assertEquals("7.6.5-rc1", served.get("info").get("version").asText());
            assertEquals(document.get("paths"), served.get("paths"), "the same API otherwise");
        }
    }

    @Test
    void everyRouteIsDocumentedAndEveryDocumentedOperationIsARoute() {
        Set<String> routed = new TreeSet<>();
        for (Route route : api.frontEnd.routes().table()) {
            routed.add(route.method().text() + " " + route.path());
        }
        Set<String> documented = new TreeSet<>();
        document.get("paths").properties().forEach(path -> {
            Iterator<String> methods = path.getValue().fieldNames();
            methods.forEachRemaining(m -> documented.add(m.toUpperCase(Locale.ROOT) + " " + path.getKey()));
        });
        assertEquals(routed, documented);
    }

    /**
     * The document against the real server, not against the route table it was written from: every documented
     * operation, sent to the running server, reaches a route (not the catch-all 404), and every method the document
     * does not list for a path gets the catch-all 404 - so a route added, removed or renamed in the routing without
     * the document (or the other way round) fails here.
     */
    @Test
    void theRunningServerAnswersExactlyTheDocumentedOperations() throws Exception {
        List<String> wrong = new ArrayList<>();
        for (Map.Entry<String, JsonNode> path : document.get("paths").properties()) {
            if (path.getKey().equals(LiveRoutes.PATH)) {
                continue; // a stream that never ends by itself: LiveStreamTest reads it
            }
            String asset = path.getKey().startsWith(OpenApiUiRoutes.ASSET_PREFIX) ? "openapi-ui.js" : "dashboard.js";
            String concrete = path.getKey().replace("{stat}", "cpu_used").replace("{id}", "x")
                .replace("{asset}", asset);
            Set<String> documented = new TreeSet<>();
            path.getValue().fieldNames().forEachRemaining(m -> documented.add(m.toUpperCase(Locale.ROOT)));
            for (String method : List.of("GET", "POST", "PUT", "DELETE", "PATCH")) {
                Http.Response r = send(method, concrete);
                boolean routed = !(r.status() == 404 && r.body().equals("404 page not found\n"));
                if (routed != documented.contains(method)) {
                    wrong.add(method + " " + path.getKey() + (routed ? " is routed but not documented"
                        : " is documented but not routed") + " (" + r.status() + ")");
                }
            }
        }
        assertEquals(List.of(), wrong);
    }

    /** One request over a raw socket (HttpURLConnection refuses PATCH), with the token and a small JSON body. */
    private static Http.Response send(String method, String path) throws Exception {
        try (RawSocket s = new RawSocket(api.frontEnd.port())) {
            s.write(method + " " + path + " HTTP/1.1\r\nHost: x\r\nX-AUTH-TOKEN: " + ApiServer.TOKEN
                + "\r\nContent-Type: application/json\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}");
            return s.readResponse();
        }
    }

    @Test
    void everyOperationHasResponsesAndEveryPathParameterIsDeclared() {
        document.get("paths").properties().forEach(path -> path.getValue().properties().forEach(op -> {
            String where = op.getKey() + " " + path.getKey();
            assertTrue(op.getValue().has("responses") && op.getValue().get("responses").size() > 0, where);
            Set<String> declared = new TreeSet<>();
            if (op.getValue().has("parameters")) {
                op.getValue().get("parameters").forEach(p -> {
                    if (p.get("in").asText().equals("path")) {
                        declared.add(p.get("name").asText());
                    }
                });
            }
            Set<String> inTemplate = new TreeSet<>();
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\{(\\w+)}").matcher(path.getKey());
            while (m.find()) {
                inTemplate.add(m.group(1));
            }
            assertEquals(inTemplate, declared, where);
        }));
    }

    @Test
    void everyReferenceResolves() {
        Set<String> refs = new TreeSet<>();
        collectRefs(document, refs);
        assertTrue(refs.size() > 5, refs.toString());
        for (String ref : refs) {
            assertTrue(ref.startsWith("#/"), ref);
            assertTrue(!document.at(ref.substring(1)).isMissingNode(), "unresolved " + ref);
        }
    }

    @Test
    void onlyTheDocumentTheDashboardFilesAndTheOpsRoutesAreOpenWithoutAToken() {
        Set<String> openPaths = new java.util.HashSet<>(Set.of(OpsRoutes.OPENAPI_PATH, DashboardRoutes.PAGE_PATH,
            DashboardRoutes.ASSET_PREFIX + "{asset}", OpenApiUiRoutes.PAGE_PATH, OpenApiUiRoutes.ASSET_PREFIX + "{asset}"));
        openPaths.addAll(OpsRoutes.OPS_PATHS); // open by default (open-ops-routes)
        document.get("paths").properties().forEach(path -> path.getValue().properties().forEach(op -> {
            boolean open = op.getValue().has("security") && op.getValue().get("security").isEmpty();
            assertEquals(openPaths.contains(path.getKey()), open, op.getKey() + " " + path.getKey());
        }));
    }

    private static void collectRefs(JsonNode node, Set<String> refs) {
        if (node.isObject()) {
            for (Map.Entry<String, JsonNode> e : node.properties()) {
                if (e.getKey().equals("$ref")) {
                    refs.add(e.getValue().asText());
                } else {
                    collectRefs(e.getValue(), refs);
                }
            }
        } else if (node.isArray()) {
            node.forEach(child -> collectRefs(child, refs));
        }
    }
}
