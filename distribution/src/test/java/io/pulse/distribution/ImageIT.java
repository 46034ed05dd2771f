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
import static org.junit.jupiter.api.Assertions.assertNotEquals;
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
            assertOwnedBy(help, "Server options", "-p, --poll-interval", "-S, --server-listen-address");
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
            assertNotEquals(0, result.exitCode(), what);
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

    private static String readQuietly(Path path) {
        try {
            return Files.readString(path);
        } catch (java.io.IOException e) {
            return e.toString();
        }
    }
}
