package io.pulse.distribution;

import io.pulse.relay.Relay;
import io.pulse.storage.influxdb.InfluxdServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code bin/pulse -s -i <influxd>} with the Java relay fills a real InfluxDB in the original's layout (database
 * {@code statistics}, retention policies {@code one_day}/{@code one_week}, one measurement and field per stat,
 * {@code host} + collector tags, the {@code aggregate} continuous query), and the API answers from it. The plugin is
 * linked into the image (boot layer).
 */
class InfluxEndToEndIT {

    private static final Duration WAIT = Duration.ofSeconds(40);

    @Test
    void fillsInfluxDbInTheOriginalLayoutAndServesTheApiFromIt(@TempDir Path dir) throws Exception {
        try (InfluxdServer influxd = InfluxdServer.start();
             PulseProcess pulse = PulseProcess.startServer(dir.resolve("data"), "-i", influxd.url(), "-p", "1", "-a", "2s")) {
            assertTrue(pulse.stderr().contains("selected storage 'influxdb'"), pulse.stderr());

            try (Relay relay = Relay.connect("127.0.0.1:" + pulse.relayPort, "lester.tester")) {
                relay.addCollector("cpu_used", List.of("", "service:web1"), () -> 0.25);
                relay.addCollector("user", null, () -> 3.0); // an InfluxQL keyword as a stat name

                pulse.awaitBody("/keys", b -> b.contains("\"cpu_used\"") && b.contains("\"user\""), WAIT);
                String raw = influxd.query("statistics", "SELECT * FROM \"one_day\".\"cpu_used\"");
                assertTrue(raw.contains("\"host\"") && raw.contains("lester.tester") && raw.contains("web1")
                    && raw.contains("0.25"), raw);

                String policies = influxd.query("statistics", "SHOW RETENTION POLICIES ON \"statistics\"");
                assertTrue(policies.contains("[\"one_day\",\"8h0m0s\"") && policies.contains("\"one_week\",\"168h0m0s\""), policies);
                // The continuous query is (re)built by the plugin's maintenance once stats exist.
                awaitQuery(influxd, "SHOW CONTINUOUS QUERIES", q -> q.contains("\"aggregate\"") && q.contains("one_week"));

                assertEquals("[\"host\",\"service\"]", pulse.get("/tags").body().strip());
                String latest = pulse.awaitBody("/latest/cpu_used?service=web1", b -> b.contains("\"value\":0.25"), WAIT);
                assertTrue(latest.startsWith("{\"time\":"), latest);
                pulse.awaitBody("/latest/user", b -> b.contains("\"value\":3"), WAIT);
                pulse.awaitBody("/hourly/cpu_used?service=web1", b -> b.contains("\"value\":0.25"), WAIT);
                pulse.awaitBody("/daily/cpu_used", b -> b.matches("(?s)\\[\\{\"time\":\"\\d\\d:\\d\\d\",\"value\":0.25}.*"), WAIT);
                awaitQuery(influxd, "SELECT * FROM \"one_week\".\"aggregate\"", a -> a.contains("cpu_used") && a.contains("0.25"));
            }
        }
    }

    private static void awaitQuery(InfluxdServer influxd, String query, Predicate<String> test) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        String last = "";
        while (System.nanoTime() < deadline) {
            last = influxd.query("statistics", query);
            if (test.test(last)) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError(query + " never gave what was expected; last answer: " + last);
    }
}
