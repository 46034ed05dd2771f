package io.pulse.api.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.pulse.api.http.prometheus.SelfMetrics;
import io.pulse.spi.Health;
import io.pulse.spi.frontend.ComponentHealth;
import io.pulse.spi.frontend.MetricValue;
import io.pulse.spi.frontend.MetricValue.Kind;
import io.pulse.spi.metrics.MetricFamily;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static io.pulse.api.http.RelayAndOpsRoutesTest.JSON;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code /health}, {@code /health/live}, {@code /health/ready} and {@code /metrics}: open without the token by
 * default, closed with {@code open-ops-routes=false}; readiness follows the components' health; the metrics are
 * Prometheus text checked by {@link StrictPrometheusParser}.
 */
class HealthAndMetricsTest {

    private static final List<String> OPS_PATHS = List.of("/health", "/health/live", "/health/ready", "/metrics");
    private static final String PROMETHEUS_ACCEPT = "text/plain;version=0.0.4;q=0.3,*/*;q=0.2";

    /** What the kernel registers, in the kinds it registers them with (a sample of each group). */
    private static final List<MetricValue> KERNEL_METRICS = List.of(
        new MetricValue("answers.received", Kind.COUNTER, 40),
        new MetricValue("items.rejected", Kind.COUNTER, 1),
        new MetricValue("jvm.heap.used", Kind.GAUGE, 52_428_800),
        new MetricValue("jvm.uptime.ms", Kind.GAUGE, 1_500),
        new MetricValue("polls.sent", Kind.COUNTER, 42),
        new MetricValue("publisher.mist.queue.depth", Kind.GAUGE, 0),
        new MetricValue("relays.connected", Kind.GAUGE, 2),
        new MetricValue("relays.timed_out", Kind.COUNTER, 0),
        new MetricValue("samples.ingested", Kind.COUNTER, 1234),
        new MetricValue("storage.queue.depth", Kind.GAUGE, 3),
        new MetricValue("storage.write.failures", Kind.COUNTER, 0),
        new MetricValue("subscribers.active", Kind.GAUGE, 1));

    private static FakeServer server(List<ComponentHealth> health) {
        FakeServer server = new FakeServer(new RecordingStorage());
        server.health = health;
        server.typedMetrics = KERNEL_METRICS;
        return server;
    }

    private static final List<ComponentHealth> ALL_UP = List.of(
        new ComponentHealth("storage", "memory", Health.up("3 series")),
        new ComponentHealth("front-end", "http", Health.up()));

    @Test
    void healthAndMetricsNeedNoTokenByDefaultButOtherRoutesDo() throws Exception {
        try (ApiServer api = ApiServer.start(server(ALL_UP))) {
            for (String path : OPS_PATHS) {
                assertEquals(200, api.http.get(path, null).status(), path);
            }
            assertEquals(401, api.http.get("/relays", null).status());
            assertEquals(401, api.http.get("/health/other", null).status(), "only the exact paths are open");
        }
    }

    @Test
    void openOpsRoutesFalseMakesThemRequireTheToken() throws Exception {
        try (ApiServer api = ApiServer.start(server(ALL_UP), Map.of("open-ops-routes", "false"),
                Clock.systemUTC())) {
            for (String path : OPS_PATHS) {
                assertEquals(401, api.http.get(path, null).status(), path);
                assertEquals(200, api.get(path).status(), path);
            }
            assertEquals(200, api.http.get("/openapi", null).status(), "the document stays open");
        }
    }

    @Test
    void readyIs503WhenAComponentIsDownWhileLiveStays200() throws Exception {
        FakeServer server = server(ALL_UP);
        try (ApiServer api = ApiServer.start(server)) {
            Http.Response ready = api.http.get("/health/ready", null);
            assertEquals(200, ready.status());
            assertEquals("UP", JSON.readTree(ready.body()).get("status").asText());
            assertEquals(2, JSON.readTree(ready.body()).get("components").size(), "each component's health");

            server.health = List.of(ALL_UP.getFirst(),
                new ComponentHealth("publisher", "mist", Health.down("mist unreachable")));
            Http.Response notReady = api.http.get("/health/ready", null);
            assertEquals(503, notReady.status());
            JsonNode body = JSON.readTree(notReady.body());
            assertEquals("DOWN", body.get("status").asText());
            assertEquals("mist unreachable", body.get("components").get(1).get("detail").asText());

            Http.Response live = api.http.get("/health/live", null);
            assertEquals(200, live.status(), "the process is up even when a component is down");
            assertEquals("UP", JSON.readTree(live.body()).get("status").asText());
        }
    }

