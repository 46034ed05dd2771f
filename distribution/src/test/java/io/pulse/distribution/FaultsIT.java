package io.pulse.distribution;

import io.pulse.storage.influxdb.InfluxdServer;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Faults injected into real processes: {@code bin/pulse} from the image, a real {@code influxd} started on loopback,
 * the real host relay program, and raw-protocol relays whose every answer is numbered (1, 2, 3, ...), so that what
 * arrived can be checked sample by sample. See docs/reliability.md for what each test shows; the InfluxDB outage is
 * {@value #DEFAULT_OUTAGE_SECONDS} s here ({@code -Dpulse.faults.outageSeconds=60} for the long version,
 * {@code benchmarks/faults-long.sh}).
 */
class FaultsIT {

    private static final int DEFAULT_OUTAGE_SECONDS = 12;
    /** Collectors of the relay that stops reading: enough that each {@code get} to it is ~400 KB. */
    private static final int STUCK_COLLECTORS = 1000; // the default --max-collectors-per-relay
    private static final int OUTAGE_SECONDS = Integer.getInteger("pulse.faults.outageSeconds", DEFAULT_OUTAGE_SECONDS);
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final Pattern COUNT_AND_MAX = Pattern.compile("\"tags\":\\{\"host\":\"([^\"]+)\"},\"columns\":\\[\"time\",\"count\",\"max\"],\"values\":\\[\\[0,(\\d+),(\\d+)]]");

    // ----------------------------------------------------------------------------------------------- InfluxDB

    /**
     * InfluxDB stopped under load for {@value #DEFAULT_OUTAGE_SECONDS} s (or {@code pulse.faults.outageSeconds}): Pulse
     * keeps polling, buffers to its disk buffer, reports the storage DOWN, and once InfluxDB is back every sample every
     * relay answered is in InfluxDB, each relay's 1..n complete.
     */
    @Test
    void influxdbStoppedUnderLoadLosesNothing(@TempDir Path dir) throws Exception {
        try (InfluxdServer influxd = InfluxdServer.start();
             PulseProcess pulse = PulseProcess.startServer(dir.resolve("data"), "-i", influxd.url(), "-p", "1")) {
            List<RawCpuRelay> fleet = numberedFleet(pulse, "outage", 6);
            try {
                await("samples in InfluxDB", () -> totalInInfluxdb(influxd) >= 12);
                influxd.stop();
                long pollsBefore = metric(pulse, "polls.sent");
                Thread.sleep(Duration.ofSeconds(OUTAGE_SECONDS));
                String health = pulse.get("/health").body();
                assertTrue(health.contains("buffered") && health.contains("DOWN"), health);
                assertTrue(metric(pulse, "polls.sent") - pollsBefore >= 6L * (OUTAGE_SECONDS - 3),
                    "polling went on during the outage");
                influxd.restart();
                await("the storage to be up again", () -> body(pulse, "/health/ready").contains("UP")
                    && !body(pulse, "/health").contains("DOWN"));
                Thread.sleep(2_000);  // a few more polls written directly
            } finally {
                closeAll(fleet);
            }
            await("every answered sample in InfluxDB", () -> totalInInfluxdb(influxd) >= answeredTotal(fleet));
            assertEveryRelayComplete(influxd, fleet, 0);
        }
    }

