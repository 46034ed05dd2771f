package io.pulse.distribution;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.Socket;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The built image as an operator meets it: layout, help, version, bad configuration, start, ping, stop. */
class ImageIT {

    private static final Path IMAGE = PulseProcess.IMAGE;

    @Test
    void hasTheDocumentedLayout() {
        for (String path : List.of("bin/pulse", "bin/pulse-relay", "bin/java")) {
            assertTrue(Files.isExecutable(IMAGE.resolve(path)), path + " is executable");
        }
        assertTrue(Files.isRegularFile(IMAGE.resolve("etc/pulse.yaml")));
        assertTrue(Files.isDirectory(IMAGE.resolve("plugins")));
        assertTrue(Files.isDirectory(IMAGE.resolve("data")));
        assertTrue(Files.isRegularFile(IMAGE.resolve("lib/server/classes.jsa")), "a CDS archive is generated");
        assertTrue(Files.isRegularFile(IMAGE.getParent().resolve("pulse-" + System.getProperty("pulse.version") + ".tar.gz")));
    }

    @Test
    void linksOnlyWhatItNeeds() throws Exception {
        String modules = Files.readString(IMAGE.resolve("release"));
        assertTrue(modules.contains("io.pulse.kernel") && modules.contains("io.pulse.api.http"), modules);
        assertTrue(modules.contains("io.pulse.alert.builtin") && modules.contains("java.net.http"),
            "the default alert backend and its HTTP client: " + modules);
        assertFalse(modules.contains("java.desktop"), "no AWT/Swing in a server image: " + modules);
        assertFalse(modules.contains("jdk.compiler"), modules);
    }

    @Test
    void withoutServerFlagPrintsHelpWithEveryOriginalFlagUnderItsOwnerAndExitsZero() throws Exception {
        for (String[] args : List.of(new String[0], new String[] {"--help"})) {
            PulseProcess.Result result = PulseProcess.run(args);
            assertEquals(0, result.exitCode(), result.stderr());
            String help = result.stdout();
            for (String flag : List.of("-a", "--aggregate-interval", "-b", "--beat-interval", "-c", "--config-file",
                "-C", "--cors-allow", "-H", "--http-listen-address", "-i", "--influx-address", "-I", "--insecure",
                "-k", "--kapacitor-address", "-l", "--log-level", "-p", "--poll-interval", "-r", "--retention", "-s", "--server",
                "-S", "--server-listen-address", "-t", "--token", "-v", "--version", "--storage", "--data-dir",
                "--plugins-dir", "-m", "--mist-address", "-M", "--mist-token")) {
                assertTrue(help.contains(flag), "help mentions " + flag + ":\n" + help);
            }
            assertOwnedBy(help, "front-end 'http'", "-H, --http-listen-address", "-t, --token", "-C, --cors-allow",
                "-I, --insecure", "--tls-cert", "--tls-key");
            assertOwnedBy(help, "storage 'influxdb'", "-i, --influx-address");
            assertOwnedBy(help, "alerts 'kapacitor'", "-k, --kapacitor-address");
            assertOwnedBy(help, "publisher 'mist'", "-m, --mist-address", "-M, --mist-token");
            assertOwnedBy(help, "Server options", "-p, --poll-interval", "-S, --server-listen-address",
                "--relay-token", "--relay-allow-ids", "--relay-tls-cert", "--relay-tls-key", "--max-relays",
                "--max-collectors-per-relay", "--max-lines-per-second");
            for (String fallback : List.of("127.0.0.1:8080", "127.0.0.1:3000", "http://127.0.0.1:8086", "secret")) {
                assertTrue(help.contains(fallback), "help shows default " + fallback);
            }
        }
    }

    /** The flags are listed in {@code owner}'s group: after its heading and before the next group's. */
    private static void assertOwnedBy(String help, String owner, String... flags) {
        int start = help.indexOf("\n" + owner);
        assertTrue(start >= 0, "help has a group for " + owner + ":\n" + help);
        int end = help.indexOf("\n\n", start + 1);
        String group = help.substring(start, end < 0 ? help.length() : end);
        for (String flag : flags) {
            assertTrue(group.contains(flag), flag + " is listed under " + owner + ":\n" + group);
        }
    }

