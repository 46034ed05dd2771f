package io.pulse.api.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pulse.spi.alert.AlertLevel;
import io.pulse.spi.alert.AlertOperator;
import io.pulse.spi.alert.AlertRule;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The alert routes against a real server, with an in-test alert backend double (there is no alert plugin yet):
 * request validation, defaults, create/update/delete/get/list, and the translation of backend failures.
 */
class AlertRoutesTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String ORIGINAL_BODY = "{\"tags\":{\"host\":\"abcd\"},\"metric\":\"cpu_used\",\"level\":\"crit\","
        + "\"operator\":\"gt\",\"threshold\":\"80\",\"duration\":\"30s\",\"post\":\"http://127.0.0.1/alert\"}";

    static final InMemoryAlerts ALERTS = new InMemoryAlerts();
    static FakeServer server;
    @AutoClose
    static ApiServer api;

    @BeforeAll
    static void start() throws Exception {
        server = new FakeServer(new RecordingStorage());
        api = ApiServer.startAllowingCors(server);
    }

    @BeforeEach
    void reset() {
        server.alerts = ALERTS;
        ALERTS.rules.clear();
        ALERTS.refuseWith = null;
        ALERTS.unavailable = false;
    }

    @Test
    void createsTheOriginalsAlertBodyAndAnswersWithItsId() throws Exception {
        Http.Response r = postAlert(ORIGINAL_BODY);
        assertEquals(200, r.status(), r.body());
        assertTrue(r.body().endsWith("}\n"));
        AuthAndCorsTest.assertCors(r);
        JsonNode alert = JSON.readTree(r.body());
        String id = alert.get("id").asText();
        assertTrue(id.matches("[0-9a-f-]{36}"), id);
        assertEquals("{\"id\":\"" + id + "\",\"tags\":{\"host\":\"abcd\"},\"metric\":\"cpu_used\",\"level\":\"crit\","
            + "\"operator\":\"gt\",\"threshold\":80.0,\"duration\":\"30s\",\"post\":\"http://127.0.0.1/alert\"}\n",
            r.body());
        AlertRule stored = ALERTS.rules.get(id);
        assertEquals(new AlertRule(id, "cpu_used", Map.of("host", "abcd"), AlertLevel.CRIT, AlertOperator.GT, 80,
            Duration.ofSeconds(30), "http://127.0.0.1/alert"), stored);
    }

    @Test
    void thresholdMayBeANumberAndDefaultsApply() throws Exception {
        Http.Response r = api.send("POST", "/alerts",
            "{\"metric\":\"ram_used\",\"threshold\":0.75,\"post\":\"https://hooks.example/x\"}");
        assertEquals(200, r.status(), r.body());
        AlertRule stored = ALERTS.rules.values().iterator().next();
        assertEquals(AlertLevel.CRIT, stored.level());
        assertEquals(AlertOperator.GT, stored.operator());
        assertEquals(Duration.ofMinutes(5), stored.duration());
        assertEquals(0.75, stored.threshold());
        assertEquals(Map.of(), stored.tags());
        assertEquals("{}", JSON.readTree(r.body()).get("tags").toString());
    }

    @Test
    void operatorSymbolsAndOtherLevelsAreAccepted() throws Exception {
        Http.Response r = postAlert("{\"metric\":\"m\",\"threshold\":\"-1.5e1\",\"operator\":\"<=\","
            + "\"level\":\"warn\",\"post\":\"http://h/\"}");
        assertEquals(200, r.status(), r.body());
        JsonNode alert = JSON.readTree(r.body());
        assertEquals("le", alert.get("operator").asText());
        assertEquals("warn", alert.get("level").asText());
        assertEquals(-15.0, alert.get("threshold").asDouble());
    }

    @Test
    void missingRequiredFieldsAreNamed() throws Exception {
        assertError(400, "Missing value in payload: 'metric' is required",
            postAlert("{\"threshold\":1,\"post\":\"http://h/\"}"));
        assertError(400, "Missing value in payload: 'post' is required",
            postAlert("{\"metric\":\"m\",\"threshold\":1,\"post\":\"\"}"));
        assertError(400, "Missing value in payload: 'threshold' is required (a number, or a numeric string)",
            postAlert("{\"metric\":\"m\",\"post\":\"http://h/\"}"));
    }

    @Test
    void badJsonIsTheOriginalsMessageWithDetail() throws Exception {
        for (String body : new String[] {"{", "not json", "", "[1,2]", "42", "{\"metric\":\"a\"} trailing",
            "{\"metric\":\"a\",\"metric\":\"b\"}"}) {
            Http.Response r = postAlert(body);
            assertEquals(400, r.status(), body);
            String error = JSON.readTree(r.body()).get("error").asText();
            assertTrue(error.startsWith("Bad JSON syntax received in body"), error);
            AuthAndCorsTest.assertCors(r);
        }
    }

    @Test
    void wrongTypesAndValuesAreNamed() throws Exception {
        assertError(400, "'metric' must be a string, got a number",
            postAlert("{\"metric\":5,\"threshold\":1,\"post\":\"http://h/\"}"));
        assertError(400, "'threshold' must be a number or a numeric string such as \"80\", got 'eighty'",
            postAlert("{\"metric\":\"m\",\"threshold\":\"eighty\",\"post\":\"http://h/\"}"));
        assertError(400, "'threshold' must be a number or a numeric string such as \"80\", got a boolean",
            postAlert("{\"metric\":\"m\",\"threshold\":true,\"post\":\"http://h/\"}"));
        assertError(400, "'threshold' must be a number or a numeric string such as \"80\", got 'NaN'",
            postAlert("{\"metric\":\"m\",\"threshold\":\"NaN\",\"post\":\"http://h/\"}"));
        assertError(400, "'tags' must be an object of tag names to values, e.g. {\"host\":\"abcd\"}, got an array",
            postAlert("{\"metric\":\"m\",\"threshold\":1,\"tags\":[],\"post\":\"http://h/\"}"));
        assertError(400, "'tags.host' must be a string, got a number",
            postAlert("{\"metric\":\"m\",\"threshold\":1,\"tags\":{\"host\":1},\"post\":\"http://h/\"}"));
        assertError(400, "'level': unknown level 'fatal': accepted are info, warn, crit",
            postAlert("{\"metric\":\"m\",\"threshold\":1,\"level\":\"fatal\",\"post\":\"http://h/\"}"));
        assertError(400, "'operator': unknown operator 'above': accepted are eq, ne, lt, le, gt, ge (or ==, !=, <, <=, >, >=)",
            postAlert("{\"metric\":\"m\",\"threshold\":1,\"operator\":\"above\",\"post\":\"http://h/\"}"));
        assertError(400, "'duration': expected a duration like 30s, 5m, 1h or 7d (units ns, u, ms, s, m, h, d, w), got 'soon'",
            postAlert("{\"metric\":\"m\",\"threshold\":1,\"duration\":\"soon\",\"post\":\"http://h/\"}"));
        assertError(400, "'duration' must be positive, got '0s'",
            postAlert("{\"metric\":\"m\",\"threshold\":1,\"duration\":\"0s\",\"post\":\"http://h/\"}"));
        assertError(400, "'post' must be an http or https URL such as http://127.0.0.1/alert, got 'file:///etc/passwd'",
            postAlert("{\"metric\":\"m\",\"threshold\":1,\"post\":\"file:///etc/passwd\"}"));
        assertError(400, "'post' must be an http or https URL such as http://127.0.0.1/alert, got 'not a url'",
            postAlert("{\"metric\":\"m\",\"threshold\":1,\"post\":\"not a url\"}"));
        assertEquals(0, ALERTS.rules.size());
    }

    @Test
    void putWithAnIdUpdatesThatAlert() throws Exception {
        String id = createAlert(ORIGINAL_BODY);
        Http.Response r = api.send("PUT", "/alerts", "{\"id\":\"" + id + "\",\"metric\":\"cpu_used\",\"threshold\":95,"
            + "\"post\":\"http://127.0.0.1/alert\"}");
        assertEquals(200, r.status(), r.body());
        assertEquals(1, ALERTS.rules.size());
        assertEquals(95, ALERTS.rules.get(id).threshold());
        assertEquals(id, JSON.readTree(r.body()).get("id").asText());
    }

    @Test
    void putWithAnUnknownIdIs404AndWithoutAnIdCreates() throws Exception {
        assertError(404, "no alert with id 'nope'", api.send("PUT", "/alerts",
            "{\"id\":\"nope\",\"metric\":\"m\",\"threshold\":1,\"post\":\"http://h/\"}"));
        Http.Response r = api.send("PUT", "/alerts", ORIGINAL_BODY);
        assertEquals(200, r.status());
        assertEquals(1, ALERTS.rules.size());
    }

    @Test
    void getListAndDelete() throws Exception {
        String a = createAlert(ORIGINAL_BODY);
        String b = createAlert(ORIGINAL_BODY.replace("cpu_used", "ram_used"));
        Http.Response one = api.get("/alerts/" + a);
        assertEquals(200, one.status());
        assertEquals("cpu_used", JSON.readTree(one.body()).get("metric").asText());
        AuthAndCorsTest.assertCors(one);

        JsonNode list = JSON.readTree(api.get("/alerts").body());
        assertEquals(2, list.size());
        assertEquals(a.compareTo(b) < 0 ? a : b, list.get(0).get("id").asText()); // sorted by id

        Http.Response deleted = api.send("DELETE", "/alerts/" + a, null);
        assertEquals(200, deleted.status());
        assertEquals("{\"msg\":\"Success\"}\n", deleted.body());
        AuthAndCorsTest.assertCors(deleted);
        assertError(404, "no alert with id '" + a + "'", api.get("/alerts/" + a));
        assertError(404, "no alert with id '" + a + "'", api.send("DELETE", "/alerts/" + a, null));
        assertEquals(1, JSON.readTree(api.get("/alerts").body()).size());
    }

    @Test
    void backendRefusalIs400WithTheOriginalsPrefix() throws Exception {
        ALERTS.refuseWith = "invalid TICKscript: bad";
        assertError(400, "Failed to create task - invalid TICKscript: bad", postAlert(ORIGINAL_BODY));
        assertError(400, "Failed to delete task - invalid TICKscript: bad", api.send("DELETE", "/alerts/x", null));
        assertError(400, "Failed to list tasks - invalid TICKscript: bad", api.get("/alerts"));
    }

    @Test
    void unreachableBackendIs503() throws Exception {
        ALERTS.refuseWith = "Kapacitor at http://127.0.0.1:9092 refused the connection";
        ALERTS.unavailable = true;
        Http.Response r = postAlert(ORIGINAL_BODY);
        assertError(503, "Failed to create task - Kapacitor at http://127.0.0.1:9092 refused the connection", r);
        AuthAndCorsTest.assertCors(r);
        assertEquals(503, api.get("/alerts/x").status());
    }

    @Test
    void withoutAnAlertBackendEveryRouteIs404NamingTheSetting() throws Exception {
        server.alerts = null;
        String reason = server.alertsUnavailableReason;
        assertError(404, reason, postAlert(ORIGINAL_BODY));
        assertError(404, reason, api.send("PUT", "/alerts", ORIGINAL_BODY));
        assertError(404, reason, api.get("/alerts"));
        assertError(404, reason, api.get("/alerts/x"));
        Http.Response r = api.send("DELETE", "/alerts/x", null);
        assertError(404, reason, r);
        AuthAndCorsTest.assertCors(r);
    }

    @Test
    void idsWithOddCharactersArePassedAsData() throws Exception {
        Http.Response r = api.send("POST", "/alerts",
            "{\"id\":\"it's \\\"quoted\\\"\",\"metric\":\"m\",\"threshold\":1,\"post\":\"http://h/\"}");
        assertEquals(200, r.status(), r.body());
        assertNotNull(ALERTS.rules.get("it's \"quoted\""));
        assertEquals(200, api.get("/alerts/it's%20%22quoted%22").status());
    }

    /** {@code POST /alerts} with {@code body}. */
    private static Http.Response postAlert(String body) throws Exception {
        return api.send("POST", "/alerts", body);
    }

    /** Creates an alert through {@code POST /alerts} and returns the id the server answered with. */
    private static String createAlert(String body) throws Exception {
        return JSON.readTree(postAlert(body).body()).get("id").asText();
    }

    static void assertError(int status, String message, Http.Response r) throws Exception {
        assertEquals(status, r.status(), r.body());
        assertEquals("application/json", r.header("Content-Type"));
        assertEquals(JSON.writeValueAsString(Map.of("error", message)) + "\n", r.body());
    }
}