    @Test
    void metricsAreStrictPrometheusTextWithConventionalNames() throws Exception {
        try (ApiServer api = ApiServer.start(server(ALL_UP))) {
            Http.Response r = api.http.send("GET", "/metrics", Map.of("Accept", PROMETHEUS_ACCEPT), null);
            assertEquals(200, r.status());
            assertEquals(List.of("text/plain; version=0.0.4; charset=utf-8"), r.headers().get("Content-Type"));
            StrictPrometheusParser.Exposition text = StrictPrometheusParser.parse(r.body());

            Map<String, Double> values = new TreeMap<>();
            text.samples().forEach(s -> values.put(s.name(), s.value()));
            assertEquals(Map.ofEntries(
                Map.entry("pulse_answers_received_total", 40.0),
                Map.entry("pulse_items_rejected_total", 1.0),
                Map.entry("pulse_jvm_heap_used_bytes", 52_428_800.0),
                Map.entry("pulse_jvm_uptime_seconds", 1.5),
                Map.entry("pulse_polls_sent_total", 42.0),
                Map.entry("pulse_publisher_mist_queue_depth", 0.0),
                Map.entry("pulse_relays_connected", 2.0),
                Map.entry("pulse_relays_timed_out_total", 0.0),
                Map.entry("pulse_samples_ingested_total", 1234.0),
                Map.entry("pulse_storage_queue_depth", 3.0),
                Map.entry("pulse_storage_write_failures_total", 0.0),
                Map.entry("pulse_subscribers_active", 1.0)), values);
            for (String name : values.keySet()) {
                String type = text.types().get(name);
                assertEquals(name.endsWith("_total") ? "counter" : "gauge", type, name);
                assertFalse(text.helps().getOrDefault(name, "").isBlank(), "HELP for " + name);
            }
            assertTrue(text.samples().stream().allMatch(s -> s.timestamp() == null && s.labels().isEmpty()),
                "self-metrics carry no timestamp: the scrape's time is theirs");
            assertEquals("Poll requests (get) sent to relays.", text.helps().get("pulse_polls_sent_total"));
        }
    }

    @Test
    void metricsOfAContextWithoutKindsAreUntypedAndClashingNamesAppearOnce() {
        String text = SelfMetrics.render(List.of(
            new MetricValue("a.b", Kind.UNTYPED, 1),
            new MetricValue("a_b", Kind.UNTYPED, 2),
            new MetricValue("x.ms.total", Kind.COUNTER, 7)));
        StrictPrometheusParser.Exposition parsed = StrictPrometheusParser.parse(text);
        assertEquals("untyped", parsed.types().get("pulse_a_b"));
        assertEquals(List.of(1.0), parsed.family("pulse_a_b").stream().map(StrictPrometheusParser.Sample::value)
            .toList());
        assertTrue(parsed.comments().getFirst().contains("a_b left out"), parsed.comments().toString());
        assertEquals("counter", parsed.types().get("pulse_x_ms_total"), "_total is not doubled");
    }

    @Test
    void jsonStaysAvailableForClientsThatAskForIt() throws Exception {
        FakeServer server = server(ALL_UP);
        server.metrics = new TreeMap<>(Map.of("polls.sent", 42L));
        try (ApiServer api = ApiServer.start(server)) {
            Http.Response r = api.http.send("GET", "/metrics", Map.of("Accept", "application/json"), null);
            assertEquals(200, r.status());
            assertEquals("{\"polls.sent\":42,\"families\":[]}\n", r.body());
            Http.Response noAccept = api.http.send("GET", "/metrics", Map.of("Accept", "text/plain, application/json"),
                null);
            assertTrue(noAccept.body().startsWith("# HELP "), "text first in Accept wins: " + noAccept.body());
        }
    }

