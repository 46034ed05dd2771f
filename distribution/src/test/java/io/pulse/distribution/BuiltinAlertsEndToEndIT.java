package io.pulse.distribution;

import com.sun.net.httpserver.HttpServer;
import io.pulse.api.http.StrictPrometheusParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The "done when" for the built-in alerts: {@code bin/pulse -s} with its embedded defaults, an original-style
 * relay speaking the raw protocol, a webhook receiver - one notification when {@code cpu_used} crosses the threshold,
 * one on recovery, and the alert routes working against the default backend. Its metrics on {@code /metrics}:
 * {@code pulse_builtin_alerts_firing} goes 0, then up while the alerts fire, then 0 on recovery; a second alert whose
 * webhook target refuses connections counts in {@code pulse_builtin_webhook_failures_total}. Loopback only.
 */
class BuiltinAlertsEndToEndIT {

    private static final String HOST = "alert-e2e-host";
    private static final Pattern ID = Pattern.compile("\"id\":\"([^\"]+)\"");

    @Test
    void aRelayAboveTheThresholdFiresOneWebhookAndOneOnRecovery(@TempDir Path dir) throws Exception {
        BlockingQueue<String> webhooks = new LinkedBlockingQueue<>();
        HttpServer receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        receiver.createContext("/hook", exchange -> {
            webhooks.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        receiver.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        receiver.start();
        String hook = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook";

        int refusing = PulseProcess.freePort(); // nothing listens there: connections are refused
        try (PulseProcess pulse = PulseProcess.startServer(dir.resolve("data"), "-p", "1", "--builtin.retries=0");
             RawCpuRelay relay = RawCpuRelay.connect(pulse.relayPort, HOST, "0.9")) {
            assertTrue(pulse.stderr().contains("builtin"), "the default alert backend is named in the log:\n"
                + pulse.stderr());
            pulse.awaitBody("/latest/cpu_used?host=" + HOST, b -> b.contains("\"value\":0.9"), Duration.ofSeconds(30));

            assertEquals(0.0, metric(pulse, "pulse_builtin_alerts_firing"));
            assertEquals(0.0, metric(pulse, "pulse_builtin_webhook_failures_total"));
            HttpResponse<String> failing = send(pulse, "POST", "/alerts", "{\"tags\":{\"host\":\"" + HOST + "\"},"
                + "\"metric\":\"cpu_used\",\"threshold\":0.5,\"duration\":\"5s\",\"post\":\"http://127.0.0.1:" + refusing
                + "/hook\"}");
            assertEquals(200, failing.statusCode(), failing.body());

            String body = "{\"tags\":{\"host\":\"" + HOST + "\"},\"metric\":\"cpu_used\",\"threshold\":0.5,"
                + "\"duration\":\"5s\",\"post\":\"" + hook + "\"}";
            HttpResponse<String> created = send(pulse, "POST", "/alerts", body);
            assertEquals(200, created.statusCode(), created.body());
            String id = id(created.body());

            // Within duration + a few poll intervals (it fires on the first evaluation whose mean is above).
            String fired = webhooks.poll(5 + 5, TimeUnit.SECONDS);
            assertNotNull(fired, "a webhook when cpu_used is above the threshold\n" + pulse.stderr());
            assertTrue(fired.contains("\"id\":\"[" + HOST + "] cpu_used\""), fired);
            assertTrue(fired.contains("\"message\":\"[" + HOST + "] cpu_used is CRITICAL value:0.9\""), fired);
            assertTrue(fired.contains("\"previousLevel\":\"OK\",\"level\":\"CRITICAL\""), fired);
            assertTrue(fired.contains("\"columns\":[\"time\",\"mean_cpu_used\"]"), fired);
            assertEquals(2.0, metric(pulse, "pulse_builtin_alerts_firing"), "both alerts' series fire");
            awaitMetric(pulse, "pulse_builtin_webhook_failures_total", 1.0);
            awaitMetric(pulse, "pulse_builtin_webhook_deliveries_total", 1.0); // counted once the receiver answered
            assertEquals(200, send(pulse, "DELETE", "/alerts/" + id(failing.body()), null).statusCode());

            relay.value("0.1");
            // The mean drops below 0.5 within a few seconds, then stays below for a whole duration (hysteresis).
            String recovered = webhooks.poll(30, TimeUnit.SECONDS);
            assertNotNull(recovered, "a webhook on recovery\n" + pulse.stderr());
            assertTrue(recovered.contains("\"previousLevel\":\"CRITICAL\",\"level\":\"OK\""), "exactly one webhook"
                + " before the recovery, and this is it: " + recovered);
            assertNull(webhooks.poll(2, TimeUnit.SECONDS), "nothing more while the value stays low");
            assertEquals(0.0, metric(pulse, "pulse_builtin_alerts_firing"), "recovered");

            assertTrue(pulse.get("/alerts").body().contains("\"id\":\"" + id + "\""));
            HttpResponse<String> one = pulse.get("/alerts/" + id);
            assertEquals(200, one.statusCode(), one.body());
            assertTrue(one.body().contains("\"threshold\":0.5"), one.body());

            String changed = body.replace("\"threshold\":0.5", "\"threshold\":0.7").replace("{\"tags\"",
                "{\"id\":\"" + id + "\",\"tags\"");
            HttpResponse<String> put = send(pulse, "PUT", "/alerts", changed);
            assertEquals(200, put.statusCode(), put.body());
            assertTrue(pulse.get("/alerts/" + id).body().contains("\"threshold\":0.7"));
            assertEquals(1, count(pulse.get("/alerts").body()), "PUT with the id updated, it did not create");

            HttpResponse<String> unknown = send(pulse, "PUT", "/alerts", changed.replace(id, "no-such-alert"));
            assertEquals(404, unknown.statusCode(), unknown.body());

            assertEquals(200, send(pulse, "DELETE", "/alerts/" + id, null).statusCode());
            assertEquals(404, pulse.get("/alerts/" + id).statusCode());
            assertEquals(404, send(pulse, "DELETE", "/alerts/" + id, null).statusCode());
        } finally {
            receiver.stop(0);
        }
    }

    private static HttpResponse<String> send(PulseProcess pulse, String method, String path, String body)
        throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(pulse.uri(path)).header("X-AUTH-TOKEN", PulseProcess.TOKEN)
            .header("Content-Type", "application/json")
            .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return pulse.send(request);
    }

    /** The value of an unlabelled sample on {@code /metrics}, scraped without the token and parsed strictly. */
    private static double metric(PulseProcess pulse, String name) throws Exception {
        HttpResponse<String> r = pulse.send(HttpRequest.newBuilder(pulse.uri("/metrics")).GET());
        assertEquals(200, r.statusCode(), r.body());
        List<StrictPrometheusParser.Sample> samples = StrictPrometheusParser.parse(r.body()).family(name);
        assertEquals(1, samples.size(), name + " in\n" + r.body());
        return samples.getFirst().value();
    }

    private static void awaitMetric(PulseProcess pulse, String name, double atLeast) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (metric(pulse, name) < atLeast) {
            assertTrue(System.nanoTime() < deadline, name + " did not reach " + atLeast + "\n" + pulse.stderr());
            Thread.sleep(200);
        }
    }

    private static String id(String json) {
        Matcher m = ID.matcher(json);
        assertTrue(m.find(), "an id in " + json);
        return m.group(1);
    }

    private static int count(String json) {
        Matcher m = ID.matcher(json);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }
}
