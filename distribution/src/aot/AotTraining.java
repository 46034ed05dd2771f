import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The training run that creates the image's AOT cache {@code lib/pulse.aot} (JEP 483/514), run by the build
 * (distribution/pom.xml) with the JDK's source launcher: {@code java AotTraining.java IMAGE LOG}.
 *
 * <p>It starts the image's own {@code bin/pulse -s} - so the JVM options ({@code lib/pulse.jvm.options}) and the
 * module graph are exactly those of a real start - with {@code JAVA_OPTS=-XX:AOTCacheOutput=lib/pulse.aot} on free
 * loopback ports with a temporary data dir, waits for {@code GET /ping}, then does what a first minute of use does:
 * a relay connects, registers a collector and answers a poll, and the API is asked for its routes. SIGTERM stops the
 * server cleanly; at exit the JVM writes the classes it loaded and linked into the cache. Adapter caching is off:
 * JDK 25.0.x can store two adapters under one fingerprint (JDK-8364929) and then warns on every start that uses the
 * cache. Method profiles (JEP 515) are not recorded: replayed at start they make the JIT compile the trained methods
 * with C2 at once, which on two cores cost the start about 100 ms of CPU and 45-50 ms to the first {@code /ping}
 * (docs/performance.md); the server reaches the same peak code either way, a little later.
 *
 * <p>JDK only (no test dependencies): it is compiled on the fly by the source launcher. Exit 1 when no cache was made.
 */
public final class AotTraining {

    private static final String TOKEN = "aot-training-token";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(180);
    /** Stopping includes the JVM assembling the cache in a child process: slow on a loaded build machine. */
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(600);

    private AotTraining() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: java AotTraining.java IMAGE LOG");
            System.exit(2);
        }
        Path image = Path.of(args[0]).toAbsolutePath();
        Path log = Path.of(args[1]).toAbsolutePath();
        Path cache = image.resolve("lib/pulse.aot");
        Files.deleteIfExists(cache);  // bin/pulse would otherwise use the old cache while recording the new one
        Path data = Files.createTempDirectory("pulse-aot-training");
        int httpPort = freePort();
        int relayPort = freePort();
        ProcessBuilder builder = new ProcessBuilder(image.resolve("bin/pulse").toString(), "-s",
            "-H", "127.0.0.1:" + httpPort, "-S", "127.0.0.1:" + relayPort, "-t", TOKEN, "-p", "1",
            "--data-dir", data.resolve("data").toString())
            .redirectErrorStream(true).redirectOutput(log.toFile());
        // Nothing from the build's environment may change the run: no PULSE_* settings, no extra JVM options.
        builder.environment().keySet().removeIf(name -> name.startsWith("PULSE_"));
        builder.environment().remove("JDK_JAVA_OPTIONS");
        builder.environment().remove("JAVA_TOOL_OPTIONS");
        builder.environment().put("JAVA_OPTS", "-XX:AOTCacheOutput=" + cache
            + " -XX:+UnlockDiagnosticVMOptions -XX:-AOTRecordTraining");
        builder.environment().put("JDK_AOT_VM_OPTIONS", "-XX:+UnlockDiagnosticVMOptions -XX:-AOTAdapterCaching");
        long started = System.nanoTime();
        Process server = builder.start();
        try {
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            awaitPing(http, httpPort, server, log);
            exercise(http, httpPort, relayPort);
        } finally {
            server.destroy();
            if (!server.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                server.destroyForcibly().waitFor();
            }
            deleteTree(data);
        }
        if (!Files.isRegularFile(cache)) {
            System.err.println("AOT training: no cache was written to " + cache + "; the run's output:");
            System.err.println(Files.readString(log));
            System.exit(1);
        }
        System.out.printf("AOT training: %s (%d MB) in %d s%n", cache, Files.size(cache) >> 20,
            TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started));
    }

    private static void awaitPing(HttpClient http, int port, Process server, Path log) throws Exception {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!server.isAlive()) {
                throw new IllegalStateException("bin/pulse exited with " + server.exitValue() + " during the AOT"
                    + " training run:\n" + Files.readString(log));
            }
            try {
                if (get(http, port, "/ping", true).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(20);
        }
        throw new IllegalStateException("bin/pulse did not answer /ping in " + START_TIMEOUT + ":\n" + Files.readString(log));
    }

    /** What a first minute of use does: a relay polled once, the API's routes asked, with and without the token. */
    private static void exercise(HttpClient http, int httpPort, int relayPort) throws Exception {
        try (Socket relay = new Socket(InetAddress.getLoopbackAddress(), relayPort)) {
            relay.setSoTimeout(30_000);
            OutputStream out = relay.getOutputStream();
            BufferedReader in = new BufferedReader(new InputStreamReader(relay.getInputStream(), StandardCharsets.US_ASCII));
            send(out, "id aot-training");
            send(out, "add cpu_used:service:training");
            try {
                for (String line; (line = in.readLine()) != null; ) {
                    if (line.startsWith("get ")) {
                        send(out, "got cpu_used-cpu_used:0.2500");
                        send(out, "ping");
                        break;
                    }
                }
            } catch (SocketTimeoutException e) {
                // The cache is still good without a poll: only the classes of a poll are missing from it.
                System.err.println("AOT training: the server did not poll the training relay in 30 s; going on");
            }
            for (String path : List.of("/ping", "/keys", "/tags", "/latest/cpu_used", "/latest/cpu_used?verb=max",
                "/hourly/cpu_used", "/daily/cpu_used", "/alerts", "/relays", "/health", "/health/ready", "/metrics",
                "/federate", "/openapi", "/ui/", "/no-such-route")) {
                get(http, httpPort, path, true);
            }
            get(http, httpPort, "/keys", false);  // 401
            send(out, "close");
        }
    }

    private static HttpResponse<String> get(HttpClient http, int port, String path, boolean withToken)
        throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .timeout(Duration.ofSeconds(30));
        if (withToken) {
            request.header("X-AUTH-TOKEN", TOKEN);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void send(OutputStream out, String line) throws IOException {
        out.write((line + "\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
