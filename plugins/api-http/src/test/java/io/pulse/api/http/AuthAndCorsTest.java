package io.pulse.api.http;

import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Token auth, CORS headers, OPTIONS and unknown routes, against a real server. */
class AuthAndCorsTest {

    static final RecordingStorage STORAGE = new RecordingStorage();
    @AutoClose
    static ApiServer api;

    @BeforeAll
    static void start() throws Exception {
        STORAGE.keys = List.of("cpu_used", "ram_used");
        api = ApiServer.startAllowingCors(new FakeServer(STORAGE));
    }

    @Test
    void tokenInHeaderIsAccepted() throws Exception {
        Http.Response r = api.http.get("/keys", ApiServer.TOKEN);
        assertEquals(200, r.status());
        assertEquals("[\"cpu_used\",\"ram_used\"]\n", r.body());
        assertEquals("application/json", r.header("Content-Type"));
    }

    @Test
    void headerNameIsCaseInsensitive() throws Exception {
        Http.Response r = api.http.send("GET", "/keys", Map.of("x-auth-token", ApiServer.TOKEN), null);
        assertEquals(200, r.status());
    }

    @Test
    void tokenInQueryParameterSpelledExactly() throws Exception {
        assertEquals(200, api.http.get("/keys?X-AUTH-TOKEN=" + ApiServer.TOKEN, null).status());
        assertEquals(401, api.http.get("/keys?x-auth-token=" + ApiServer.TOKEN, null).status());
        assertEquals(401, api.http.get("/keys?X-Auth-Token=" + ApiServer.TOKEN, null).status());
    }

    @Test
    void queryTokenIsPercentDecoded() throws Exception {
        try (ApiServer odd = ApiServer.start(new FakeServer(STORAGE), Map.of("token", "a b&c=d+é"),
            Clock.systemUTC())) {
            assertEquals(200, odd.http.get("/keys?X-AUTH-TOKEN=a+b%26c%3Dd%2B%C3%A9", null).status());
            assertEquals(401, odd.http.get("/keys?X-AUTH-TOKEN=a+b", null).status());
        }
    }

    @Test
    void queryTokenIsNotAFilter() throws Exception {
        STORAGE.queries.clear();
        api.http.get("/latest/cpu_used?X-AUTH-TOKEN=" + ApiServer.TOKEN + "&host=a", null);
        var query = STORAGE.last(io.pulse.spi.storage.LatestQuery.class);
        assertEquals(List.of("host"), List.copyOf(query.filter().asMap().keySet()));
    }

    @Test
    void emptyHeaderFallsBackToQuery() throws Exception {
        Http.Response r = api.http.send("GET", "/keys?X-AUTH-TOKEN=" + ApiServer.TOKEN, Map.of("X-AUTH-TOKEN", ""), null);
        assertEquals(200, r.status());
    }

    @Test
    void wrongOrMissingTokenIs401WithEmptyBody() throws Exception {
        for (String token : new String[] {null, "", "wrong", ApiServer.TOKEN + "x", ApiServer.TOKEN.substring(1)}) {
            Http.Response r = api.http.get("/keys", token);
            assertEquals(401, r.status(), "token " + token);
            assertEquals("", r.body());
        }
    }

    @Test
    void authComesBeforeRouting() throws Exception {
        assertEquals(401, api.http.get("/no/such/route", null).status());
        Http.Response r = api.http.get("/no/such/route", ApiServer.TOKEN);
        assertEquals(404, r.status());
        assertEquals("404 page not found\n", r.body());
        assertTrue(r.header("Content-Type").startsWith("text/plain"));
    }

    @Test
    void unknownMethodOnKnownPathIs404() throws Exception {
        Http.Response r = api.send("DELETE", "/keys", null);
        assertEquals(404, r.status());
        assertEquals("404 page not found\n", r.body());
        assertEquals(404, api.send("PUT", "/ping", "{}").status());
    }

    @Test
    void optionsNeedsNoTokenAndAnswersWithCors() throws Exception {
        for (String path : new String[] {"/", "/latest/cpu_used", "/anything/at/all", "/alerts"}) {
            Http.Response r = api.http.send("OPTIONS", path, Map.of(), null);
            assertEquals(200, r.status(), path);
            assertEquals("{\"msg\":\"Success\"}\n", r.body());
            assertCors(r);
        }
    }

    @Test
    void openApiNeedsNoToken() throws Exception {
        Http.Response r = api.http.get("/openapi", null);
        assertEquals(200, r.status());
        assertTrue(r.body().contains("\"openapi\""));
    }

    @Test
    void pingAnswersPongAsText() throws Exception {
        Http.Response r = api.get("/ping");
        assertEquals(200, r.status());
        assertEquals("pong", r.body());
        assertTrue(r.header("Content-Type").startsWith("text/plain"));
    }

    @Test
    void corsHeadersOnTheOriginalsRoutesAndTheNewOnes() throws Exception {
        STORAGE.latest = java.util.Optional.of(new io.pulse.spi.storage.Point(60_000, 1.5));
        for (String path : new String[] {"/latest/cpu_used", "/relays", "/overrides", "/metrics", "/health",
            "/alerts"}) {
            assertCors(api.get(path));
        }
        // also on errors
        Http.Response bad = api.get("/latest/cpu_used?verb=avg");
        assertEquals(400, bad.status());
        assertCors(bad);
        Http.Response badHourly = api.get("/hourly/cpu_used?start=abc");
        assertEquals(400, badHourly.status());
        assertCors(badHourly);
        Http.Response noAlerts = api.get("/alerts");
        assertEquals(404, noAlerts.status());
        assertCors(noAlerts);
    }

    @Test
    void noCorsWhereTheOriginalHadNone() throws Exception {
        for (String path : new String[] {"/ping", "/keys", "/tags"}) {
            assertNull(api.get(path).header("Access-Control-Allow-Origin"), path);
        }
    }

    @Test
    void explicitlyEmptyTokenDisablesAuth() throws Exception {
        try (ApiServer open = ApiServer.start(new FakeServer(STORAGE), Map.of("token", ""),
            Clock.systemUTC())) {
            assertEquals(200, open.http.get("/keys", null).status());
            assertEquals(200, open.http.get("/keys", "anything").status());
        }
    }

    @Test
    void absentTokenMeansTheDefaultSecret() throws Exception {
        HttpApiFrontEnd frontEnd = ApiServer.create(new FakeServer(STORAGE), Map.of("listen-address", "127.0.0.1:0"),
            Clock.systemUTC());
        frontEnd.start();
        try {
            Http http = new Http("http://127.0.0.1:" + frontEnd.port());
            assertEquals(401, http.get("/keys", null).status());
            assertEquals(200, http.get("/keys", "secret").status());
        } finally {
            frontEnd.close();
        }
    }

    /** The CORS headers with the default {@code cors-allow} of {@code *}. */
    static void assertCorsDefault(Http.Response r) {
        assertEquals("*", r.header("Access-Control-Allow-Origin"));
        assertEquals("GET, POST, PUT, DELETE", r.header("Access-Control-Allow-Methods"));
        assertEquals("X-AUTH-TOKEN, X-CSRF-Token", r.header("Access-Control-Allow-Headers"));
    }

    static void assertCors(Http.Response r) {
        assertEquals("https://dash.example", r.header("Access-Control-Allow-Origin"));
        assertEquals("GET, POST, PUT, DELETE", r.header("Access-Control-Allow-Methods"));
        assertEquals("X-AUTH-TOKEN, X-CSRF-Token", r.header("Access-Control-Allow-Headers"));
    }
}