    @Test
    void shipsTheConfigTemplateOfItsOwnOptionsAndStartsWithIt(@TempDir Path dir) throws Exception {
        PulseProcess.Result template = PulseProcess.run("--config-template");
        assertEquals(0, template.exitCode(), template.stderr());
        assertEquals(template.stdout(), Files.readString(IMAGE.resolve("etc/pulse.yaml")),
            "etc/pulse.yaml is generated from the declared options at build time");
        for (String key : List.of("# poll-interval: 60", "# http-listen-address: 127.0.0.1:8080", "# token: secret",
            "# influx-address: http://127.0.0.1:8086", "# memory:", "#   snapshot-interval: 15m", "# http:",
            "# influxdb:", "#   batch-max-points: 5000", "# builtin:", "#   retry-backoff: 1s")) {
            assertTrue(template.stdout().contains(key), "the template documents " + key + ":\n" + template.stdout());
        }
        // Uncommenting every line that shows a default sets every option to it: still a valid configuration.
        // (Options without a default show a <placeholder>, which is an error left as it is.)
        String uncommented = template.stdout().replaceAll("(?m)^# ( *[a-z][a-z0-9-]*:( [^<].*)?)$", "$1");
        Path config = Files.writeString(dir.resolve("all-defaults.yaml"), uncommented);
        PulseProcess.Result check = PulseProcess.run("-c", config.toString());
        assertEquals(0, check.exitCode(), "every default written out is accepted:\n" + uncommented + check.stderr());
    }

    @Test
    void printsItsVersion() throws Exception {
        PulseProcess.Result result = PulseProcess.run("-v");
        assertEquals(0, result.exitCode(), result.stderr());
        assertTrue(result.stdout().strip().matches("pulse " + System.getProperty("pulse.version").replace(".", "\\.")
            + " \\(([0-9a-f]{7,}|unknown)\\)"), result.stdout());
    }

    @Test
    void badConfigurationStopsStartUpWithOneClearLine(@TempDir Path dir) throws Exception {
        Path unknownKey = Files.writeString(dir.resolve("bad.yaml"), "server: true\npoll-intervall: 5\n");
        Path unparsable = Files.writeString(dir.resolve("broken.json"), "{\"server\": true,");
        List<String[]> cases = List.of(
            new String[] {"-s", "-p", "-5"},
            new String[] {"-s", "--storage", "nosuchstore", "--data-dir", dir.toString()},
            new String[] {"-c", unknownKey.toString()},
            new String[] {"-c", unparsable.toString()},
            new String[] {"-s", "--no-such-flag"});
        for (String[] args : cases) {
            PulseProcess.Result result = PulseProcess.run(args);
            String what = String.join(" ", args);
            // docs/configuration.md, "Exit codes": 2 for an invalid command line or configuration (1 is "could not start")
            assertEquals(2, result.exitCode(), what + ":\n" + result.stderr());
            List<String> lines = result.stderr().strip().lines().filter(l -> l.startsWith("pulse:")).toList();
            assertEquals(1, lines.size(), what + " gives one error line:\n" + result.stderr());
        }
        assertTrue(PulseProcess.run("-c", unknownKey.toString()).stderr().contains("poll-intervall"));
        assertTrue(PulseProcess.run("-s", "--storage", "nosuchstore").stderr().contains("nosuchstore"));
    }

