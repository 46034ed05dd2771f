package io.pulse.storage.influxdb;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

import javax.net.ssl.HttpsURLConnection;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real {@code influxd} (InfluxDB 1.x, Debian package {@code influxdb}) for tests: its own temporary directory,
 * free loopback ports, no reporting, no {@code _internal} database, no query log.
 *
 * <pre>
 * try (InfluxdServer influxd = InfluxdServer.start()) {
 *     String url = influxd.url();          // http://127.0.0.1:&lt;port&gt;
 *     influxd.stop();                      // SIGTERM, data kept
 *     influxd.restart();                   // same ports, same data
 * }                                        // stops and deletes the directory
 * </pre>
 *
 * <p>When {@code influxd} is not installed the calling test is skipped (with how to install it), unless the
 * system property {@code pulse.requireInfluxd=true} is set (CI): then it fails. Test classes carry
 * {@link RequiresInfluxd} so that the skip shows on every test with its reason. Not thread-safe: one test thread
 * drives a server.
 */
public final class InfluxdServer implements AutoCloseable {

    /** System property that turns "influxd missing" from a skip into a failure. */
    public static final String REQUIRE_PROPERTY = "pulse.requireInfluxd";
    /** System property naming the influxd binary, instead of looking for it on the PATH. */
    public static final String BINARY_PROPERTY = "pulse.influxd";
    static final String INSTALL_HINT = "influxd (InfluxDB 1.x) is not installed; install it with: apt-get install -y influxdb";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(20);

    private final Path binary;
    private final Path dir;
    private final int httpPort;
    private final int rpcPort;
    /** The certificate it serves HTTPS with, or null for plain HTTP. */
    private final SelfSignedTls tls;
    private Process process;

    private InfluxdServer(Path binary, Path dir, int httpPort, int rpcPort, SelfSignedTls tls) {
        this.binary = binary;
        this.dir = dir;
        this.httpPort = httpPort;
        this.rpcPort = rpcPort;
        this.tls = tls;
    }

    /** Starts a fresh influxd and waits until it answers {@code /ping} with 204. */
    public static InfluxdServer start() {
        return start(false);
    }

    /**
     * Like {@link #start()}, serving HTTPS only, with a fresh self-signed certificate for {@code 127.0.0.1}
     * ({@link #tls()}); {@link #url()} is then {@code https://}.
     */
    public static InfluxdServer startWithTls() {
        return start(true);
    }