    @Test
    void histogramsLabelledAndPluginFamiliesFollowTheDottedOnesInBothForms() throws Exception {
        FakeServer server = server(ALL_UP);
        server.metrics = new TreeMap<>(Map.of("polls.sent", 42L));
        server.typedMetrics = List.of(new MetricValue("polls.sent", Kind.COUNTER, 42));
        server.families = List.of(
            new MetricFamily("pulse_builtin_alerts_firing", MetricFamily.Type.GAUGE, "Series firing now.",
                List.of(new MetricFamily.Sample("pulse_builtin_alerts_firing", Map.of(), 1))),
            new MetricFamily("pulse_jvm_gc_collections_total", MetricFamily.Type.COUNTER, "GCs, per collector.",
                List.of(new MetricFamily.Sample("pulse_jvm_gc_collections_total",
                    Map.of("collector", "G1 \"Young\" Generation"), 3))),
            new MetricFamily("pulse_storage_write_seconds", MetricFamily.Type.HISTOGRAM, "Write time.", List.of(
                new MetricFamily.Sample("pulse_storage_write_seconds_bucket", Map.of("le", "0.005"), 2),
                new MetricFamily.Sample("pulse_storage_write_seconds_bucket", Map.of("le", "+Inf"), 3),
                new MetricFamily.Sample("pulse_storage_write_seconds_sum", Map.of(), 0.25),
                new MetricFamily.Sample("pulse_storage_write_seconds_count", Map.of(), 3))),
            new MetricFamily("pulse_polls_sent_total", MetricFamily.Type.COUNTER, "taken by the dotted one",
                List.of(new MetricFamily.Sample("pulse_polls_sent_total", Map.of(), 1))));
        try (ApiServer api = ApiServer.start(server)) {
            StrictPrometheusParser.Exposition text = StrictPrometheusParser.parse(
                api.http.send("GET", "/metrics", Map.of("Accept", PROMETHEUS_ACCEPT), null).body());
            assertEquals("histogram", text.types().get("pulse_storage_write_seconds"));
            assertEquals(3.0, text.family("pulse_storage_write_seconds_count").getFirst().value());
            assertEquals(Map.of("le", "0.005"), text.family("pulse_storage_write_seconds_bucket").getFirst().labels());
            assertEquals(1.0, text.family("pulse_builtin_alerts_firing").getFirst().value());
            assertEquals("Series firing now.", text.helps().get("pulse_builtin_alerts_firing"));
            assertEquals(Map.of("collector", "G1 \"Young\" Generation"),
                text.family("pulse_jvm_gc_collections_total").getFirst().labels(), "label values escaped and read back");
            assertEquals(List.of(42.0), text.family("pulse_polls_sent_total").stream()
                .map(StrictPrometheusParser.Sample::value).toList(), "a family never appears twice");

            JsonNode json = JSON.readTree(api.http.send("GET", "/metrics", Map.of("Accept", "application/json"), null)
                .body());
            assertEquals(42, json.get("polls.sent").asLong());
            JsonNode histogram = json.get("families").get(2);
            assertEquals("pulse_storage_write_seconds", histogram.get("name").asText());
            assertEquals("HISTOGRAM", histogram.get("type").asText());
            assertEquals("+Inf", histogram.get("samples").get(1).get("labels").get("le").asText());
        }
    }

    @Test
    void theStrictParserRefusesAHistogramThatIsNotCumulative() {
        String broken = "# TYPE h histogram\nh_bucket{le=\"1\"} 5\nh_bucket{le=\"+Inf\"} 4\nh_sum 1\nh_count 4\n";
        assertThrows(AssertionError.class, () -> StrictPrometheusParser.parse(broken));
        String noInf = "# TYPE h histogram\nh_bucket{le=\"1\"} 5\nh_sum 1\nh_count 5\n";
        assertThrows(AssertionError.class, () -> StrictPrometheusParser.parse(noInf));
    }
}