    @Test
    void servesPingWithTheTokenAndStopsOnSigterm(@TempDir Path dir) throws Exception {
        try (PulseProcess pulse = PulseProcess.startServer(dir.resolve("data"))) {
            var ping = pulse.get("/ping");
            assertEquals(200, ping.statusCode());
            assertEquals("pong", ping.body().strip());
            var noToken = pulse.send(HttpRequest.newBuilder(pulse.uri("/ping")).GET());
            assertEquals(401, noToken.statusCode());
            assertTrue(pulse.stderr().contains("memory"), "the log names the selected storage:\n" + pulse.stderr());
            assertTrue(pulse.stderr().contains("token=****"), "the log shows the settings:\n" + pulse.stderr());
            assertFalse(pulse.stderr().contains(PulseProcess.TOKEN), "the token is in no log line:\n" + pulse.stderr());

            pulse.stop();
            assertFalse(pulse.isAlive());
            assertThrows(java.io.IOException.class, () -> new Socket("127.0.0.1", pulse.httpPort).close(),
                "the HTTP port is released");
        }
    }

    @Test
    void servesHttpsWithASelfSignedCertificateWhenNotInsecure(@TempDir Path dir) throws Exception {
        int httpPort = PulseProcess.freePort();
        List<String> args = List.of(IMAGE.resolve("bin/pulse").toString(), "-s", "-I=false",
            "-H", "127.0.0.1:" + httpPort, "-S", "127.0.0.1:" + PulseProcess.freePort(), "-t", PulseProcess.TOKEN,
            "--data-dir", dir.resolve("data").toString());
        Process process = new ProcessBuilder(args).redirectErrorStream(true).redirectOutput(dir.resolve("log.txt").toFile()).start();
        try {
            // The test trusts whatever certificate the server shows: it checks that the image can make and serve one.
            javax.net.ssl.SSLContext trustAll = javax.net.ssl.SSLContext.getInstance("TLS");
            trustAll.init(null, new javax.net.ssl.TrustManager[] {new javax.net.ssl.X509TrustManager() {
                public void checkClientTrusted(java.security.cert.X509Certificate[] chain, String type) { }
                public void checkServerTrusted(java.security.cert.X509Certificate[] chain, String type) { }
                public java.security.cert.X509Certificate[] getAcceptedIssuers() { return new java.security.cert.X509Certificate[0]; }
            }}, null);
            var params = new javax.net.ssl.SSLParameters();
            params.setEndpointIdentificationAlgorithm(null);
            var client = java.net.http.HttpClient.newBuilder().sslContext(trustAll).sslParameters(params).build();
            var request = HttpRequest.newBuilder(java.net.URI.create("https://127.0.0.1:" + httpPort + "/ping"))
                .header("X-AUTH-TOKEN", PulseProcess.TOKEN).build();
            long deadline = System.nanoTime() + 60_000_000_000L;
            while (true) {
                try {
                    var response = client.send(request, java.net.http.HttpResponse.BodyHandlers.ofString());
                    assertEquals(200, response.statusCode());
                    assertEquals("pong", response.body().strip());
                    assertTrue(response.sslSession().isPresent(), "served over TLS");
                    break;
                } catch (java.io.IOException notYet) {
                    assertTrue(process.isAlive(), () -> "exited: " + readQuietly(dir.resolve("log.txt")));
                    assertTrue(System.nanoTime() < deadline, "no HTTPS answer in 60 s: " + readQuietly(dir.resolve("log.txt")));
                    Thread.sleep(100);
                }
            }
            assertTrue(readQuietly(dir.resolve("log.txt")).toLowerCase(java.util.Locale.ROOT).contains("self-signed"),
                "the operator is warned about the self-signed certificate");
        } finally {
            process.destroy();
            process.waitFor();
        }
    }

