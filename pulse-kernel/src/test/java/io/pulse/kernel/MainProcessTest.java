package io.pulse.kernel;

import io.pulse.kernel.testing.Await;
import io.pulse.kernel.testing.PluginJars;
import io.pulse.kernel.testing.SamplePlugins;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.lang.module.ResolvedModule;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code java -m io.pulse.kernel/io.pulse.kernel.Main} as a real process: a failed start exits with its code even
 * though nothing else would end the JVM, and SIGTERM stops the components in reverse order through the shutdown
 * hook and ends the process.
 */
class MainProcessTest {

    @TempDir
    Path home;

    /** The kernel's runtime modules (the SPI, the kernel's classes, Helidon Config, SnakeYAML) from this JVM. */
    private static String modulePath() {
        List<String> paths = new ArrayList<>();
        for (ResolvedModule module : ModuleLayer.boot().configuration().modules()) {
            String name = module.name();
            if (name.startsWith("io.pulse.") || name.startsWith("io.helidon") || name.equals("org.yaml.snakeyaml")) {
                module.reference().location().ifPresent(uri -> paths.add(Path.of(uri).toString()));
            }
        }
        return String.join(File.pathSeparator, paths);
    }

    private ProcessBuilder pulse(String... args) {
        List<String> command = new ArrayList<>(List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-Dpulse.home=" + home, "-p", modulePath(), "-m", "io.pulse.kernel/io.pulse.kernel.Main"));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().keySet().removeIf(k -> k.startsWith("PULSE_"));
        builder.redirectErrorStream(false);
        return builder;
    }

    @Test
    void aFailedStartExitsWithItsCode() throws Exception {
        Process process = pulse("-s", "--plugins-dir", home.resolve("none").toString())
            .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        assertTrue(process.waitFor(30, TimeUnit.SECONDS), "the JVM exits");
        assertEquals(2, process.exitValue());
        String err = new String(process.getErrorStream().readAllBytes());
        List<String> failures = err.lines().filter(l -> l.startsWith("pulse: ")).toList();
        assertEquals(1, failures.size(), err);
        assertTrue(failures.getFirst().startsWith("pulse: no storage plugin is selected"), err);
    }

    @Test
    void sigtermStopsTheComponentsInReverseOrderAndEndsTheProcess() throws Exception {
        Path plugins = Files.createDirectories(home.resolve("plugins").resolve("test-stack"));
        PluginJars.build(plugins.resolve("test-stack.jar"), SamplePlugins.stack(), Map.of(), List.of());
        Path events = home.resolve("events.log");
        Path log = home.resolve("stderr.log");
        ProcessBuilder builder = pulse("-s", "-S", "127.0.0.1:0", "--storage", "list-store",
            "--publishers", "echo-pub", "--front-ends", "probe").redirectError(log.toFile())
            .redirectOutput(ProcessBuilder.Redirect.DISCARD);
        for (String id : List.of("LIST_STORE", "ECHO_PUB", "PROBE")) {
            builder.environment().put("PULSE_" + id + "_EVENTS_FILE", events.toString());
        }
        Process process = builder.start();
        try {
            Await.until("pulse started", Duration.ofSeconds(30), () -> read(log).contains("started: relays connect to"));
            assertTrue(Files.isDirectory(home.resolve("data").resolve("list-store")), "data dir under -Dpulse.home");

            process.destroy(); // SIGTERM

            assertTrue(process.waitFor(30, TimeUnit.SECONDS), "the JVM exits after the shutdown hook");
            assertEquals(143, process.exitValue(), "128 + SIGTERM, as for any JVM ended by the signal");
            assertEquals(List.of("create list-store true", "create echo-pub", "create probe",
                "start list-store", "start echo-pub", "start probe relays=0 alerts=false",
                "close probe", "close echo-pub", "close list-store"), Files.readAllLines(events));
            assertTrue(read(log).contains("pulse stopped"), read(log));
        } finally {
            process.destroyForcibly();
        }
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (IOException e) {
            return "";
        }
    }
}
