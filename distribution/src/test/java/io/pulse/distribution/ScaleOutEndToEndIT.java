package io.pulse.distribution;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pulse.relay.Relay;
import io.pulse.storage.influxdb.InfluxdServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Scale-out with real processes: three {@code bin/pulse -s -i <influxd> --peers ...} servers on one real influxd
 * and six {@code bin/pulse-relay --server <all three>} relays. Every relay is on exactly one server (its
 * rendezvous first choice), the fleet view and the stats routes answer for every relay from every server; a server
 * killed with SIGKILL loses its relays to the others within seconds (and they keep being polled there); restarted
 * on the same ports, it gets them back after the relays' hold-down.
 *
 * <p>Kept short for CI: poll every second, a 2 s beat (the least), a 2 s hold-down, small relay JVMs.
 */
class ScaleOutEndToEndIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(40);
    /** Failover must be quick: the lost connection is seen at once (SIGKILL closes the sockets), then backoff. */
    private static final Duration FAILOVER = Duration.ofSeconds(10);
    private static final String HOLD_DOWN = "2s";

    @Test
    void relaysSpreadOverThreeServersFailOverAndComeBack(@TempDir Path dir) throws Exception {
        int[] http = {PulseProcess.freePort(), PulseProcess.freePort(), PulseProcess.freePort()};
        int[] relay = {PulseProcess.freePort(), PulseProcess.freePort(), PulseProcess.freePort()};
        String peers = "http://127.0.0.1:" + http[0] + ",http://127.0.0.1:" + http[1] + ",http://127.0.0.1:" + http[2];
        List<String> relayAddresses = List.of("127.0.0.1:" + relay[0], "127.0.0.1:" + relay[1], "127.0.0.1:" + relay[2]);
        List<String> ids = idsUsingAtLeastTwoServers(relayAddresses);

        List<Process> relays = new ArrayList<>();
        PulseProcess[] servers = new PulseProcess[3];
        try (InfluxdServer influxd = InfluxdServer.start()) {
            for (int i = 0; i < 3; i++) {
                servers[i] = startServer(dir, i, http[i], relay[i], influxd, peers);
            }
            for (String id : ids) {
                relays.add(startRelay(dir, id, String.join(",", relayAddresses)));
            }
            Map<String, Integer> expected = new LinkedHashMap<>();
            for (String id : ids) {
                expected.put(id, relayAddresses.indexOf(Relay.rank(id, relayAddresses).getFirst()));
            }

            // Every relay on exactly one server, its first choice; at least two servers used.
            awaitPlacement(servers, expected, "initial placement");
            assertTrue(new HashSet<>(expected.values()).size() >= 2, expected.toString());

            // The fleet view, from any server, lists all six with their server.
            for (PulseProcess server : servers) {
                assertFleetView(server, expected, http);
            }
            // The stats routes answer for any relay from any server (shared InfluxDB).
            for (PulseProcess server : servers) {
                for (String id : ids) {
                    server.awaitBody("/latest/cpu_used?host=" + id, b -> b.contains("\"value\":"), WAIT);
                }
            }

            // SIGKILL the server holding the most relays: they move to their second choice within seconds.
            int victim = mostLoaded(expected);
            servers[victim].kill();
            Map<String, Integer> failedOver = new LinkedHashMap<>();
            for (String id : ids) {
                List<String> ranked = Relay.rank(id, relayAddresses);
                int first = relayAddresses.indexOf(ranked.get(0));
                failedOver.put(id, first == victim ? relayAddresses.indexOf(ranked.get(1)) : first);
            }
            long killedAt = System.nanoTime();
            awaitPlacement(servers, failedOver, "after SIGKILL of server " + victim, FAILOVER);
            Duration movedWithin = Duration.ofNanos(System.nanoTime() - killedAt);
            // ... and keep being polled there: their last poll moves on.
            for (Map.Entry<String, Integer> moved : failedOver.entrySet()) {
                if (expected.get(moved.getKey()) == victim) {
                    assertPolled(servers[moved.getValue()], moved.getKey());
                }
            }

            // Restart it on the same ports: its relays come back after the hold-down, none twice anywhere.
            servers[victim] = startServer(dir, victim, http[victim], relay[victim], influxd, peers);
            awaitPlacement(servers, expected, "after the restart of server " + victim);
            for (PulseProcess server : servers) {
                assertFleetView(server, expected, http);
            }
            System.out.println("scale-out IT: relays " + expected + ", moved off server " + victim + " within "
                + movedWithin.toMillis() + " ms");
        } finally {
            for (Process p : relays) {
                p.destroy();
            }
            for (Process p : relays) {
                if (!p.waitFor(10, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            }
            for (PulseProcess server : servers) {
                if (server != null) {
                    server.close();
                }
            }
        }
    }

    private static PulseProcess startServer(Path dir, int index, int httpPort, int relayPort, InfluxdServer influxd,
                                            String peers) throws Exception {
        return PulseProcess.startServer(Map.of("JAVA_OPTS", "-Xmx192m -XX:+UseSerialGC"),
            dir.resolve("data" + index), httpPort, relayPort,
            "-i", influxd.url(), "--peers", peers, "--peer-timeout", "1s", "--alerts", "none",
            "-p", "1", "-b", "2", "-a", "2s");
    }

    private static Process startRelay(Path dir, String id, String servers) throws Exception {
        Path log = Files.createTempFile(dir, "relay-" + id, ".txt");
        ProcessBuilder builder = new ProcessBuilder(PulseProcess.IMAGE.resolve("bin/pulse-relay").toString(),
            "--server", servers, "--id", id, "--hold-down", HOLD_DOWN)
            .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("JAVA_OPTS", "-Xmx32m -XX:+UseSerialGC -XX:TieredStopAtLevel=1");
        return builder.start();
    }

    /** Six ids whose first choices cover at least two of the servers (rendezvous spreads them; this makes it sure). */
    private static List<String> idsUsingAtLeastTwoServers(List<String> servers) {
        for (int offset = 0; ; offset++) {
            List<String> ids = new ArrayList<>();
            for (int i = 1; i <= 6; i++) {
                ids.add("relay" + (i + offset));
            }
            long used = ids.stream().map(id -> Relay.rank(id, servers).getFirst()).distinct().count();
            if (used >= 2) {
                return ids;
            }
        }
    }

    private static int mostLoaded(Map<String, Integer> placement) {
        Map<Integer, Long> load = placement.values().stream()
            .collect(Collectors.groupingBy(i -> i, Collectors.counting()));
        return load.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
    }

    private static void awaitPlacement(PulseProcess[] servers, Map<String, Integer> expected, String when)
            throws Exception {
        awaitPlacement(servers, expected, when, WAIT);
    }

    /** Waits until each server's own {@code /relays} lists exactly the relays expected on it. */
    private static void awaitPlacement(PulseProcess[] servers, Map<String, Integer> expected, String when,
                                       Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        Map<Integer, List<String>> last = Map.of();
        while (System.nanoTime() < deadline) {
            last = placement(servers);
            Map<Integer, List<String>> wanted = new HashMap<>();
            for (int i = 0; i < servers.length; i++) {
                wanted.put(i, new ArrayList<>());
            }
            expected.forEach((id, server) -> wanted.get(server).add(id));
            wanted.values().forEach(list -> list.sort(Comparator.naturalOrder()));
            if (wanted.equals(last)) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError(when + ": relays never placed as " + expected + " (server index per relay) within "
            + timeout + "; last seen per server: " + last);
    }

    /** Each live server's own relays (a killed one lists none). */
    private static Map<Integer, List<String>> placement(PulseProcess[] servers) throws Exception {
        Map<Integer, List<String>> seen = new HashMap<>();
        for (int i = 0; i < servers.length; i++) {
            List<String> ids = new ArrayList<>();
            if (servers[i].isAlive()) {
                try {
                    JSON.readTree(servers[i].get("/relays").body()).forEach(r -> ids.add(r.get("id").asText()));
                } catch (java.io.IOException notUp) {
                    // restarting
                }
            }
            ids.sort(Comparator.naturalOrder());
            seen.put(i, ids);
        }
        return seen;
    }

    private static void assertFleetView(PulseProcess server, Map<String, Integer> expected, int[] http)
            throws Exception {
        JsonNode fleet = JSON.readTree(server.get("/relays?scope=fleet").body());
        Map<String, String> listed = new LinkedHashMap<>();
        for (JsonNode r : fleet.get("relays")) {
            String previous = listed.put(r.get("id").asText(), r.get("server").asText());
            assertEquals(null, previous, "listed twice: " + fleet);
        }
        Map<String, String> wanted = new LinkedHashMap<>();
        expected.forEach((id, i) -> wanted.put(id, "http://127.0.0.1:" + http[i]));
        assertEquals(wanted, listed, fleet.toString());
        fleet.get("servers").forEach(s -> assertTrue(s.get("reachable").asBoolean(), fleet.toString()));
    }

    private static void assertPolled(PulseProcess server, String id) throws Exception {
        long first = lastPoll(server, id);
        awaitTrue(() -> {
            try {
                return lastPoll(server, id) > first;
            } catch (Exception e) {
                return false;
            }
        }, id + " is not polled on its new server");
    }

    private static long lastPoll(PulseProcess server, String id) throws Exception {
        for (JsonNode r : JSON.readTree(server.get("/relays").body())) {
            if (r.get("id").asText().equals(id)) {
                return r.get("last_poll").isNull() ? 0 : r.get("last_poll").asLong();
            }
        }
        throw new AssertionError(id + " is not on " + server.httpPort);
    }

    private static void awaitTrue(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(what);
            }
            Thread.sleep(200);
        }
    }
}
