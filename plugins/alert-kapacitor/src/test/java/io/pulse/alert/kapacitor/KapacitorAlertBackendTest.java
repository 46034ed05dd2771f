package io.pulse.alert.kapacitor;

import com.fasterxml.jackson.databind.JsonNode;
import io.pulse.spi.Health;
import io.pulse.spi.alert.AlertBackend;
import io.pulse.spi.alert.AlertBackendException;
import io.pulse.spi.alert.AlertLevel;
import io.pulse.spi.alert.AlertNotFoundException;
import io.pulse.spi.alert.AlertOperator;
import io.pulse.spi.alert.AlertRule;
import io.pulse.storage.tck.ManualScheduler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The backend against the Kapacitor double over real sockets: the task API calls, the mapping back, outages. */
class KapacitorAlertBackendTest {

    @TempDir
    Path dir;

    private final List<AutoCloseable> open = new ArrayList<>();
    private final ManualScheduler scheduler = new ManualScheduler();

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : open.reversed()) {
            c.close();
        }
    }

    private KapacitorDouble kapacitor() throws IOException {
        KapacitorDouble kapacitor = KapacitorDouble.start();
        open.add(kapacitor);
        return kapacitor;
    }

    private AlertBackend backend(String address, Map<String, String> extra) throws Exception {
        Map<String, String> options = new HashMap<>(extra);
        options.put("address", address);
        options.putIfAbsent("timeout", "2s");
        AlertBackend backend = new KapacitorAlertBackendFactory().create(new KapacitorTestContext(options, scheduler, dir));
        open.add(backend);
        backend.start();
        return backend;
    }

    private static AlertRule rule(String id, Map<String, String> tags, String metric, double threshold) {
        return new AlertRule(id, metric, tags, AlertLevel.CRIT, AlertOperator.GT, threshold, Duration.ofSeconds(30),
            "http://127.0.0.1/alert");
    }

    @Test
    void createStoresTheReferenceTaskAndGetAndListMapItBack() throws Exception {
        KapacitorDouble kapacitor = kapacitor();
        AlertBackend backend = backend(kapacitor.url(), Map.of());
        assertEquals(Health.Status.UP, backend.health().status(), backend.health().toString());
        assertTrue(backend.health().detail().contains(KapacitorDouble.VERSION), backend.health().detail());

        AlertRule created = backend.create(rule(null, Map.of("host", "abcd"), "cpu_used", 80));
        assertTrue(created.id().matches("[0-9a-f-]{36}"), created.id());
        JsonNode task = kapacitor.task("pulse-" + created.id()).orElseThrow();
        assertEquals("batch", task.path("type").asText());
        assertEquals("[{\"db\":\"statistics\",\"rp\":\"one_day\"}]", task.path("dbrps").toString());
        assertEquals("enabled", task.path("status").asText());
        String script = task.path("script").asText();
        assertTrue(script.contains("WHERE \"host\" = 'abcd'") && script.contains(".crit(lambda: \"mean_cpu_used\" > 80)")
            && script.contains(".id('[abcd] cpu_used')"), script);

        assertEquals(Optional.of(created), backend.get(created.id()));
        assertEquals(List.of(created), backend.list());
        assertTrue(kapacitor.requests().contains("GET /kapacitor/v1/tasks?pattern=pulse-*&limit=100&offset=0"),
            kapacitor.requests().toString());
    }

    @Test
    void updatePatchesTheSameTaskAndDeleteRemovesIt() throws Exception {
        KapacitorDouble kapacitor = kapacitor();
        AlertBackend backend = backend(kapacitor.url(), Map.of());
        AlertRule created = backend.create(rule("cpu-high", Map.of("host", "abcd"), "cpu_used", 80));
        assertEquals(List.of("pulse-cpu-high"), kapacitor.taskIds());

        AlertRule changed = new AlertRule("cpu-high", "cpu_used", Map.of(), AlertLevel.WARN, AlertOperator.LT, 0.25,
            Duration.ofMinutes(5), "https://hooks.example/pulse");
        assertEquals(changed, backend.update(changed));
        assertTrue(kapacitor.requests().contains("PATCH /kapacitor/v1/tasks/pulse-cpu-high"), kapacitor.requests().toString());
        assertEquals(List.of("pulse-cpu-high"), kapacitor.taskIds());
        String script = kapacitor.task("pulse-cpu-high").orElseThrow().path("script").asText();
        assertTrue(script.contains(".warn(lambda: \"mean_cpu_used\" < 0.25)") && !script.contains("WHERE")
            && script.contains(".period(5m)"), script);
        assertEquals(Optional.of(changed), backend.get("cpu-high"));

        backend.delete(created.id());
        assertEquals(List.of(), kapacitor.taskIds());
        assertEquals(Optional.empty(), backend.get("cpu-high"));
        assertEquals(List.of(), backend.list());
    }

    @Test
    void unknownIdsAreNotFound() throws Exception {
        KapacitorDouble kapacitor = kapacitor();
        AlertBackend backend = backend(kapacitor.url(), Map.of());
        assertThrows(AlertNotFoundException.class, () -> backend.update(rule("nope", Map.of(), "m", 1)));
        assertThrows(AlertNotFoundException.class, () -> backend.delete("nope"));
        assertThrows(AlertNotFoundException.class, () -> backend.delete("has space"));
        assertEquals(Optional.empty(), backend.get("nope"));
        assertEquals(Optional.empty(), backend.get("has/slash"));
        assertFalse(kapacitor.requests().stream().anyMatch(r -> r.startsWith("DELETE")), kapacitor.requests().toString());
    }

    @Test
    void escapedNamesRoundTripThroughKapacitor() throws Exception {
        KapacitorDouble kapacitor = kapacitor();
        AlertBackend backend = backend(kapacitor.url(), Map.of());
        AlertRule tricky = new AlertRule("tricky", "user \"x\" {{y}}", Map.of("ho'st", "a\\b'''c", "z", "\n"),
            AlertLevel.INFO, AlertOperator.NE, -1e-7, Duration.ofMillis(250), "http://127.0.0.1:1/a?b='c'");
        assertEquals(tricky, backend.create(tricky));
        assertEquals(Optional.of(tricky), backend.get("tricky"));
    }

    @Test
    void listPagesAndIgnoresTasksThatAreNotPulses() throws Exception {
        KapacitorDouble kapacitor = kapacitor();
        AlertBackend backend = backend(kapacitor.url(), Map.of());
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < KapacitorClient.PAGE + 5; i++) {
            ids.add(backend.create(rule(String.format("a%03d", i), Map.of(), "m" + i, i)).id());
        }
        kapacitor.putForeignTask("pulse-handmade", "stream|from()");
        kapacitor.putForeignTask("cpu_alert", "stream|from()");
        assertEquals(ids, backend.list().stream().map(AlertRule::id).toList());
        assertTrue(kapacitor.requests().contains("GET /kapacitor/v1/tasks?pattern=pulse-*&limit=100&offset=100"),
            kapacitor.requests().toString());
        assertEquals(Optional.empty(), backend.get("handmade"));
    }

    @Test
    void kapacitorRefusingIsAnUnavailableFalseFailureWithItsMessage() throws Exception {
        KapacitorDouble kapacitor = kapacitor();
        AlertBackend backend = backend(kapacitor.url(), Map.of());
        backend.create(rule("dup", Map.of(), "m", 1));
        AlertBackendException duplicate = assertThrows(AlertBackendException.class,
            () -> backend.create(rule("dup", Map.of(), "m", 2)));
        assertFalse(duplicate.unavailable());
        assertEquals("task pulse-dup already exists", duplicate.getMessage());

        AlertBackendException badId = assertThrows(AlertBackendException.class,
            () -> backend.create(rule("a b", Map.of(), "m", 2)));
        assertFalse(badId.unavailable());
        assertTrue(badId.getMessage().contains("letters, digits"), badId.getMessage());
        assertEquals(Health.Status.UP, backend.health().status(), "a refusal is not an outage");
    }

    @Test
    void kapacitorDownAtStartThenComingUp() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        AlertBackend backend = backend("http://127.0.0.1:" + port, Map.of("retry-interval", "3s"));
        Health down = backend.health();
        assertEquals(Health.Status.DOWN, down.status());
        assertTrue(down.detail().contains("127.0.0.1:" + port) && down.detail().contains("unreachable")
            && down.detail().contains("retrying every 3s"), down.detail());
        assertEquals(1, scheduler.activeTasks().size());
        assertEquals(Duration.ofSeconds(3), scheduler.activeTasks().get(0).period());

        AlertBackendException unavailable = assertThrows(AlertBackendException.class,
            () -> backend.create(rule("x", Map.of(), "m", 1)));
        assertTrue(unavailable.unavailable() && unavailable.getMessage().contains("unreachable"), unavailable.getMessage());
        assertTrue(assertThrows(AlertBackendException.class, backend::list).unavailable());

        KapacitorDouble kapacitor = KapacitorDouble.start(port);
        open.add(kapacitor);
        assertEquals(Health.Status.DOWN, backend.health().status(), "nothing has pinged yet");
        scheduler.runAll();
        assertEquals(Health.Status.UP, backend.health().status(), backend.health().toString());
        assertEquals("x", backend.create(rule("x", Map.of(), "m", 1)).id());
        assertEquals(List.of("pulse-x"), kapacitor.taskIds());

        kapacitor.close();
        scheduler.runAll();
        assertEquals(Health.Status.DOWN, backend.health().status(), "an outage after start shows too");
    }

    @Test
    void theLogOptionAddsTheOriginalsLogCall() throws Exception {
        KapacitorDouble kapacitor = kapacitor();
        AlertBackend backend = backend(kapacitor.url(), Map.of("log", "/tmp/alerts.log", "database", "stats",
            "retention-policy", "raw"));
        backend.create(rule("l", Map.of(), "m", 1));
        JsonNode task = kapacitor.task("pulse-l").orElseThrow();
        assertTrue(task.path("script").asText().contains(".log('/tmp/alerts.log')"), task.toString());
        assertTrue(task.path("script").asText().contains("FROM \"stats\".\"raw\".\"m\""), task.toString());
        assertEquals("[{\"db\":\"stats\",\"rp\":\"raw\"}]", task.path("dbrps").toString());
    }
}
