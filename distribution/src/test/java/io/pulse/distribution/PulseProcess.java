package io.pulse.distribution;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A {@code bin/pulse} process started from the built image, as an operator would start it: on free loopback ports,
 * with its own data directory, its output captured to files, stopped with SIGTERM.
 */
final class PulseProcess implements AutoCloseable {

    static final Path IMAGE = Path.of(System.getProperty("pulse.image", "target/pulse")).toAbsolutePath();
    static final String TOKEN = "e2e-token";

    private final Process process;
    private final Path stdout;
    private final Path stderr;
    final int httpPort;
    final int relayPort;
    final Path dataDir;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private PulseProcess(Process process, Path stdout, Path stderr, int httpPort, int relayPort, Path dataDir) {
        this.process = process;
        this.stdout = stdout;
        this.stderr = stderr;
        this.httpPort = httpPort;
        this.relayPort = relayPort;
        this.dataDir = dataDir;
    }

    /** Starts {@code bin/pulse -s} on free ports with {@code dataDir}, plus extra arguments, and waits for /ping. */
    static PulseProcess startServer(Path dataDir, String... extraArgs) throws Exception {
        return startServer(dataDir, freePort(), freePort(), extraArgs);
    }

    static PulseProcess startServer(Path dataDir, int httpPort, int relayPort, String... extraArgs) throws Exception {
        return startServer(java.util.Map.of(), dataDir, httpPort, relayPort, extraArgs);
    }

    /** Like {@link #startServer(Path, String...)}, with extra environment variables. */
    static PulseProcess startServer(java.util.Map<String, String> environment, Path dataDir, int httpPort,
                                    int relayPort, String... extraArgs) throws Exception {
        List<String> args = new ArrayList<>(List.of("-s",
            "-H", "127.0.0.1:" + httpPort,
            "-S", "127.0.0.1:" + relayPort,
            "-t", TOKEN,
            "--data-dir", dataDir.toString()));
        args.addAll(List.of(extraArgs));
        PulseProcess p = start(environment, dataDir, httpPort, relayPort, args);
        p.awaitPing(Duration.ofSeconds(60));
        return p;
    }

    /** Runs {@code bin/pulse} with these arguments to completion. */
    static Result run(String... args) throws Exception {
        return runProgram("pulse", args);
    }

    static Result runProgram(String program, String... args) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(IMAGE.resolve("bin").resolve(program).toString());
        command.addAll(List.of(args));
        Path out = Files.createTempFile("pulse-out", ".txt");
        Path err = Files.createTempFile("pulse-err", ".txt");
        Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("bin/" + program + " " + String.join(" ", args) + " did not finish in 60 s");
        }
        return new Result(process.exitValue(), Files.readString(out), Files.readString(err));
    }

    private static PulseProcess start(java.util.Map<String, String> environment, Path dataDir, int httpPort,
                                      int relayPort, List<String> args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(IMAGE.resolve("bin/pulse").toString());
        command.addAll(args);
        Files.createDirectories(dataDir);
        Path out = Files.createTempFile(dataDir.getParent(), "pulse-stdout", ".txt");
        Path err = Files.createTempFile(dataDir.getParent(), "pulse-stderr", ".txt");
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
        builder.environment().putAll(environment);
        Process process = builder.start();
        return new PulseProcess(process, out, err, httpPort, relayPort, dataDir);
    }

    /** A free loopback port (closed again, so there is a tiny race; fine for tests on one machine). */
    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    void awaitPing(Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError("bin/pulse exited with " + process.exitValue() + ":\n" + stderr());
            }
            try {
                if (get("/ping").statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        throw new AssertionError("bin/pulse did not answer /ping within " + timeout + ":\n" + stderr());
    }

    /** GET with the token. */
    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(uri(path)).header("X-AUTH-TOKEN", TOKEN).GET());
    }

    HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return http.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + httpPort + path);
    }

    /** Polls {@code path} until the body satisfies {@code test}; returns that body. */
    String awaitBody(String path, Predicate<String> test, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = null;
        while (System.nanoTime() < deadline) {
            HttpResponse<String> response = get(path);
            last = response.statusCode() + " " + response.body();
            if (response.statusCode() == 200 && test.test(response.body())) {
                return response.body();
            }
            Thread.sleep(200);
        }
        throw new AssertionError("GET " + path + " never satisfied the condition in " + timeout + "; last answer: " + last
            + "\nserver log:\n" + stderr());
    }

    boolean isAlive() {
        return process.isAlive();
    }

    long pid() {
        return process.pid();
    }

    String stderr() throws IOException {
        return Files.readString(stderr);
    }

    String stdout() throws IOException {
        return Files.readString(stdout);
    }

    /** Sends SIGTERM and waits for the process to end; returns its exit code. */
    int stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
            throw new AssertionError("bin/pulse ignored SIGTERM for 30 s");
        }
        return process.exitValue();
    }

    /** SIGKILL: a crash. */
    void kill() throws InterruptedException {
        process.destroyForcibly().waitFor();
    }

    @Override
    public void close() throws Exception {
        if (process.isAlive()) {
            stop();
        }
    }

    record Result(int exitCode, String stdout, String stderr) {
    }
}