    @Test
    void theDefaultsServePingOnLoopback8080WithTheDefaultToken(@TempDir Path dir) throws Exception {
        // The README's quick start: bin/pulse -s, then curl -H 'X-AUTH-TOKEN: secret' 127.0.0.1:8080/ping.
        // Skipped rather than failed when something else on this machine holds 8080 or 3000.
        for (int port : new int[] {8080, 3000}) {
            try (Socket ignored = new Socket("127.0.0.1", port)) {
                org.junit.jupiter.api.Assumptions.abort("port " + port + " is taken on this machine");
            } catch (java.io.IOException free) {
                // good: nothing listens there
            }
        }
        Process process = new ProcessBuilder(IMAGE.resolve("bin/pulse").toString(), "-s", "--data-dir", dir.toString())
            .redirectErrorStream(true).redirectOutput(dir.resolve("log.txt").toFile()).start();
        try {
            var client = java.net.http.HttpClient.newHttpClient();
            var request = HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:8080/ping"))
                .header("X-AUTH-TOKEN", "secret").build();
            long deadline = System.nanoTime() + 60_000_000_000L;
            while (true) {
                try {
                    var response = client.send(request, java.net.http.HttpResponse.BodyHandlers.ofString());
                    assertEquals(200, response.statusCode());
                    assertEquals("pong", response.body().strip());
                    break;
                } catch (java.io.IOException notYet) {
                    assertTrue(process.isAlive(), () -> "exited: " + readQuietly(dir.resolve("log.txt")));
                    assertTrue(System.nanoTime() < deadline, "no answer on 8080 in 60 s");
                    Thread.sleep(100);
                }
            }
        } finally {
            process.destroy();
            process.waitFor();
        }
    }

    @Test
    void recordsAFlightRecordingGivenInJavaOptsAndAnswersJcmd(@TempDir Path dir) throws Exception {
        assertTrue(Files.isExecutable(IMAGE.resolve("bin/jcmd")), "the image ships jcmd");
        Path recording = dir.resolve("rec.jfr");
        try (PulseProcess pulse = PulseProcess.startServer(
                java.util.Map.of("JAVA_OPTS", "-XX:StartFlightRecording=filename=" + recording + ",settings=profile"),
                dir.resolve("data"), PulseProcess.freePort(), PulseProcess.freePort())) {
            // The docs' way to record a running server: the image's own jcmd, attached to the image's own JVM.
            Path onDemand = dir.resolve("on-demand.jfr");
            String jcmd = IMAGE.resolve("bin/jcmd").toString();
            String pid = Long.toString(pulse.pid());
            String check = runTool(jcmd, pid, "JFR.check");
            assertTrue(check.contains("Recording 1") && check.contains("running"), check);
            String started = runTool(jcmd, pid, "JFR.start", "name=ops", "filename=" + onDemand);
            assertTrue(started.contains("Started recording"), started);
            assertEquals(200, pulse.get("/ping").statusCode());
            String stopped = runTool(jcmd, pid, "JFR.stop", "name=ops");
            assertTrue(Files.size(onDemand) > 0, "JFR.stop writes the recording: " + stopped);
            assertEquals(143, pulse.stop(), "SIGTERM ends the JVM as the unit's SuccessExitStatus expects");
        }
        assertTrue(Files.isRegularFile(recording) && Files.size(recording) > 0,
            "the recording started by JAVA_OPTS is written when the server stops");
        String summary = runTool(IMAGE.resolve("bin/jfr").toString(), "summary", recording.toString());
        assertTrue(summary.contains("jdk.ExecutionSample"), "a profile with CPU samples:\n" + summary);
    }

