package io.pulse.distribution;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The image's AOT cache ({@code lib/pulse.aot}, made at package time by a training run of the image, see
 * src/aot/AotTraining.java): shipped, used by {@code bin/pulse} for the kernel's and the plugins' classes, silent in
 * a normal run, and never a reason not to start - without the file, or with JVM options it does not match. How much
 * faster the start is lives in benchmarks/startup.sh and docs/performance.md, not here.
 */
class AotCacheIT {

    private static final Path IMAGE = PulseProcess.IMAGE;
    private static final String FROM_CACHE = " source: shared objects file";

    @Test
    void isShippedWithTheDefaultJvmOptionsFile() throws IOException {
        assertTrue(Files.size(IMAGE.resolve("lib/pulse.aot")) > 1_000_000, "lib/pulse.aot holds a training run's classes");
        assertTrue(Files.readString(IMAGE.resolve("lib/pulse.jvm.options")).contains("AOT"),
            "lib/pulse.jvm.options says why it is shared with the training run");
    }

    @Test
    void theServerLoadsTheKernelAndThePluginsFromItAndSaysNothingAboutIt(@TempDir Path dir) throws Exception {
        Path classes = dir.resolve("classes.txt");
        try (PulseProcess pulse = PulseProcess.startServer(Map.of("JAVA_OPTS", "-Xlog:class+load:file=" + classes),
            dir.resolve("data"), PulseProcess.freePort(), PulseProcess.freePort())) {
            assertEquals(200, pulse.get("/ping").statusCode());
            String loaded = Files.readString(classes);
            for (String type : List.of("io.pulse.kernel.Main", "io.pulse.kernel.server.PulseServer",
                "io.pulse.storage.memory.MemoryStorage", "io.pulse.api.http.HttpApiFrontEnd",
                "io.helidon.webserver.WebServer")) {
                assertTrue(loaded.contains("] " + type + FROM_CACHE), type + " comes from the AOT cache");
            }
            assertQuiet(pulse.stdout() + pulse.stderr());
        }
    }

    /**
     * A plugin dropped into a folder (the image ships none of its own: here the worked example) gets its own module
     * layer as without the cache. (The JVM may serve unchanged classes of a folder from the cache too: it checks each
     * class file's size and checksum when the plugin's loader defines it, so a changed jar's classes come from the jar.)
     */
    @Test
    void pluginsInTheirOwnFoldersStillLoadBesideIt(@TempDir Path dir) throws Exception {
        Path folder = Files.createDirectories(dir.resolve("plugins/acme-publisher"));
        Path jar = ExamplePluginJar.build(Files.createDirectories(dir.resolve("example")));
        Files.copy(jar, folder.resolve(jar.getFileName()));
        Path classes = dir.resolve("classes.txt");
        Result plugins = run(IMAGE, Map.of("JAVA_OPTS", "-Xlog:class+load:file=" + classes), "plugins",
            "--plugins-dir", dir.resolve("plugins").toString());

        assertEquals(0, plugins.exitCode(), plugins.output());
        assertTrue(plugins.output().lines().anyMatch(l -> l.contains(" acme-publisher ") && l.contains(folder.toString())),
            "the example is found in its folder:\n" + plugins.output());
        String loaded = Files.readString(classes);
        assertTrue(loaded.contains("] io.pulse.kernel.Main" + FROM_CACHE), "the kernel comes from the cache");
        assertTrue(loaded.contains("] io.pulse.storage.influxdb.InfluxDbPlugin" + FROM_CACHE),
            "the project's plugins are linked into the image and come from the cache");
        assertTrue(loaded.contains("] com.acme.pulse.AcmePlugin source: "), "the folder plugin is loaded");
        assertQuiet(plugins.output());
    }

    @Test
    void aFlightRecordingFromStartUpKeepsIt(@TempDir Path dir) throws Exception {
        Path classes = dir.resolve("classes.txt");
        Result version = run(IMAGE, Map.of("JAVA_OPTS", "-XX:StartFlightRecording=filename=" + dir.resolve("run.jfr")
            + " -Xlog:class+load:file=" + classes), "-v");

        assertEquals(0, version.exitCode(), version.output());
        assertTrue(Files.readString(classes).contains("] io.pulse.kernel.Main" + FROM_CACHE),
            "jdk.jfr is in the module graph of the training run too (lib/pulse.jvm.options)");
        assertQuiet(version.output());
    }

