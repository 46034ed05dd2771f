package io.pulse.distribution;

import io.pulse.relay.Relay;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Relays against {@code bin/pulse -s} from the image, through the real ingestion pipeline into the embedded store,
 * read back over the HTTP API - and still there after a clean restart and after a crash (kill -9).
 */
class RelayEndToEndIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Pattern VALUE = Pattern.compile("\"value\":([-0-9.Ee]+)");

    @Test
    void javaRelayStatsReachEveryQueryAndSurviveRestarts(@TempDir Path dir) throws Exception {
        Path data = dir.resolve("data");
        int httpPort = PulseProcess.freePort();
        int relayPort = PulseProcess.freePort();
        // Poll every second, aggregate every 2 s: hourly/daily have data within seconds.
        String[] fast = {"-p", "1", "-a", "2s"};

        try (PulseProcess pulse = PulseProcess.startServer(data, httpPort, relayPort, fast);
             Relay relay = Relay.connect("127.0.0.1:" + relayPort, "e2e-host")) {
            relay.addCollector("cpu_used", List.of("", "service:web1"), () -> 0.25);
            relay.addCollector("ram_used", null, () -> 0.5);
            relay.addCollector("disk", List.of("mount:root"), () -> Map.of("disk_used", 50.0, "disk_free", 1.2346));

            pulse.awaitBody("/keys", body -> body.equals("[\"cpu_used\",\"disk_free\",\"disk_used\",\"ram_used\"]\n")
                || body.equals("[\"cpu_used\",\"disk_free\",\"disk_used\",\"ram_used\"]"), WAIT);
            assertEquals("[\"host\",\"mount\",\"service\"]", pulse.get("/tags").body().strip());
            assertEquals(0.25, value(pulse.awaitBody("/latest/cpu_used?service=web1", b -> b.contains("value"), WAIT)));
            assertEquals(50.0, value(pulse.get("/latest/disk_used?mount=root&host=e2e-host").body()));
            assertEquals(404, pulse.get("/latest/cpu_used?service=nope").statusCode());
            assertTrue(pulse.get("/latest/ram_used?verb=none").body().contains("\"value\":0.5"));

            String hourly = pulse.awaitBody("/hourly/cpu_used?service=web1", b -> b.contains("value"), WAIT);
            assertEquals(0.25, value(hourly), hourly);
            String daily = pulse.awaitBody("/daily/disk_used", b -> b.contains("value"), WAIT);
            assertTrue(daily.matches("(?s)\\[\\{\"time\":\"\\d\\d:\\d\\d\",\"value\":50(\\.0)?}.*"), daily);
            assertTrue(pulse.get("/relays").body().contains("\"id\":\"e2e-host\""));
            // Let a snapshot/WAL sync happen before the restart checks below.
            Thread.sleep(3_000);
        }

        try (PulseProcess pulse = PulseProcess.startServer(data, httpPort, relayPort, fast)) {
            assertTrue(pulse.get("/keys").body().contains("cpu_used"), "keys survive a clean restart");
            assertEquals(0.25, value(pulse.get("/hourly/cpu_used?service=web1").body()), "aggregates survive");
            pulse.kill();
        }

        try (PulseProcess pulse = PulseProcess.startServer(data, httpPort, relayPort, fast)) {
            assertTrue(pulse.get("/keys").body().contains("disk_used"), "keys survive kill -9");
            assertEquals(0.25, value(pulse.get("/hourly/cpu_used?service=web1").body()), "aggregates survive kill -9");
        }
    }

    @Test
    void theHostRelayProgramShowsRealHostStats(@TempDir Path dir) throws Exception {
        try (PulseProcess pulse = PulseProcess.startServer(dir.resolve("data"), "-p", "1")) {
            Process relay = new ProcessBuilder(PulseProcess.IMAGE.resolve("bin/pulse-relay").toString(),
                "--server", "127.0.0.1:" + pulse.relayPort, "--id", "this-host", "--tags", "role:e2e")
                .redirectErrorStream(true).redirectOutput(dir.resolve("relay.txt").toFile()).start();
            try {
                String keys = pulse.awaitBody("/keys", b -> b.contains("cpu_used") && b.contains("ram_used")
                    && b.contains("load_1") && b.contains("swap_used"), WAIT);
                assertTrue(keys.contains("disk_root_used"), keys);
                double cpu = value(pulse.awaitBody("/latest/cpu_used?host=this-host&role=e2e", b -> b.contains("value"), WAIT));
                assertTrue(cpu >= 0 && cpu <= 1, "cpu_used is a fraction: " + cpu);
                double ram = value(pulse.get("/latest/ram_used").body());
                assertTrue(ram > 0 && ram < 1, "ram_used is a fraction: " + ram);
            } finally {
                relay.destroy();
                relay.waitFor();
            }
        }
    }

    private static double value(String json) {
        Matcher m = VALUE.matcher(json);
        assertTrue(m.find(), "a value in " + json);
        return Double.parseDouble(m.group(1));
    }
}