    /** Runs a JDK tool of the image to completion; returns its output, failing on a non-zero exit. */
    private static String runTool(String... command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, java.util.concurrent.TimeUnit.SECONDS), String.join(" ", command));
        assertEquals(0, process.exitValue(), String.join(" ", command) + ":\n" + out);
        return out;
    }

    @Test
    void shipsASystemdUnitThatVerifiesAndStartsTheImage(@TempDir Path dir) throws Exception {
        String unit = Files.readString(IMAGE.resolve("etc/pulse.service"));
        for (String line : List.of("Type=exec", "User=pulse", "EnvironmentFile=-/etc/default/pulse",
            "ExecStart=/opt/pulse/bin/pulse -s $PULSE_OPTS", "Restart=on-failure", "ProtectSystem=strict",
            "ReadWritePaths=/opt/pulse/data", "NoNewPrivileges=yes", "PrivateTmp=yes", "ProtectHome=yes")) {
            assertTrue(unit.lines().anyMatch(line::equals), "the unit has " + line + ":\n" + unit);
        }
        java.util.Optional<Path> analyze = java.util.stream.Stream.of("/usr/bin/systemd-analyze", "/bin/systemd-analyze")
            .map(Path::of).filter(Files::isExecutable).findFirst();
        if (analyze.isEmpty()) {
            System.out.println("ImageIT: no systemd-analyze on this machine; etc/pulse.service is not verified");
            return;
        }
        // Verified as installed: /opt/pulse stands for this image (verify checks that ExecStart is executable).
        Path installed = Files.writeString(dir.resolve("pulse.service"), unit.replace("/opt/pulse", IMAGE.toString()));
        Process verify = new ProcessBuilder(analyze.get().toString(), "verify", installed.toString())
            .directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(verify.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(verify.waitFor(60, java.util.concurrent.TimeUnit.SECONDS));
        assertEquals(0, verify.exitValue(), out);
        assertFalse(out.contains("pulse.service"), "systemd-analyze has nothing to say about the unit:\n" + out);
    }

    @Test
    void everyVariableInTheShippedEnvironmentFileIsAnOption(@TempDir Path dir) throws Exception {
        String envFile = Files.readString(IMAGE.resolve("etc/pulse.env"));
        assertTrue(envFile.contains("#PULSE_TOKEN="), envFile);
        java.util.Map<String, String> environment = new java.util.LinkedHashMap<>();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?m)^#?(PULSE_[A-Z0-9_]+)=(.*)$").matcher(envFile);
        while (m.find()) {
            environment.put(m.group(1), m.group(2));
        }
        assertTrue(environment.size() >= 8, "the file shows the common settings: " + environment.keySet());
        // PULSE_OPTS is the unit's own (arguments for ExecStart); the addresses, token and data dir are the test's.
        environment.remove("PULSE_OPTS");
        for (String own : List.of("PULSE_HTTP_LISTEN_ADDRESS", "PULSE_SERVER_LISTEN_ADDRESS", "PULSE_TOKEN",
            "PULSE_DATA_DIR")) {
            assertTrue(environment.remove(own) != null, "pulse.env shows " + own);
        }
        int httpPort = PulseProcess.freePort();
        int relayPort = PulseProcess.freePort();
        environment.put("PULSE_HTTP_LISTEN_ADDRESS", "127.0.0.1:" + httpPort);
        environment.put("PULSE_SERVER_LISTEN_ADDRESS", "127.0.0.1:" + relayPort);
        environment.put("PULSE_TOKEN", PulseProcess.TOKEN);
        environment.put("PULSE_DATA_DIR", dir.resolve("data").toString());
        try (PulseProcess pulse = PulseProcess.startServer(environment, dir.resolve("data"), httpPort, relayPort)) {
            String log = pulse.stderr();
            assertFalse(log.contains("ignoring environment variables"), "every PULSE_* variable is an option:\n" + log);
            assertTrue(log.contains("PULSE_POLL_INTERVAL") || log.contains("poll-interval"), log);
        }
    }

    @Test
    void logsOneJsonObjectPerLineWithLogFormatJson(@TempDir Path dir) throws Exception {
        try (PulseProcess pulse = PulseProcess.startServer(dir.resolve("data"), "--log-format", "json")) {
            assertEquals(200, pulse.get("/ping").statusCode());
            pulse.stop();
            List<String> lines = pulse.stderr().lines().filter(l -> !l.isBlank()).toList();
            assertFalse(lines.isEmpty());
            for (String line : lines) {
                assertTrue(line.matches("\\{\"time\":\"[0-9T:.Z-]+\",\"level\":\"[A-Z]+\",\"logger\":\"[^\"]+\",\"message\":\".*\"}"),
                    "a JSON object: " + line);
            }
            assertFalse(pulse.stderr().contains(PulseProcess.TOKEN), "the token is masked:\n" + pulse.stderr());
        }
    }

    private static String readQuietly(Path path) {
        try {
            return Files.readString(path);
        } catch (java.io.IOException e) {
            return e.toString();
        }
    }
}