    @Test
    void withoutTheCacheTheServerStartsAsBefore(@TempDir Path dir) throws Exception {
        Path image = IMAGE.resolveSibling("pulse-without-aot-" + ProcessHandle.current().pid());
        try {
            linkImageWithout(image, IMAGE.resolve("lib/pulse.aot"));
            assertFalse(Files.exists(image.resolve("lib/pulse.aot")));
            Path classes = dir.resolve("classes.txt");
            String output = serveOnePing(image, Map.of("JAVA_OPTS", "-Xlog:class+load:file=" + classes), dir);
            assertFalse(Files.readString(classes).contains("] io.pulse.kernel.Main" + FROM_CACHE),
                "without lib/pulse.aot the kernel is loaded from the image's modules");
            assertQuiet(output);
        } finally {
            deleteTree(image);
        }
    }

    @Test
    void jvmOptionsTheCacheDoesNotMatchCostAWarningNotTheStart(@TempDir Path dir) throws Exception {
        // Compressed oops off: the cache was made with them on, so the JVM cannot map it and goes on without it.
        String output = serveOnePing(IMAGE, Map.of("JAVA_OPTS", "-XX:-UseCompressedOops"), dir);
        assertTrue(output.contains("AOT cache"), "the JVM says why it does not use the cache:\n" + output);
    }

    /** No JVM log lines about the AOT cache or CDS (the JVM prints them only when something is off). */
    private static void assertQuiet(String output) {
        assertFalse(output.contains("[aot") || output.contains("[cds") || output.contains("AOT cache"),
            "a normal run prints nothing about the AOT cache:\n" + output);
    }

    /** Starts {@code image}'s {@code bin/pulse -s}, waits for a 200 on /ping, stops it; returns its output. */
    private static String serveOnePing(Path image, Map<String, String> environment, Path dir) throws Exception {
        int httpPort = PulseProcess.freePort();
        Path log = dir.resolve("log.txt");
        ProcessBuilder builder = new ProcessBuilder(image.resolve("bin/pulse").toString(), "-s",
            "-H", "127.0.0.1:" + httpPort, "-S", "127.0.0.1:" + PulseProcess.freePort(), "-t", PulseProcess.TOKEN,
            "--data-dir", dir.resolve("data").toString())
            .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(environment);
        Process process = builder.start();
        try {
            HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
            HttpRequest ping = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/ping"))
                .header("X-AUTH-TOKEN", PulseProcess.TOKEN).timeout(Duration.ofSeconds(10)).build();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (true) {
                try {
                    HttpResponse<String> response = client.send(ping, HttpResponse.BodyHandlers.ofString());
                    assertEquals(200, response.statusCode());
                    assertEquals("pong", response.body().strip());
                    break;
                } catch (IOException notYet) {
                    assertTrue(process.isAlive(), () -> "bin/pulse exited: " + readQuietly(log));
                    assertTrue(System.nanoTime() < deadline, () -> "no /ping answer in 60 s: " + readQuietly(log));
                    Thread.sleep(100);
                }
            }
        } finally {
            process.destroy();
            process.waitFor(30, TimeUnit.SECONDS);
        }
        return Files.readString(log);
    }

    private record Result(int exitCode, String output) {
    }

    private static Result run(Path image, Map<String, String> environment, String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of(image.resolve("bin/pulse").toString()));
        command.addAll(List.of(args));
        Path out = Files.createTempFile("pulse-aot", ".txt");
        try {
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile());
            builder.environment().putAll(environment);
            Process process = builder.start();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("bin/pulse " + String.join(" ", args) + " did not finish in 60 s");
            }
            return new Result(process.exitValue(), Files.readString(out));
        } finally {
            Files.deleteIfExists(out);
        }
    }

    /** A copy of the image without {@code left}: hard links where the file system allows them, else copies. */
    private static void linkImageWithout(Path copy, Path left) throws IOException {
        try (Stream<Path> paths = Files.walk(IMAGE)) {
            for (Path source : paths.toList()) {
                Path target = copy.resolve(IMAGE.relativize(source).toString());
                if (source.equals(left)) {
                    continue;
                }
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    try {
                        Files.createLink(target, source);
                    } catch (IOException | UnsupportedOperationException e) {
                        Files.copy(source, target, StandardCopyOption.COPY_ATTRIBUTES);
                    }
                }
            }
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }

    private static String readQuietly(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "(" + e + ")";
        }
    }
}
