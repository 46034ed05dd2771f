package io.pulse.distribution;

import io.pulse.api.http.StrictPrometheusParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The "done when" for health and self-metrics, against the built image: {@code bin/pulse -s -p 1} with an
 * original-style relay speaking the raw protocol; {@code /health/live}, {@code /health/ready} and {@code /metrics}
 * answer WITHOUT the token (the defaults a load balancer and Prometheus need), the metrics parse with the strict
 * Prometheus text parser and {@code pulse_samples_ingested_total} grows between two scrapes while the relay is polled.
 */
class OpsEndpointsEndToEndIT {

    private static final String INGESTED = "pulse_samples_ingested_total";

    @Test
    void healthAndMetricsAnswerWithoutTheTokenAndMetricsMoveWhileARelayIsPolled(@TempDir Path dir)
        throws Exception {
        try (PulseProcess pulse = PulseProcess.startServer(dir.resolve("data"), "-p", "1");
             RawCpuRelay relay = RawCpuRelay.connect(pulse.relayPort, "ops-e2e-host", "0.5")) {
            HttpResponse<String> live = withoutToken(pulse, "/health/live");
            assertEquals(200, live.statusCode(), live.body());
            HttpResponse<String> ready = withoutToken(pulse, "/health/ready");
            assertEquals(200, ready.statusCode(), ready.body());
            assertTrue(ready.body().contains("\"status\":\"UP\"") && ready.body().contains("\"kind\":\"storage\""),
                ready.body());
            assertEquals(401, withoutToken(pulse, "/relays").statusCode(), "other routes still need the token");

            double first = awaitIngested(pulse, 1, Duration.ofSeconds(30));
            double second = awaitIngested(pulse, first + 1, Duration.ofSeconds(30));
            assertTrue(second > first, first + " then " + second);
        }
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