    private static InfluxdServer start(boolean https) {
        Path binary = findBinary();
        try {
            Path dir = Files.createTempDirectory("pulse-influxd-");
            SelfSignedTls tls = https ? SelfSignedTls.create(dir) : null;
            InfluxdServer server = new InfluxdServer(binary, dir, freePort(), freePort(), tls);
            server.writeConfig();
            server.launch();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The influxd binary, or skip/fail the test when it is missing. */
    static Path findBinary() {
        Optional<Path> binary = locate();
        if (binary.isPresent()) {
            return binary.get();
        }
        if (Boolean.getBoolean(REQUIRE_PROPERTY)) {
            Assertions.fail(INSTALL_HINT + " (" + REQUIRE_PROPERTY + "=true, so this fails instead of skipping)");
        }
        Assumptions.abort(INSTALL_HINT);
        throw new IllegalStateException("unreachable");
    }

    /** The influxd binary: {@code -Dpulse.influxd=<path>}, else the first on the PATH (or in /usr/bin). */
    static Optional<Path> locate() {
        String named = System.getProperty(BINARY_PROPERTY, "");
        String path = System.getenv().getOrDefault("PATH", "") + File.pathSeparator + "/usr/bin" + File.pathSeparator + "/usr/local/bin";
        List<Path> candidates = named.isBlank()
            ? Arrays.stream(path.split(File.pathSeparator)).filter(e -> !e.isBlank()).map(e -> Path.of(e, "influxd")).toList()
            : List.of(Path.of(named));
        return candidates.stream().filter(Files::isExecutable).findFirst();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private void writeConfig() throws IOException {
        String config = """
            reporting-disabled = true
            bind-address = "127.0.0.1:%d"
            [meta]
              dir = "%s"
              logging-enabled = false
            [data]
              dir = "%s"
              wal-dir = "%s"
              query-log-enabled = false
              trace-logging-enabled = false
            [http]
              bind-address = "127.0.0.1:%d"
              log-enabled = false
            %s[monitor]
              store-enabled = false
            [continuous_queries]
              log-enabled = false
            """.formatted(rpcPort, dir.resolve("meta"), dir.resolve("data"), dir.resolve("wal"), httpPort, https());
        Files.writeString(dir.resolve("influxdb.conf"), config);
    }

    /** The [http] section's lines for HTTPS, or none. */
    private String https() {
        return tls == null ? "" : """
              https-enabled = true
              https-certificate = "%s"
              https-private-key = "%s"
            """.formatted(tls.certificate(), tls.privateKey());
    }

    private void launch() throws IOException {
        process = new ProcessBuilder(binary.toString(), "run", "-config", dir.resolve("influxdb.conf").toString(),
            "-pidfile", dir.resolve("influxd.pid").toString())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("influxd.log").toFile()))
            .start();
        Process started = process;
        Runtime.getRuntime().addShutdownHook(new Thread(started::destroyForcibly));
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("influxd exited with " + process.exitValue() + ": " + log());
            }
            if (ping() == 204) {
                return;
            }
            sleep(20);
        }
        process.destroyForcibly();
        throw new IllegalStateException("influxd did not answer /ping within " + START_TIMEOUT + ": " + log());
    }

    /** The HTTP status of {@code GET /ping}, or -1 when nothing answers. */
    public int ping() {
        try {
            HttpURLConnection c = open(url() + "/ping");
            c.setConnectTimeout(500);
            c.setReadTimeout(2000);
            int status = c.getResponseCode();
            c.disconnect();
            return status;
        } catch (IOException e) {
            return -1;
        }
    }

    /** {@code http://127.0.0.1:<port>} ({@code https://} when started with TLS). */
    public String url() {
        return (tls == null ? "http" : "https") + "://127.0.0.1:" + httpPort;
    }

    /** The certificate served when started with {@link #startWithTls()}, else null. */
    public SelfSignedTls tls() {
        return tls;
    }

    /** A connection to {@code url} that trusts this server's certificate when it serves HTTPS. */
    private HttpURLConnection open(String url) throws IOException {
        HttpURLConnection c = (HttpURLConnection) URI.create(url).toURL().openConnection();
        if (tls != null && c instanceof HttpsURLConnection https) {
            https.setSSLSocketFactory(tls.context().getSocketFactory());
        }
        return c;
    }

    /** Whether the process runs. */
    public boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** Stops influxd gracefully (SIGTERM), keeping its data. */
    public void stop() {
        if (process == null || !process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Kills influxd (SIGKILL), as a crash would. */
    public void kill() {
        if (process == null) {
            return;
        }
        process.destroyForcibly();
        try {
            process.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Freezes influxd (SIGSTOP): it accepts connections but answers nothing, like a hung server. */
    public void freeze() {
        signal("STOP");
    }

    /** Resumes a frozen influxd (SIGCONT). */
    public void thaw() {
        signal("CONT");
    }

    private void signal(String name) {
        try {
            Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).start();
            if (kill.waitFor() != 0) {
                throw new IllegalStateException("kill -" + name + " failed");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Starts influxd again on the same ports and data (after {@link #stop()} or {@link #kill()}). */
    public void restart() {
        stop();
        try {
            launch();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Runs InfluxQL statements over HTTP, independently of the code under test, and returns the raw JSON.
     */
    public String query(String database, String statements) {
        try {
            HttpURLConnection c = open(url() + "/query?epoch=ms&db=" + URLEncoder.encode(database, StandardCharsets.UTF_8));
            c.setRequestMethod("POST");
            c.setDoOutput(true);
            c.setConnectTimeout(2000);
            c.setReadTimeout(30_000);
            c.setRequestProperty("Content-Type", "application/x-www-form-urlencoded");
            c.getOutputStream().write(("q=" + URLEncoder.encode(statements, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8));
            int status = c.getResponseCode();
            try (InputStream in = status < 400 ? c.getInputStream() : c.getErrorStream()) {
                String body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                if (status >= 300) {
                    throw new IllegalStateException("HTTP " + status + ": " + body);
                }
                return body;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes raw line protocol (ms precision) over HTTP; returns the HTTP status. */
    public int writeLines(String database, String retentionPolicy, String lines) {
        try {
            HttpURLConnection c = open(url() + "/write?precision=ms&db=" + URLEncoder.encode(database, StandardCharsets.UTF_8)
                + "&rp=" + URLEncoder.encode(retentionPolicy, StandardCharsets.UTF_8));
            c.setRequestMethod("POST");
            c.setDoOutput(true);
            c.getOutputStream().write(lines.getBytes(StandardCharsets.UTF_8));
            return c.getResponseCode();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The server's log so far (for failure messages). */
    public String log() {
        try {
            Path log = dir.resolve("influxd.log");
            if (!Files.exists(log)) {
                return "";
            }
            String text = Files.readString(log);
            return text.length() > 4000 ? text.substring(text.length() - 4000) : text;
        } catch (IOException e) {
            return "(log unreadable: " + e.getMessage() + ")";
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for influxd", e);
        }
    }

    /** Stops influxd and deletes its directory. */
    @Override
    public void close() {
        kill();
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // best effort: a temp directory left behind is harmless
        }
    }
}
