package io.pulse.distribution;

import io.pulse.api.http.StrictPrometheusParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The "done when" for health and self-metrics, against the built image: {@code bin/pulse -s -p 1} with an
 * original-style relay speaking the raw protocol; {@code /health/live}, {@code /health/ready} and {@code /metrics}
 * answer WITHOUT the token (the defaults a load balancer and Prometheus need), the metrics parse with the strict
 * Prometheus text parser and {@code pulse_samples_ingested_total} grows between two scrapes while the relay is polled,
 * as does the storage write latency histogram's count. The JVM's families (GC per collector, threads, memory) are
 * there, and every family the image exposes is listed in docs/operations.md. {@code GET /openapi} says the image's
 * version in {@code info.version}. The server runs with {@code --max-relays 1}: a second relay gets the refusal
 * line, is closed, and the refusal shows in {@code /metrics} while the first relay goes on being polled.
 */
class OpsEndpointsEndToEndIT {

    private static final String INGESTED = "pulse_samples_ingested_total";

    @Test
    void healthAndMetricsAnswerWithoutTheTokenAndMetricsMoveWhileARelayIsPolled(@TempDir Path dir)
        throws Exception {
        try (PulseProcess pulse = PulseProcess.startServer(dir.resolve("data"), "-p", "1",
                 "--max-relays", "1");
             RawCpuRelay relay = RawCpuRelay.connect(pulse.relayPort, "ops-e2e-host", "0.5")) {
            HttpResponse<String> live = withoutToken(pulse, "/health/live");
            assertEquals(200, live.statusCode(), live.body());
            HttpResponse<String> ready = withoutToken(pulse, "/health/ready");
            assertEquals(200, ready.statusCode(), ready.body());
            assertTrue(ready.body().contains("\"status\":\"UP\"") && ready.body().contains("\"kind\":\"storage\""),
                ready.body());
            assertEquals(401, withoutToken(pulse, "/relays").statusCode(), "other routes still need the token");
            // The OpenAPI document names the version of the server that serves it (info.version, its first "version").
            java.util.regex.Matcher version = java.util.regex.Pattern.compile("\"version\"\\s*:\\s*\"([^\"]*)\"")
                .matcher(withoutToken(pulse, "/openapi").body());
            assertTrue(version.find(), "info.version in /openapi");
            assertEquals(System.getProperty("pulse.version"), version.group(1));

            double first = awaitIngested(pulse, 1, Duration.ofSeconds(30));
            assertEquals(List.of("too many relays (max 1)"), refusedRelay(pulse.relayPort),
                "one relay more than --max-relays: an error line, then closed");
            double writesFirst = writeCount(scrape(pulse));
            double second = awaitIngested(pulse, first + 1, Duration.ofSeconds(30));
            assertTrue(second > first, first + " then " + second);
            // Writes are merged for up to a moment after a batch: wait for the histogram to count the later ones.
            StrictPrometheusParser.Exposition later = scrape(pulse);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (writeCount(later) <= writesFirst && System.nanoTime() < deadline) {
                Thread.sleep(300);
                later = scrape(pulse);
            }
            assertTrue(writeCount(later) > writesFirst, "write latency count grows: " + writesFirst + " then "
                + writeCount(later));
            assertEquals("histogram", later.types().get("pulse_storage_write_seconds"));
            assertTrue(later.family("pulse_storage_write_seconds_sum").getFirst().value() > 0);

            assertTrue(later.family("pulse_jvm_gc_collections_total").stream()
                .allMatch(s -> s.labels().containsKey("collector")), "per collector");
            assertTrue(later.family("pulse_jvm_threads_live").getFirst().value() >= 1);
            assertTrue(later.family("pulse_jvm_heap_used_bytes").getFirst().value() > 0);
            assertTrue(later.family("pulse_builtin_alerts_firing").getFirst().value() == 0, "no alert defined");
            assertEquals(1, later.family("pulse_relays_max_relays_refused_total").getFirst().value());
            assertEquals(1, later.family("pulse_relays_connected").getFirst().value());

            String operations = Files.readString(Path.of("").toAbsolutePath().getParent()
                .resolve("docs/operations.md")); // distribution/ is the tests' working directory
            List<String> undocumented = later.types().keySet().stream().sorted()
                .filter(family -> !operations.contains("`" + family + "`")).toList();
            assertEquals(List.of(), undocumented, "every metric the image exposes is listed in docs/operations.md");
        }
    }

    /** Every line a relay identifying as {@code one-too-many} receives until the server closes the connection. */
    private static List<String> refusedRelay(int port) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write("id one-too-many\n".getBytes(StandardCharsets.US_ASCII));
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                StandardCharsets.US_ASCII));
            List<String> lines = new ArrayList<>();
            for (String line; (line = in.readLine()) != null; ) {
                lines.add(line);
            }
            return lines;
        }
    }

    private static StrictPrometheusParser.Exposition scrape(PulseProcess pulse) throws Exception {
        HttpResponse<String> r = withoutToken(pulse, "/metrics");
        assertEquals(200, r.statusCode(), r.body());
        return StrictPrometheusParser.parse(r.body());
    }

    private static double writeCount(StrictPrometheusParser.Exposition exposition) {
        return exposition.family("pulse_storage_write_seconds_count").getFirst().value();
    }

    private static HttpResponse<String> withoutToken(PulseProcess pulse, String path) throws Exception {
        return pulse.send(HttpRequest.newBuilder(pulse.uri(path)).GET());
    }

    /** Scrapes {@code /metrics} without a token, as Prometheus does, until samples ingested reach {@code atLeast}. */
    private static double awaitIngested(PulseProcess pulse, double atLeast, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        String body = "";
        while (System.nanoTime() < deadline) {
            HttpResponse<String> r = pulse.send(HttpRequest.newBuilder(pulse.uri("/metrics"))
                .header("Accept", "text/plain;version=0.0.4;q=0.3,*/*;q=0.2").GET());
            assertEquals(200, r.statusCode(), r.body());
            assertEquals("text/plain; version=0.0.4; charset=utf-8", r.headers().firstValue("Content-Type").orElse(""));
            body = r.body();
            StrictPrometheusParser.Exposition exposition = StrictPrometheusParser.parse(body);
            assertEquals("counter", exposition.types().get(INGESTED), body);
            assertTrue(exposition.helps().containsKey(INGESTED), body);
            assertEquals(1, exposition.family(INGESTED).size(), body);
            double value = exposition.family(INGESTED).getFirst().value();
            if (value >= atLeast) {
                return value;
            }
            Thread.sleep(300);
        }
        throw new AssertionError(INGESTED + " did not reach " + atLeast + " within " + timeout + ":\n" + body
            + "\n" + pulse.stderr());
    }
}
