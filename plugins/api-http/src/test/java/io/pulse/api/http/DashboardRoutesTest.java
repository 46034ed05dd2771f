package io.pulse.api.http;

import io.pulse.api.http.security.TokenAuth;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The dashboard's page and files: served without the token, and opening nothing else. */
class DashboardRoutesTest {

    @AutoClose
    static ApiServer api;

    @BeforeAll
    static void start() throws Exception {
        RecordingStorage storage = new RecordingStorage();
        storage.keys = List.of("cpu_used");
        api = ApiServer.start(new FakeServer(storage));
    }

    @Test
    void thePageIsServedWithoutATokenAndLoadsOnlyItsOwnFiles() throws Exception {
        Http.Response page = api.http.get("/", null);
        assertEquals(200, page.status());
        assertEquals("text/html; charset=utf-8", page.header("Content-Type"));
        assertTrue(page.body().contains("<title>Pulse dashboard</title>"), page.body());
        for (String file : List.of("ui/uPlot.iife.min.js", "ui/uPlot.min.css", "ui/dashboard.js", "ui/dashboard.css")) {
            assertTrue(page.body().contains("\"" + file + "\""), "the page loads " + file);
        }
        assertTrue(!page.body().contains("http://") && !page.body().contains("https://"),
            "nothing is loaded from elsewhere");
        String policy = page.header("Content-Security-Policy");
        assertTrue(policy.contains("script-src 'self'") && policy.contains("connect-src 'self'"), policy);
    }

    @Test
    void theFilesComeWithTheirTypesWithoutAToken() throws Exception {
        assertFile("/ui/dashboard.js", "text/javascript; charset=utf-8", "new EventSource(");
        assertFile("/ui/dashboard.css", "text/css; charset=utf-8", "@media");
        // uPlot, unpacked from the WebJar at build time.
        assertFile("/ui/uPlot.iife.min.js", "text/javascript; charset=utf-8", "var uPlot=");
        assertFile("/ui/uPlot.min.css", "text/css; charset=utf-8", ".uplot");
        assertFile("/ui/uPlot-LICENSE.txt", "text/plain; charset=utf-8", "MIT");
    }

    @Test
    void anUnknownFileIsTheOriginalsNotFound() throws Exception {
        for (String path : List.of("/ui/nope.js", "/ui/openapi.json", "/ui/dashboard.html", "/ui/LICENSE")) {
            Http.Response r = api.http.get(path, null);
            assertEquals(404, r.status(), path);
            assertEquals("404 page not found\n", r.body(), path);
        }
    }

    @Test
    void theApiStillNeedsTheTokenNextToTheOpenFiles() throws Exception {
        assertEquals(401, api.http.get("/keys", null).status());
        assertEquals(401, api.http.get("/uix", null).status());
        assertEquals(401, api.http.get("/ui", null).status());
        // Dot segments must not turn an open path into an API call without the token.
        for (String target : List.of("/ui/../keys", "/ui/%2e%2e/keys", "/ui/..%2fkeys", "/./keys", "//keys")) {
            Http.Response r = RawSocket.get(api.frontEnd.port(), target, "wrong");
            assertTrue(r.status() == 401 || r.status() == 404 || r.status() == 400,
                target + " answered " + r.status() + " " + r.body());
            assertTrue(!r.body().contains("cpu_used"), target + " leaked " + r.body());
        }
        assertEquals(200, api.get("/keys").status());
    }

    @Test
    void anOpenPrefixMustEndWithASlash() {
        // Without the slash, "/ui" would open "/uix" and "/ui-admin" too.
        assertThrows(IllegalArgumentException.class, () -> new TokenAuth("t", Set.of(), Set.of("/ui")));
        assertThrows(IllegalArgumentException.class, () -> new TokenAuth("t", Set.of(), Set.of("/")));
    }

    private static void assertFile(String path, String type, String content) throws Exception {
        Http.Response r = api.http.get(path, null);
        assertEquals(200, r.status(), path);
        assertEquals(type, r.header("Content-Type"), path);
        assertTrue(r.body().contains(content), path + " contains " + content);
    }
}