    /**
     * {@code kill -9} of Pulse while InfluxDB is down and samples wait in the disk buffer, then InfluxDB and Pulse
     * restarted: the new process replays the buffer the killed one left. Lost: only the polls answered but still in
     * the ingestion queue or gathered for the plugin's next write at the kill (up to 200 ms + 1.5
     * {@code write-interval}, so at most about two per relay at 1 s polls, plus one in flight); each relay's samples
     * arrive 1..k without gap.
     */
    @Test
    void killNineWhileBufferingForInfluxdbLosesOnlyPollsInFlight(@TempDir Path dir) throws Exception {
        Path data = dir.resolve("data");
        try (InfluxdServer influxd = InfluxdServer.start()) {
            List<RawCpuRelay> fleet;
            try (PulseProcess pulse = PulseProcess.startServer(data, "-i", influxd.url(), "-p", "1")) {
                fleet = numberedFleet(pulse, "buffered", 6);
                try {
                    await("samples in InfluxDB", () -> totalInInfluxdb(influxd) >= 12);
                    influxd.stop();
                    await("samples in the disk buffer", () -> bufferedSamples(pulse) >= 30);
                    pulse.kill();
                } finally {
                    closeAll(fleet);
                }
            }
            influxd.restart();
            try (PulseProcess restarted = PulseProcess.startServer(data, "-i", influxd.url(), "-p", "1")) {
                assertTrue(restarted.stderr().contains("buffered by an earlier run"), restarted.stderr());
                await("the earlier run's buffer replayed", () -> body(restarted, "/health").contains("buffered 0 samples"));
                long answered = answeredTotal(fleet);
                long stored = totalInInfluxdb(influxd);
                System.out.println("kill -9 while buffering for InfluxDB: answered " + answered + ", stored " + stored
                    + ", lost " + (answered - stored) + " over " + fleet.size() + " relays");
                assertEveryRelayComplete(influxd, fleet, 3);
            }
        }
    }

    // ----------------------------------------------------------------------------------------------- relays

