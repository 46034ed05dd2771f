package io.pulse.api.http;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.pulse.api.http.RelayAndOpsRoutesTest.JSON;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Swagger UI at {@code /openapi/ui}, on the real Helidon server: the page and its files (from the WebJar, unpacked at
 * build time) answer without the token, the page loads only files of this server, its script points Swagger UI at
 * this server's {@code /openapi}, and the document tells it how to send the token. The page rendering the operations
 * in a browser is the distribution's {@code DashboardBrowserIT}.
 */
class OpenApiUiRoutesTest {

    @AutoClose
    static ApiServer api;

    @BeforeAll
    static void start() throws Exception {
        api = ApiServer.start(new FakeServer(new RecordingStorage()));
    }

    @Test
    void thePageIsServedWithoutATokenAndLoadsOnlyFilesOfThisServer() throws Exception {
        Http.Response page = api.http.get("/openapi/ui", null);
        assertEquals(200, page.status());
        assertEquals("text/html; charset=utf-8", page.header("Content-Type"));
        for (String file : List.of("ui/swagger-ui-bundle.js", "ui/swagger-ui.css", "ui/openapi-ui.js")) {
            assertTrue(page.body().contains("\"" + file + "\""), "the page loads " + file);
        }
        assertTrue(!page.body().contains("http://") && !page.body().contains("https://"),
            "nothing is loaded from elsewhere: " + page.body());
        assertTrue(!page.body().contains("<script>"), "no inline script (the policy forbids it)");
        String policy = page.header("Content-Security-Policy");
        assertTrue(policy.contains("script-src 'self'") && policy.contains("connect-src 'self'"), policy);
    }

    @Test
    void swaggerUisFilesComeFromTheWebJarWithTheirTypes() throws Exception {
        Http.Response bundle = file("/openapi/ui/swagger-ui-bundle.js", "text/javascript; charset=utf-8");
        assertTrue(bundle.body().contains("SwaggerUIBundle"), "the WebJar's bundle");
        assertTrue(bundle.body().length() > 1_000_000, "the whole bundle: " + bundle.body().length());
        assertTrue(file("/openapi/ui/swagger-ui.css", "text/css; charset=utf-8").body().contains(".swagger-ui"));
        assertTrue(file("/openapi/ui/swagger-ui-bundle.js.LICENSE.txt", "text/plain; charset=utf-8").body()
            .contains("@license"));
        Http.Response icon = file("/openapi/ui/favicon-32x32.png", "image/png");
        assertTrue(icon.body().substring(0, 8).contains("PNG"), "a PNG");
    }

    @Test
    void itsScriptPointsSwaggerUiAtThisServersDocumentWithoutTheInternet() throws Exception {
        String script = file("/openapi/ui/openapi-ui.js", "text/javascript; charset=utf-8").body();
        assertTrue(script.contains("new URL(\"../openapi\", window.location.href)"), script);
        assertTrue(script.contains("validatorUrl: null"), "no call to the public validator: " + script);
        assertTrue(!script.contains("petstore"), script);
    }

    @Test
    void theDocumentTellsSwaggerUiToCallThisServerWithTheToken() throws Exception {
        JsonNode document = JSON.readTree(api.http.get("/openapi", null).body());
        assertEquals("/", document.get("servers").get(0).get("url").asText(), "relative: the server it came from");
        JsonNode token = document.get("components").get("securitySchemes").get("token");
        assertEquals("apiKey", token.get("type").asText());
        assertEquals("X-AUTH-TOKEN", token.get("name").asText());
        assertEquals(200, api.http.send("GET", "/keys", Map.of("X-AUTH-TOKEN", ApiServer.TOKEN), null).status(),
            "what Authorize sends is what the API takes");
    }

    @Test
    void unknownFilesAre404AndTheApiStillNeedsTheToken() throws Exception {
        for (String path : List.of("/openapi/ui/index.html", "/openapi/ui/swagger-initializer.js",
            "/openapi/ui/nope.js", "/openapi/ui/swagger-ui-standalone-preset.js")) {
            Http.Response r = api.http.get(path, null);
            assertEquals(404, r.status(), path);
            assertEquals("404 page not found\n", r.body(), path);
        }
        assertEquals(401, api.http.get("/keys", null).status());
        assertEquals(401, api.http.get("/openapi/uix", null).status());
        for (String target : List.of("/openapi/ui/../../keys", "/openapi/ui/%2e%2e/%2e%2e/keys")) {
            Http.Response r = RawSocket.get(api.frontEnd.port(), target, "wrong");
            assertTrue(r.status() == 401 || r.status() == 404 || r.status() == 400, target + " answered " + r.status());
        }
    }

    private static Http.Response file(String path, String type) throws Exception {
        Http.Response r = api.http.get(path, null);
        assertEquals(200, r.status(), path);
        assertEquals(type, r.header("Content-Type"), path);
        assertEquals("no-cache", r.header("Cache-Control"), path);
        return r;
    }
}
