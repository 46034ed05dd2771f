package io.pulse.distribution;

import com.fasterxml.jackson.databind.JsonNode;
import io.pulse.alert.kapacitor.KapacitorDouble;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code bin/pulse -s -k <Kapacitor>}: the alert routes of the HTTP API create, patch, read and delete the batch task
 * the original described, in a Kapacitor test double ({@link KapacitorDouble}, from the plugin's test-jar: no
 * Kapacitor package can be installed here). The plugin is linked into the image (boot layer).
 */
class KapacitorEndToEndIT {

    private static final String REFERENCE = "{\"tags\":{\"host\":\"abcd\"},\"metric\":\"cpu_used\",\"level\":\"crit\","
        + "\"threshold\":\"80\",\"duration\":\"30s\",\"post\":\"http://127.0.0.1/alert\"}";

    @Test
    void alertRoutesCreatePatchReadAndDeleteTheKapacitorTask(@TempDir Path dir) throws Exception {
        try (KapacitorDouble kapacitor = KapacitorDouble.start();
             PulseProcess pulse = PulseProcess.startServer(dir.resolve("data"), "-k", kapacitor.url())) {
            assertTrue(pulse.stderr().contains("kapacitor"), pulse.stderr());

            HttpResponse<String> created = send(pulse, "POST", REFERENCE);
            assertEquals(200, created.statusCode(), created.body());
            String id = field(created.body(), "id");
            assertEquals(List.of("pulse-" + id), kapacitor.taskIds());
            JsonNode task = kapacitor.task("pulse-" + id).orElseThrow();
            assertEquals("batch", task.path("type").asText());
            assertEquals("[{\"db\":\"statistics\",\"rp\":\"one_day\"}]", task.path("dbrps").toString());
            String script = task.path("script").asText();
            for (String part : List.of("SELECT mean(\"cpu_used\") AS \"mean_cpu_used\"",
                "FROM \"statistics\".\"one_day\".\"cpu_used\"", "WHERE \"host\" = 'abcd'", ".period(30s)", ".every(30s)",
                ".id('[abcd] cpu_used')", ".crit(lambda: \"mean_cpu_used\" > 80)", ".post('http://127.0.0.1/alert')",
                ".stateChangesOnly()")) {
                assertTrue(script.contains(part), part + " in\n" + script);
            }

            String changed = "{\"id\":\"" + id + "\",\"metric\":\"cpu_used\",\"level\":\"warn\",\"operator\":\"lt\","
                + "\"threshold\":0.5,\"duration\":\"5m\",\"post\":\"http://127.0.0.1/other\"}";
            HttpResponse<String> put = send(pulse, "PUT", changed);
            assertEquals(200, put.statusCode(), put.body());
            assertTrue(kapacitor.requests().contains("PATCH /kapacitor/v1/tasks/pulse-" + id), kapacitor.requests().toString());
            assertEquals(List.of("pulse-" + id), kapacitor.taskIds(), "PUT with an id updates; it never creates");
            String patched = kapacitor.task("pulse-" + id).orElseThrow().path("script").asText();
            assertTrue(patched.contains(".warn(lambda: \"mean_cpu_used\" < 0.5)") && !patched.contains("WHERE"), patched);

            HttpResponse<String> unknown = send(pulse, "PUT", changed.replace(id, "no-such-alert"));
            assertEquals(404, unknown.statusCode(), unknown.body());

            HttpResponse<String> one = pulse.get("/alerts/" + id);
            assertEquals(200, one.statusCode(), one.body());
            assertTrue(one.body().contains("\"level\":\"warn\"") && one.body().contains("\"operator\":\"lt\"")
                && one.body().contains("\"threshold\":0.5") && one.body().contains("\"duration\":\"5m\"")
                && one.body().contains("\"tags\":{}"), one.body());
            HttpResponse<String> all = pulse.get("/alerts");
            assertEquals(200, all.statusCode(), all.body());
            assertTrue(all.body().startsWith("[{\"id\":\"" + id + "\""), all.body());

            HttpResponse<String> refused = send(pulse, "POST", REFERENCE.replace("{\"tags\"", "{\"id\":\"" + id + "\",\"tags\""));
            assertEquals(400, refused.statusCode(), refused.body());
            assertTrue(refused.body().contains("already exists"), refused.body());

            HttpResponse<String> deleted = pulse.send(HttpRequest.newBuilder(pulse.uri("/alerts/" + id))
                .header("X-AUTH-TOKEN", PulseProcess.TOKEN).DELETE());
            assertEquals(200, deleted.statusCode(), deleted.body());
            assertEquals(List.of(), kapacitor.taskIds());
            assertEquals(404, pulse.get("/alerts/" + id).statusCode());
            assertEquals("[]", pulse.get("/alerts").body().strip());
        }
    }

    @Test
    void kapacitorDownAtStartLeavesPulseUpAndTheAlertRoutesAnswer503(@TempDir Path dir) throws Exception {
        int port = PulseProcess.freePort();
        try (PulseProcess pulse = PulseProcess.startServer(dir.resolve("data"), "-k", "http://127.0.0.1:" + port)) {
            HttpResponse<String> list = pulse.get("/alerts");
            assertEquals(503, list.statusCode(), list.body());
            assertTrue(list.body().contains("unreachable"), list.body());
        }
    }

    @Test
    void helpListsDashKUnderTheKapacitorAlertsAndABadAddressIsNamed() throws Exception {
        PulseProcess.Result help = PulseProcess.run("--help");
        String out = help.stdout();
        int group = out.indexOf("alerts 'kapacitor'");
        assertTrue(group >= 0, out);
        assertTrue(out.indexOf("-k, --kapacitor-address", group) > group, out);

        PulseProcess.Result bad = PulseProcess.run("-s", "-k", "ftp://kapacitor:9092");
        assertNotEquals(0, bad.exitCode());
        assertTrue(bad.stderr().contains("kapacitor-address"), bad.stderr());
    }

    private static HttpResponse<String> send(PulseProcess pulse, String method, String body) throws Exception {
        return pulse.send(HttpRequest.newBuilder(pulse.uri("/alerts"))
            .header("X-AUTH-TOKEN", PulseProcess.TOKEN)
            .header("Content-Type", "application/json")
            .method(method, HttpRequest.BodyPublishers.ofString(body)));
    }

    private static String field(String json, String name) {
        int at = json.indexOf("\"" + name + "\":\"");
        assertTrue(at >= 0, json);
        int start = at + name.length() + 4;
        return json.substring(start, json.indexOf('"', start));
    }
}
