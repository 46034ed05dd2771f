package io.pulse.distribution;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The "done when" for the live stream and the scrape endpoint: {@code bin/pulse -s -p 1} with an
 * original-style relay speaking the raw protocol; {@code GET /live?stat=cpu_used}, read as a stream, yields the
 * relay's value with its id as host, and {@code GET /federate} with a bearer token has the series. Loopback only.
 */
class LiveEndToEndIT {

    private static final String HOST = "live-e2e-host";
    private static final Pattern EVENT = Pattern.compile(
        "data: \\{\"stat\":\"cpu_used\",\"tags\":\\{\"host\":\"" + HOST + "\"},\"time\":(\\d+),\"value\":0\\.25}");

    @Test
    void liveStreamsTheRelaysValuesAndFederateExposesThem(@TempDir Path dir) throws Exception {
        try (PulseProcess pulse = PulseProcess.startServer(dir.resolve("data"), "-p", "1",
                 "--http.live-heartbeat", "1s");
             HttpClient client = HttpClient.newHttpClient()) {
            // Other components (the built-in alert engine) subscribe too: count from what is there before.
            long before = subscribers(pulse);
            HttpRequest live = HttpRequest.newBuilder(pulse.uri("/live?stat=cpu_used"))
                .header("X-AUTH-TOKEN", PulseProcess.TOKEN).GET().build();
            HttpResponse<Stream<String>> stream = client.send(live, HttpResponse.BodyHandlers.ofLines());
            assertEquals(200, stream.statusCode());
            assertTrue(stream.headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream"));
            assertEquals(before + 1, subscribers(pulse), "the stream's subscription shows in /metrics");

            try (RawCpuRelay relay = RawCpuRelay.connect(pulse.relayPort, HOST, "0.25");
                 Stream<String> lines = stream.body()) {
                Iterator<String> it = lines.iterator();
                CompletableFuture<String> event = CompletableFuture.supplyAsync(() -> {
                    while (it.hasNext()) {
                        String line = it.next();
                        if (line.startsWith("data:")) {
                            return line;
                        }
                    }
                    return "<end of stream>";
                });
                String first = event.get(30, TimeUnit.SECONDS);
                Matcher m = EVENT.matcher(first);
                assertTrue(m.matches(), first);
                long time = Long.parseLong(m.group(1));
                assertTrue(Math.abs(System.currentTimeMillis() - time) < 60_000, "time is the sample's: " + time);

                String scraped = awaitFederate(pulse, client);
                assertTrue(scraped.contains("# TYPE pulse_cpu_used gauge\n"), scraped);
                Matcher series = Pattern.compile("(?m)^pulse_cpu_used\\{host=\"" + HOST + "\"} 0\\.25 (\\d+)$")
                    .matcher(scraped);
                assertTrue(series.find(), scraped);
                assertTrue(Math.abs(System.currentTimeMillis() - Long.parseLong(series.group(1))) < 60_000, scraped);

                HttpResponse<String> refused = client.send(HttpRequest.newBuilder(pulse.uri("/federate"))
                    .header("Authorization", "Bearer wrong").build(), HttpResponse.BodyHandlers.ofString());
                assertEquals(401, refused.statusCode());
            }
            // Closing the body above ends the stream; the next heartbeat (1 s) finds it gone and unsubscribes.
            pulse.awaitBody("/metrics", b -> b.matches("(?s).*\npulse_subscribers_active " + before + "\n.*"),
                Duration.ofSeconds(10));
        }
    }

    /** The kernel's {@code subscribers.active} gauge, from the Prometheus text of {@code /metrics}. */
    private static long subscribers(PulseProcess pulse) throws Exception {
        String body = pulse.get("/metrics").body();
        Matcher m = Pattern.compile("(?m)^pulse_subscribers_active (\\d+)$").matcher(body);
        assertTrue(m.find(), body);
        return Long.parseLong(m.group(1));
    }

    /** Scrapes as Prometheus does (bearer token) until the relay's series is there. */
    private static String awaitFederate(PulseProcess pulse, HttpClient client) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        String body = "";
        while (System.nanoTime() < deadline) {
            HttpResponse<String> r = client.send(HttpRequest.newBuilder(pulse.uri("/federate?stat=cpu_used"))
                .header("Authorization", "Bearer " + PulseProcess.TOKEN).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, r.statusCode(), r.body());
            assertEquals("text/plain; version=0.0.4; charset=utf-8", r.headers().firstValue("Content-Type").orElse(""));
            body = r.body();
            if (body.contains("pulse_cpu_used{host=\"" + HOST + "\"}")) {
                return body;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("no cpu_used series in /federate within 30 s: " + body + "\n" + pulse.stderr());
    }
}
