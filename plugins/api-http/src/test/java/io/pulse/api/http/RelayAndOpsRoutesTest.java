package io.pulse.api.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.pulse.spi.Health;
import io.pulse.spi.frontend.CollectorInfo;
import io.pulse.spi.frontend.ComponentHealth;
import io.pulse.spi.frontend.RelayInfo;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static io.pulse.api.http.AlertRoutesTest.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The relay admin routes and the operator routes, against a real server and a test double of the kernel's
 * {@link io.pulse.spi.frontend.FrontEndContext}.
 */
class RelayAndOpsRoutesTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");

    static FakeServer server;
    @AutoClose
    static ApiServer api;

    @BeforeAll
    static void start() throws Exception {
        server = new FakeServer(new RecordingStorage());
        server.clock = Clock.fixed(T0, ZoneOffset.UTC);
        api = ApiServer.startAllowingCors(server);
    }

    @BeforeEach
    void reset() {
        server.relays.clear();
        server.flushed.clear();
        server.overrides.clear();
    }

    @Test
    void relaysAreListedWithCollectorsAndTimes() throws Exception {
        server.relays.add(new RelayInfo("web2", "10.0.0.6:40001", T0, List.of(), null, null));
        server.relays.add(new RelayInfo("web1", "10.0.0.5:51234", T0.minusSeconds(60),
            List.of(new CollectorInfo("cpu_used", List.of("service:web", "bare", ""))),
            T0.minusSeconds(2), T0.minusSeconds(1)));
        Http.Response r = api.get("/relays");
        assertEquals(200, r.status());
        AuthAndCorsTest.assertCors(r);
        assertEquals("[{\"id\":\"web1\",\"address\":\"10.0.0.5:51234\",\"connected_since\":"
            + T0.minusSeconds(60).toEpochMilli() + ",\"collectors\":[{\"name\":\"cpu_used\","
            + "\"tags\":[\"service:web\",\"bare\",\"\"]}],\"last_poll\":" + T0.minusSeconds(2).toEpochMilli() + ",\"last_answer\":"
            + T0.minusSeconds(1).toEpochMilli() + "},"
            + "{\"id\":\"web2\",\"address\":\"10.0.0.6:40001\",\"connected_since\":" + T0.toEpochMilli()
            + ",\"collectors\":[],\"last_poll\":null,\"last_answer\":null}]\n", r.body());
    }

    @Test
    void noRelaysIsAnEmptyArray() throws Exception {
        assertEquals("[]\n", api.get("/relays").body());
    }

    @Test
    void flushReachesAConnectedRelayAndNamesAnUnknownOne() throws Exception {
        server.relays.add(new RelayInfo("web 1", "10.0.0.5:51234", T0, List.of(), null, null));
        Http.Response r = api.send("POST", "/relays/web%201/flush", null);
        assertEquals(200, r.status());
        assertEquals("{\"msg\":\"Success\"}\n", r.body());
        assertEquals(List.of("web 1"), server.flushed);
        Http.Response unknown = api.send("POST", "/relays/db1/flush", null);
        assertError(404, "no relay with id 'db1' is connected", unknown);
        AuthAndCorsTest.assertCors(unknown);
    }

    @Test
    void overrideAcceptsSecondsAndDurationStrings() throws Exception {
        Http.Response r = api.send("POST", "/overrides",
            "{\"duration\":\"10m\",\"collectors\":{\"cpu_used\":5,\"ram_used\":\"1m30s\"}}");
        assertEquals(200, r.status(), r.body());
        assertEquals("{\"collectors\":{\"cpu_used\":5,\"ram_used\":90},\"started\":" + T0.toEpochMilli()
            + ",\"until\":" + T0.plus(Duration.ofMinutes(10)).toEpochMilli() + "}\n", r.body());
        Map<String, Duration> expected = new TreeMap<>(Map.of("cpu_used", Duration.ofSeconds(5),
            "ram_used", Duration.ofSeconds(90)));
        assertEquals(expected, server.overrides.get(0).collectors());

        api.send("POST", "/overrides", "{\"duration\":60,\"collectors\":{\"disk\":1}}");
        var list = JSON.readTree(api.get("/overrides").body());
        assertEquals(2, list.size());
        assertEquals(1L, list.get(0).get("collectors").get("disk").asLong()); // soonest-ending first
    }

    @Test
    void badOverridesAreNamed() throws Exception {
        assertError(400, "'duration' is required: whole seconds (e.g. 600) or a duration such as \"10m\"",
            api.send("POST", "/overrides", "{\"collectors\":{\"cpu_used\":5}}"));
        assertError(400, "'collectors' is required: an object of collector names to poll intervals in seconds,"
            + " e.g. {\"cpu_used\":5}", api.send("POST", "/overrides", "{\"duration\":\"10m\"}"));
        assertError(400, "'collectors' is required: an object of collector names to poll intervals in seconds,"
            + " e.g. {\"cpu_used\":5}", api.send("POST", "/overrides", "{\"duration\":\"10m\",\"collectors\":{}}"));
        assertError(400, "'collectors.cpu_used' must be a positive whole number of seconds, got 0",
            api.send("POST", "/overrides", "{\"duration\":\"10m\",\"collectors\":{\"cpu_used\":0}}"));
        assertError(400, "'collectors.cpu_used' must be whole seconds (e.g. 5) or a duration such as \"30s\", got 2.5",
            api.send("POST", "/overrides", "{\"duration\":\"10m\",\"collectors\":{\"cpu_used\":2.5}}"));
        assertError(400, "'collectors.cpu_used' must be a positive whole number of seconds, got \"1500ms\"",
            api.send("POST", "/overrides", "{\"duration\":\"10m\",\"collectors\":{\"cpu_used\":\"1500ms\"}}"));
        assertError(400, "'duration': expected a duration like 30s, 5m, 1h or 7d (units ns, u, ms, s, m, h, d, w),"
            + " got 'later'", api.send("POST", "/overrides", "{\"duration\":\"later\",\"collectors\":{\"a\":1}}"));
        assertError(400, "'duration' must be a positive whole number of seconds, got -5",
            api.send("POST", "/overrides", "{\"duration\":-5,\"collectors\":{\"a\":1}}"));
        Http.Response bad = api.send("POST", "/overrides", "{oops");
        assertEquals(400, bad.status());
        AuthAndCorsTest.assertCors(bad);
        assertEquals(0, server.overrides.size());
    }

    @Test
    void healthIs200WhenAllAreUpAnd503Otherwise() throws Exception {
        server.health = List.of(new ComponentHealth("storage", "memory", Health.up("12 series")),
            new ComponentHealth("front-end", "http", Health.up()));
        Http.Response up = api.get("/health");
        assertEquals(200, up.status());
        assertEquals("{\"status\":\"UP\",\"components\":[{\"kind\":\"storage\",\"id\":\"memory\",\"status\":\"UP\","
            + "\"detail\":\"12 series\"},{\"kind\":\"front-end\",\"id\":\"http\",\"status\":\"UP\",\"detail\":\"\"}]}\n",
            up.body());
        AuthAndCorsTest.assertCors(up);
        server.health = List.of(new ComponentHealth("alerts", "kapacitor", Health.down("Kapacitor unreachable")));
        Http.Response down = api.get("/health");
        assertEquals(503, down.status());
        assertEquals("DOWN", JSON.readTree(down.body()).get("status").asText());
        assertEquals(503, api.http.get("/health", null).status(), "open by default: no token needed");
    }

    @Test
    void metricsAreAJsonObjectSortedByNameWhenJsonIsAsked() throws Exception {
        server.metrics = new TreeMap<>(Map.of("relays.connected", 2L, "polls.sent", 120L, "items.rejected", 0L));
        Http.Response r = api.http.send("GET", "/metrics", Map.of("X-AUTH-TOKEN", ApiServer.TOKEN,
            "Accept", "application/json"), null);
        assertEquals(200, r.status());
        assertEquals("{\"items.rejected\":0,\"polls.sent\":120,\"relays.connected\":2,\"families\":[]}\n", r.body());
        assertEquals(200, api.http.get("/metrics", null).status(), "open by default: no token needed");
    }
}
