package io.pulse.relay.host;

import io.pulse.protocol.LineReader;
import io.pulse.relay.OriginalServer;
import io.pulse.relay.Relay;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The pulse-relay program: arguments, exit codes, and real host stats over a real socket. */
class HostRelayTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return HostRelay.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), relay -> {
                    throw new AssertionError("no relay should start");
                });
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void helpPrintsUsageAndExitsZero() {
        assertEquals(0, run("--help"));
        String usage = out.toString(StandardCharsets.UTF_8);
        assertTrue(usage.startsWith("Usage: pulse-relay --server HOST:PORT[,HOST:PORT...] --id ID"), usage);
        for (String stat : List.of("cpu_used", "ram_used", "swap_used", "disk_root_used", "load_15", "rx_bytes")) {
            assertTrue(usage.contains(stat), stat);
        }
        assertEquals(0, run("--server", "x", "-h"));
    }

    @Test
    void badArgumentsGetOneClearLineAndExitTwo() {
        assertEquals(2, run());
        assertTrue(err().startsWith("pulse-relay: --server HOST:PORT is required\n"), err());
        err.reset();
        assertEquals(2, run("--server", "127.0.0.1:3000"));
        assertTrue(err().startsWith("pulse-relay: --id ID is required"), err());
        err.reset();
        assertEquals(2, run("--server", "127.0.0.1:3000", "--id"));
        assertTrue(err().startsWith("pulse-relay: --id needs a value"), err());
        err.reset();
        assertEquals(2, run("--server=127.0.0.1:3000", "--id=a", "--bogus"));
        assertTrue(err().startsWith("pulse-relay: unknown option \"--bogus\""), err());
        err.reset();
        assertEquals(2, run("--server", "nohost", "--id", "a"));
        assertTrue(err().startsWith("pulse-relay: server address must be host:port"), err());
        err.reset();
        assertEquals(2, run("--server", "127.0.0.1:1", "--id", "a", "--tags", "env:x\ny"));
        assertTrue(err().startsWith("pulse-relay: a tag cannot contain a line break"), err());
        err.reset();
        assertEquals(2, run("--server", "127.0.0.1:1", "--id", "a\nb"));
        assertTrue(err().startsWith("pulse-relay: relay id must not contain a line break"), err());
    }

    @Test
    void optionsParse() throws Exception {
        HostRelayOptions options = HostRelayOptions.parse(java.util.Map.of(), "--server=10.0.0.1:3000", "--id",
                "web 1", "--tags", "env:dev, role:web,,url:http://x", "--proc", "/host/proc");
        assertEquals(new HostRelayOptions("10.0.0.1:3000", "web 1", List.of("env:dev", "role:web", "url:http://x"),
                Path.of("/host/proc"), null, false, null, false, null), options);
        assertThrows(HostRelayOptions.UsageException.class, () -> HostRelayOptions.parse("--proc", "", "--id", "a"));
        HostRelayOptions.UsageException bare = assertThrows(HostRelayOptions.UsageException.class,
            () -> HostRelayOptions.parse("--server", "h:1", "--id", "a", "--tags", "env:dev,solo"));
        assertEquals("tag \"solo\" is not key:value (e.g. env:prod); the server keeps only key:value tags",
            bare.getMessage());
        assertThrows(HostRelayOptions.UsageException.class,
            () -> HostRelayOptions.parse("--server", "h:1", "--id", "a", "--tags", ":x"), "an empty key is dropped too");
    }

    @Test
    void securityOptionsParseAndTheTokenComesFromTheEnvironmentToo() throws Exception {
        java.util.Map<String, String> env = java.util.Map.of(HostRelayOptions.TOKEN_ENV, "from-env");
        HostRelayOptions options = HostRelayOptions.parse(env, "--server", "h:1", "--id", "a", "--tls", "--ca",
                "/etc/pulse/ca.pem");
        assertEquals("from-env", options.token());
        assertTrue(options.tls());
        assertEquals(Path.of("/etc/pulse/ca.pem"), options.ca());
        assertTrue(!options.toString().contains("from-env"), "the token is never shown");
        assertEquals("from-flag", HostRelayOptions.parse(env, "--server", "h:1", "--id", "a", "--token=from-flag")
                .token());
        assertEquals(null, HostRelayOptions.parse(java.util.Map.of(), "--server", "h:1", "--id", "a").token());
        assertThrows(HostRelayOptions.UsageException.class,
                () -> HostRelayOptions.parse(java.util.Map.of(), "--server", "h:1", "--id", "a", "--ca", "x.pem"));
        assertThrows(HostRelayOptions.UsageException.class,
                () -> HostRelayOptions.parse(java.util.Map.of(), "--server", "h:1", "--id", "a", "--token="));
    }

    @Test
    void anUnusableCaFileIsAUsageError(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path notPem = java.nio.file.Files.writeString(dir.resolve("ca.pem"), "not a certificate\n");
        assertEquals(HostRelay.EXIT_USAGE, run("--server", "127.0.0.1:1", "--id", "a", "--tls", "--ca",
                notPem.toString()));
        assertTrue(err().startsWith("pulse-relay: --ca " + notPem + ": "), err());
    }

    @Test
    void severalServersComeFromServerOrPulseServersAndTheHoldDownIsADuration() throws Exception {
        HostRelayOptions flag = HostRelayOptions.parse(java.util.Map.of("PULSE_SERVERS", "x:1"),
                "--server", "a:3000,b:3000,c:3000", "--id", "w", "--hold-down", "1500ms");
        assertEquals("a:3000,b:3000,c:3000", flag.server()); // the flag wins over the environment
        assertEquals(java.time.Duration.ofMillis(1500), flag.holdDown());
        HostRelayOptions env = HostRelayOptions.parse(java.util.Map.of("PULSE_SERVERS", "a:3000,b:3000"), "--id", "w");
        assertEquals("a:3000,b:3000", env.server());
        assertEquals(java.time.Duration.ofMinutes(2),
                HostRelayOptions.parse(java.util.Map.of(), "--server", "a:1", "--id", "w", "--hold-down=2m").holdDown());
        for (String bad : List.of("0s", "2", "1.5s", "-1s", "2 days")) {
            HostRelayOptions.UsageException e = assertThrows(HostRelayOptions.UsageException.class,
                    () -> HostRelayOptions.parse("--server", "a:1", "--id", "w", "--hold-down", bad), bad);
            assertTrue(e.getMessage().startsWith("--hold-down must be a positive duration"), e.getMessage());
        }
        assertEquals(2, run("--server", "127.0.0.1:1,127.0.0.1:1", "--id", "a"));
        assertTrue(err().contains("listed twice"), err());
    }

    @Test
    void unreachableServerOrMissingProcExitOne() throws Exception {
        int freePort;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            freePort = probe.getLocalPort();
        }
        assertEquals(1, run("--server", "127.0.0.1:" + freePort, "--id", "a"));
        assertTrue(err().startsWith("pulse-relay: cannot connect to 127.0.0.1:" + freePort + ": "), err());
        err.reset();
        assertEquals(1, run("--server", "127.0.0.1:" + freePort, "--id", "a", "--proc", "/nonexistent"));
        assertTrue(err().startsWith("pulse-relay: cannot read /nonexistent/stat"), err());
    }

    @Test
    void exposesRealHostStatsToAnOriginalServer() throws Exception {
        try (OriginalServer server = OriginalServer.start()) {
            AtomicReference<Relay> started = new AtomicReference<>();
            Thread starting = Thread.ofVirtual().start(() -> HostRelay.run(
                    new String[] {"--server", server.address(), "--id", "host-test", "--tags", "env:test"},
                    new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                    started::set));
            OriginalServer.Peer peer = server.acceptIdentified("host-test", 30);
            starting.join(Duration.ofSeconds(5));
            try (Relay relay = started.get()) {
                assertNotNull(relay, err());
                for (String collector : List.of("cpu_used", "ram_used", "swap_used", "disk", "load", "net")) {
                    assertEquals("add " + collector + ":env:test", peer.readLine());
                }
                peer.write("get cpu_used,ram_used,swap_used,disk,load,net\n");
                assertRealStats(peer.readLine());
            }
        }
    }

    @Test
    void theProgramStopsCleanlyOnSigterm() throws Exception {
        try (OriginalServer server = OriginalServer.start()) {
            // the relay module and the one it requires, io.pulse.protocol (a jar or a classes directory each)
            String modules = codeSource(HostRelay.class) + java.io.File.pathSeparator + codeSource(LineReader.class);
            Path java = Path.of(System.getProperty("java.home"), "bin", "java");
            Process process = new ProcessBuilder(java.toString(), "-p", modules,
                    "-m", "io.pulse.relay/io.pulse.relay.host.HostRelay",
                    "--server", server.address(), "--id", "sigterm-test")
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.PIPE).start();
            try {
                OriginalServer.Peer peer = server.acceptIdentified("sigterm-test", 30);
                List<String> collectors = List.of("cpu_used", "ram_used", "swap_used", "disk", "load", "net");
                for (String collector : collectors) {
                    assertEquals("add " + collector + ":", peer.readLine());
                }
                peer.write("get " + String.join(",", collectors) + "\n");
                assertRealStats(peer.readLine());

                assertTrue(process.toHandle().destroy(), "SIGTERM sent"); // Process.destroy() would close our pipes
                for (String collector : collectors) {
                    assertEquals("remove " + collector, peer.readLine());
                }
                assertEquals("close", peer.readLine());
                peer.assertClosedByRelay();
                assertTrue(process.waitFor(10, TimeUnit.SECONDS), "the program exits");
                assertEquals(143, process.exitValue(), "the JVM's status for SIGTERM, after the clean close");
                String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertTrue(output.contains("relay \"sigterm-test\" connected to " + server.address()), output);
                assertEquals(null, server.acceptWithin(Duration.ofMillis(300)), "no reconnection after SIGTERM");
            } finally {
                process.destroyForcibly();
            }
        }
    }

    private static String codeSource(Class<?> type) throws java.net.URISyntaxException {
        return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    }

    private static final Pattern ITEM = Pattern.compile("([a-z_]+)-([a-z0-9_]+):(-?[0-9]+(\\.[0-9]+)?)");

    /** A got line with every host stat, values in range. */
    private static void assertRealStats(String got) {
        assertTrue(got.startsWith("got "), got);
        List<String> stats = new ArrayList<>();
        for (String item : got.substring(4).split(",")) {
            var match = ITEM.matcher(item);
            assertTrue(match.matches(), item);
            String stat = match.group(2);
            double value = Double.parseDouble(match.group(3));
            stats.add(stat);
            if (stat.endsWith("_used")) {
                assertTrue(value >= 0 && value <= 1, item);
            } else {
                assertTrue(value >= 0, item);
            }
        }
        for (String expected : List.of("cpu_used", "ram_used", "swap_used", "disk_root_used", "load_1", "load_5",
                "load_15", "rx_bytes", "tx_bytes")) {
            assertTrue(stats.contains(expected), expected + " missing from " + got);
        }
    }
}