    /**
     * A relay that vanishes without a FIN (the real {@code bin/pulse-relay}, frozen with SIGSTOP: its socket stays
     * open, it answers nothing) is dropped once it has been silent for two beats, and counted; a relay beside it is
     * polled throughout.
     */
    @Test
    void aRelayThatVanishesWithoutFinIsDroppedAfterTwoBeats(@TempDir Path dir) throws Exception {
        try (PulseProcess pulse = PulseProcess.startServer(dir.resolve("data"), "-p", "1", "-b", "2");
             RawCpuRelay good = RawCpuRelay.connect(pulse.relayPort, "good", "cpu_used", n -> String.valueOf(n + 1))) {
            Process relay = new ProcessBuilder(PulseProcess.IMAGE.resolve("bin/pulse-relay").toString(),
                "--server", "127.0.0.1:" + pulse.relayPort, "--id", "frozen")
                .redirectErrorStream(true).redirectOutput(dir.resolve("relay.txt").toFile()).start();
            try {
                pulse.awaitBody("/relays", b -> b.contains("\"id\":\"frozen\""), WAIT);
                long timedOutBefore = metric(pulse, "relays.timed_out");
                signal("STOP", relay.pid());
                long frozenAt = System.nanoTime();
                int goodBefore = good.answered();
                await("the frozen relay to be dropped", () -> !body(pulse, "/relays").contains("\"id\":\"frozen\""));
                double silentSeconds = (System.nanoTime() - frozenAt) / 1e9;
                assertTrue(silentSeconds >= 2, "dropped after " + silentSeconds + " s: not before a beat had passed");
                assertEquals(timedOutBefore + 1, metric(pulse, "relays.timed_out"), "the drop is counted");
                assertTrue(good.answered() - goodBefore >= (int) silentSeconds - 2,
                    "the other relay was polled meanwhile: " + (good.answered() - goodBefore) + " polls in " + silentSeconds + " s");
                System.out.println("a relay frozen with SIGSTOP was dropped after " + String.format("%.1f", silentSeconds)
                    + " s (beat 2 s)");
            } finally {
                signal("CONT", relay.pid());
                relay.destroy();
                relay.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    /**
     * A relay that stops reading: its socket buffers fill (a tiny receive buffer and large {@code get} lines make that
     * quick), the server's writes to it block - on that relay's own writer thread only. The other relays are polled
     * every second throughout, and the stalled relay is dropped once its bounded queue is full, and counted.
     */
    @Test
    void aRelayThatStopsReadingDelaysNoOtherRelay(@TempDir Path dir) throws Exception {
        try (PulseProcess pulse = PulseProcess.startServer(dir.resolve("data"), "-p", "1")) {
            List<RawCpuRelay> others = numberedFleet(pulse, "reader", 4);
            try (Socket stuck = new Socket()) {
                stuck.setReceiveBufferSize(1024);
                stuck.connect(new java.net.InetSocketAddress("127.0.0.1", pulse.relayPort));
                OutputStream out = stuck.getOutputStream();
                StringBuilder hello = new StringBuilder("id stuck\n");
                String longName = "x".repeat(400);
                for (int c = 0; c < STUCK_COLLECTORS; c++) {
                    hello.append("add ").append(longName).append(c).append('\n');  // each get names them all: ~400 KB
                }
                out.write(hello.toString().getBytes(StandardCharsets.US_ASCII));
                out.flush();
                // Never read from here on. Each get is ~400 KB, so the socket buffers (the server's send buffer
                // grows to 4 MB on Linux) fill after a handful of polls and the server's writer for this relay
                // blocks; pings every 50 ms (each answered with a pong) then fill its bounded queue of 64 lines in a
                // few seconds. (With 40 KB gets and a ping every 200 ms this took 53 s; what is proven is the same.)
                long stalledBefore = metric(pulse, "relays.stalled");
                Thread pinger = Thread.ofVirtual().start(() -> {
                    try {
                        while (!Thread.currentThread().isInterrupted()) {
                            out.write("ping\n".getBytes(StandardCharsets.US_ASCII));
                            out.flush();
                            Thread.sleep(50);
                        }
                    } catch (IOException | InterruptedException closed) {
                        // dropped by the server, or the test is over
                    }
                });
                int[] before = answered(others);
                long start = System.nanoTime();
                await("the relay that does not read to be dropped as stalled",
                    () -> metric(pulse, "relays.stalled") > stalledBefore);
                double seconds = (System.nanoTime() - start) / 1e9;
                pinger.interrupt();
                int[] after = answered(others);
                for (int r = 0; r < others.size(); r++) {
                    assertTrue(after[r] - before[r] >= (int) seconds - 3, "relay " + r + " answered "
                        + (after[r] - before[r]) + " polls in " + seconds + " s while another relay did not read");
                }
                System.out.println("a relay that stopped reading was dropped as stalled after " + String.format("%.1f", seconds)
                    + " s; the other relays answered " + (after[0] - before[0]) + " polls each meanwhile");
            } finally {
                closeAll(others);
            }
        }
    }

    // ------------------------------------------------------------------------------------- Mist and Kapacitor

    /** How a fake peer treats a connection. */
    enum PeerFault {
        /** accepts and then neither reads nor answers */
        HANG,
        /** accepts, reads a little, and resets the connection (RST) */
        RESET
    }

    /**
     * Mist and Kapacitor that hang or reset every connection: Pulse starts, polls and stores every second as usual,
     * reports both DOWN in {@code /health}, and the alert routes answer 503 promptly instead of waiting on Kapacitor.
     * (Webhook receivers that hang or reset: {@link #webhookReceiversThatHangOrResetBlockNothing}.)
     */
    @ParameterizedTest(name = "Mist {0}, Kapacitor {1}")
    @CsvSource({"HANG, RESET", "RESET, HANG"})
    void mistAndKapacitorThatHangOrResetBlockNothing(PeerFault mistFault, PeerFault kapacitorFault, @TempDir Path dir)
            throws Exception {
        try (FaultyPeer mist = new FaultyPeer(mistFault);
             FaultyPeer kapacitor = new FaultyPeer(kapacitorFault);
             PulseProcess pulse = PulseProcess.startServer(dir.resolve("data"), "-p", "1",
                 "-m", "127.0.0.1:" + mist.port(), "-k", "http://127.0.0.1:" + kapacitor.port())) {
            List<RawCpuRelay> fleet = numberedFleet(pulse, "peer", 3);
            try {
                await("a few polls", () -> answered(fleet)[0] >= 3);
                int[] before = answered(fleet);
                long start = System.nanoTime();
                Thread.sleep(6_000);
                long alertsStart = System.nanoTime();
                HttpResponse<String> alerts = pulse.get("/alerts");
                double alertSeconds = (System.nanoTime() - alertsStart) / 1e9;
                assertEquals(503, alerts.statusCode(), alerts.body());
                int[] after = answered(fleet);
                double seconds = (System.nanoTime() - start) / 1e9;
                for (int r = 0; r < fleet.size(); r++) {
                    assertTrue(after[r] - before[r] >= (int) seconds - 3,
                        "peer-" + r + " answered " + (after[r] - before[r]) + " polls in " + seconds + " s");
                    int newest = after[r];
                    int relay = r;
                    await("peer-" + r + "'s samples stored", () -> latestMax(pulse, "peer-" + relay) >= newest - 1);
                }
                String health = body(pulse, "/health");
                assertTrue(health.matches("(?s).*\\{\"kind\":\"alerts\",\"id\":\"kapacitor\",\"status\":\"DOWN\".*"), health);
                assertTrue(health.matches("(?s).*\\{\"kind\":\"publisher\",\"id\":\"mist\",\"status\":\"DOWN\".*"), health);
                assertTrue(mist.connections() > 0 && kapacitor.connections() > 0, "both peers were tried");
                System.out.printf("Mist %s, Kapacitor %s: relays polled every second, GET /alerts answered 503 in %.2f s%n",
                    mistFault, kapacitorFault, alertSeconds);
            } finally {
                closeAll(fleet);
            }
        }
    }

    /**
     * The built-in alerts' webhook receivers that hang or reset every connection, next to one that works: the working
     * one is notified at once, each faulty delivery gives up after {@code --builtin.timeout} and counts in
     * {@code pulse_builtin_webhook_failures_total}, and relays are polled and stored every second throughout. (The
     * timeout's exactness, retries and per-series order: the plugin's {@code WebhookFaultsTest}.)
     */
    @Test
    void webhookReceiversThatHangOrResetBlockNothing(@TempDir Path dir) throws Exception {
        java.util.concurrent.BlockingQueue<String> notified = new java.util.concurrent.LinkedBlockingQueue<>();
        com.sun.net.httpserver.HttpServer fine = com.sun.net.httpserver.HttpServer.create(
            new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 0);
        fine.createContext("/hook", exchange -> {
            notified.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        fine.start();
        try (FaultyPeer hanging = new FaultyPeer(PeerFault.HANG);
             FaultyPeer resetting = new FaultyPeer(PeerFault.RESET);
             PulseProcess pulse = PulseProcess.startServer(dir.resolve("data"), "-p", "1", "--builtin.timeout=2s",
                 "--builtin.retries=0")) {
            List<RawCpuRelay> fleet = numberedFleet(pulse, "hook", 3);
            try {
                await("a few polls", () -> answered(fleet)[0] >= 3);
                int[] before = answered(fleet);
                long start = System.nanoTime();
                // The relays answer 1, 2, 3, ...: above the threshold from the start, so every alert fires at once.
                for (String post : List.of("http://127.0.0.1:" + hanging.port() + "/hook",
                        "http://127.0.0.1:" + resetting.port() + "/hook",
                        "http://127.0.0.1:" + fine.getAddress().getPort() + "/hook")) {
                    HttpResponse<String> created = pulse.send(java.net.http.HttpRequest.newBuilder(pulse.uri("/alerts"))
                        .header("X-AUTH-TOKEN", PulseProcess.TOKEN).header("Content-Type", "application/json")
                        .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"tags\":{\"host\":\"hook-0\"},"
                            + "\"metric\":\"cpu_used\",\"threshold\":0.5,\"duration\":\"5s\",\"post\":\"" + post + "\"}")));
                    assertEquals(200, created.statusCode(), created.body());
                }
                String fired = notified.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
                assertTrue(fired != null && fired.contains("\"level\":\"CRITICAL\""), "the working receiver: " + fired);
                double notifiedAfter = (System.nanoTime() - start) / 1e9;
                await("both faulty deliveries to fail", () -> webhookFailures(pulse) == 2);
                double failedAfter = (System.nanoTime() - start) / 1e9;
                assertTrue(hanging.connections() == 1 && resetting.connections() == 1, "each faulty receiver was tried");

                int[] after = answered(fleet);
                double seconds = (System.nanoTime() - start) / 1e9;
                for (int r = 0; r < fleet.size(); r++) {
                    assertTrue(after[r] - before[r] >= (int) seconds - 3,
                        "hook-" + r + " answered " + (after[r] - before[r]) + " polls in " + seconds + " s");
                    int newest = after[r];
                    int relay = r;
                    await("hook-" + r + "'s samples stored", () -> latestMax(pulse, "hook-" + relay) >= newest - 1);
                }
                String health = body(pulse, "/health");
                assertTrue(health.matches("(?s).*\\{\"kind\":\"alerts\",\"id\":\"builtin\",\"status\":\"UP\".*"
                    + "1 webhook\\(s\\) delivered, 2 failed.*"), health);
                System.out.printf("webhook receivers that hang and reset: the working one notified after %.1f s, both"
                    + " faulty deliveries failed after %.1f s (timeout 2 s), relays polled every second%n",
                    notifiedAfter, failedAfter);
            } finally {
                closeAll(fleet);
            }
        } finally {
            fine.stop(0);
        }
    }

    /** {@code pulse_builtin_webhook_failures_total} from the Prometheus text on {@code /metrics}; -1 when absent. */
    private static double webhookFailures(PulseProcess pulse) {
        try {
            Matcher m = Pattern.compile("(?m)^pulse_builtin_webhook_failures_total (\\S+)$")
                .matcher(pulse.get("/metrics").body());
            return m.find() ? Double.parseDouble(m.group(1)) : -1;
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** A TCP peer on a free loopback port that hangs or resets every connection. */
    static final class FaultyPeer implements AutoCloseable {
        private final java.net.ServerSocket server;
        private final List<Socket> held = java.util.Collections.synchronizedList(new ArrayList<>());
        private final java.util.concurrent.atomic.AtomicInteger connections = new java.util.concurrent.atomic.AtomicInteger();

        FaultyPeer(PeerFault fault) throws IOException {
            server = new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
            Thread.ofVirtual().start(() -> {
                while (!server.isClosed()) {
                    try {
                        Socket s = server.accept();
                        connections.incrementAndGet();
                        if (fault == PeerFault.HANG) {
                            held.add(s);
                        } else {
                            Thread.ofVirtual().start(() -> reset(s));
                        }
                    } catch (IOException closed) {
                        return;
                    }
                }
            });
        }

        private static void reset(Socket s) {
            try (s) {
                s.setSoTimeout(500);
                try {
                    s.getInputStream().read(new byte[256]);
                } catch (IOException nothingSent) {
                    // reset anyway
                }
                s.setSoLinger(true, 0);  // close sends RST
            } catch (IOException ignored) {
                // already gone
            }
        }

        int port() {
            return server.getLocalPort();
        }

        int connections() {
            return connections.get();
        }

        @Override
        public void close() throws IOException {
            server.close();
            synchronized (held) {
                for (Socket s : held) {
                    s.close();
                }
            }
        }
    }

    // --------------------------------------------------------------------------------------------- full disk

    /**
     * The data directory's file system fills up (a 4 MiB tmpfs mounted for the test, filled with a file): the memory
     * store keeps the samples in memory, {@code /health} says what failed (log or snapshot), where and why; when space
     * returns the store works again, and after a restart every sample is there and recovery reports no damaged file.
     * Needs permission to mount (root); skipped with a message otherwise.
     */
    @Test
    void aFullDiskIsReportedLosesNothingAndRecovers(@TempDir Path dir) throws Exception {
        Path mount = dir.resolve("small");
        Files.createDirectories(mount);
        Process m = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", mount.toString())
            .redirectErrorStream(true).start();
        String why = new String(m.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        Assumptions.assumeTrue(m.waitFor() == 0, "cannot mount a tmpfs here (needs root): " + why);
        try {
            Path data = mount.resolve("data");
            // Snapshots every 10 s (the least allowed), each starting a new log segment: a log that is appended to a
            // page it already has can go on for a while on a full file system; a new segment fails at once.
            Path config = dir.resolve("pulse.yaml");
            Files.writeString(config, "memory:\n  snapshot-interval: 10s\n");
            List<RawCpuRelay> fleet;
            try (PulseProcess pulse = PulseProcess.startServer(data, "-p", "1", "-c", config.toString())) {
                fleet = numberedFleet(pulse, "disk", 3);
                try {
                    pulse.awaitBody("/latest/cpu_used?verb=max&host=disk-0", b -> b.contains("value"), WAIT);
                    Path filler = mount.resolve("filler");
                    fill(filler);
                    await("the health to report the full disk", () -> body(pulse, "/health").contains("No space left on device"));
                    String health = body(pulse, "/health");
                    assertTrue(health.contains("\"status\":\"DOWN\"") && health.contains(mount.toString()), health);
                    int[] during = answered(fleet);
                    await("polling to go on with the disk full", () -> answered(fleet)[0] >= during[0] + 3);
                    Files.delete(filler);
                    await("the store to work again", () -> !body(pulse, "/health").contains("No space left on device")
                        && body(pulse, "/health").contains("\"status\":\"UP\""));
                    Thread.sleep(2_000);
                } finally {
                    closeAll(fleet);
                }
                Thread.sleep(1_500);  // let the last answers be stored
            }
            try (PulseProcess restarted = PulseProcess.startServer(data, "-p", "3600")) {
                assertFalse(restarted.stderr().contains("problem"), restarted.stderr());
                for (int r = 0; r < fleet.size(); r++) {
                    List<Double> values = rawValues(restarted, "disk-" + r);
                    int answered = fleet.get(r).answered();
                    assertTrue(values.size() >= answered - 1 && values.size() <= answered,
                        "disk-" + r + ": answered " + answered + ", stored " + values);
                    for (int i = 0; i < values.size(); i++) {
                        assertEquals(i + 1, values.get(i), "disk-" + r + ": 1.." + values.size() + " without gap: " + values);
                    }
                }
            }
        } finally {
            new ProcessBuilder("umount", "-l", mount.toString()).inheritIO().start().waitFor();
        }
    }

    // ------------------------------------------------------------------------------------------------ helpers

    private static List<RawCpuRelay> numberedFleet(PulseProcess pulse, String prefix, int size) throws IOException {
        List<RawCpuRelay> fleet = new ArrayList<>();
        for (int r = 0; r < size; r++) {
            fleet.add(RawCpuRelay.connect(pulse.relayPort, prefix + "-" + r, "cpu_used", n -> String.valueOf(n + 1)));
        }
        return fleet;
    }

    private static void closeAll(List<RawCpuRelay> fleet) throws Exception {
        for (RawCpuRelay relay : fleet) {
            relay.close();
        }
    }

    private static int[] answered(List<RawCpuRelay> fleet) {
        return fleet.stream().mapToInt(RawCpuRelay::answered).toArray();
    }

    private static long answeredTotal(List<RawCpuRelay> fleet) {
        return fleet.stream().mapToLong(RawCpuRelay::answered).sum();
    }

    /** Each relay's samples in InfluxDB are exactly 1..k, with k at most {@code mayLose} short of what it answered. */
    private static void assertEveryRelayComplete(InfluxdServer influxd, List<RawCpuRelay> fleet, int mayLose) {
        String json = influxd.query("statistics", "SELECT count(\"cpu_used\"), max(\"cpu_used\") FROM \"one_day\".\"cpu_used\" GROUP BY \"host\"");
        Matcher m = COUNT_AND_MAX.matcher(json);
        int seen = 0;
        while (m.find()) {
            seen++;
            int relay = Integer.parseInt(m.group(1).substring(m.group(1).lastIndexOf('-') + 1));
            long count = Long.parseLong(m.group(2));
            long max = Long.parseLong(m.group(3));
            int answered = fleet.get(relay).answered();
            assertEquals(max, count, m.group(1) + ": samples 1.." + max + " without gap or duplicate");
            assertTrue(count <= answered && count >= answered - mayLose,
                m.group(1) + ": answered " + answered + ", stored " + count + " (may lose " + mayLose + ")");
        }
        assertEquals(fleet.size(), seen, json);
    }

    private static long totalInInfluxdb(InfluxdServer influxd) {
        if (!influxd.isRunning()) {
            return 0;
        }
        Matcher m = Pattern.compile("\"values\":\\[\\[0,(\\d+)]]")
            .matcher(influxd.query("statistics", "SELECT count(\"cpu_used\") FROM \"one_day\".\"cpu_used\""));
        return m.find() ? Long.parseLong(m.group(1)) : 0;
    }

    private static long bufferedSamples(PulseProcess pulse) {
        Matcher m = Pattern.compile("buffered (\\d+) samples").matcher(body(pulse, "/health"));
        return m.find() ? Long.parseLong(m.group(1)) : 0;
    }

    /** Every raw value of relay {@code host}'s cpu_used in the window, ascending (the server runs with -p 3600). */
    private static List<Double> rawValues(PulseProcess pulse, String host) throws Exception {
        String filter = "host=" + host;
        HttpResponse<String> rows = pulse.get("/latest/cpu_used?verb=none&" + (filter + "&").repeat(59) + filter);
        List<Double> values = new ArrayList<>();
        Matcher m = Pattern.compile("\"value\":([-0-9.Ee]+)").matcher(rows.body());
        while (m.find()) {
            values.add(Double.parseDouble(m.group(1)));
        }
        assertTrue(values.size() < 60, "the test must stay below the row limit: " + rows.body());
        values.sort(null);
        return values;
    }

    private static double latestMax(PulseProcess pulse, String host) {
        Matcher m = Pattern.compile("\"value\":([-0-9.Ee]+)").matcher(body(pulse, "/latest/cpu_used?verb=max&host=" + host));
        return m.find() ? Double.parseDouble(m.group(1)) : -1;
    }

    private static long metric(PulseProcess pulse, String name) {
        Matcher m = Pattern.compile("\"" + Pattern.quote(name) + "\":(\\d+)").matcher(body(pulse, "/metrics"));
        return m.find() ? Long.parseLong(m.group(1)) : -1;
    }

    private static String body(PulseProcess pulse, String path) {
        try {
            return pulse.send(java.net.http.HttpRequest.newBuilder(pulse.uri(path)).header("X-AUTH-TOKEN", PulseProcess.TOKEN)
                .header("Accept", "application/json").GET()).body();
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static void signal(String signal, long pid) throws Exception {
        assertEquals(0, new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).inheritIO().start().waitFor());
    }

    /** Writes until the file system is full. */
    private static void fill(Path filler) {
        byte[] chunk = new byte[64 * 1024];
        try (OutputStream out = Files.newOutputStream(filler)) {
            while (true) {
                out.write(chunk);
            }
        } catch (IOException full) {
            // no space left: that was the point
        }
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + WAIT + " waiting for " + what);
            }
            Thread.sleep(200);
        }
    }
}
