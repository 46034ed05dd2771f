package io.pulse.distribution;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The worked example plugin, {@code examples/acme-publisher}, is built from its real sources exactly as its own pom
 * builds it (javac {@code --release 21} in module mode against the pulse-spi jar alone, then a plain jar with
 * {@code module-info.class} at its root), dropped into {@code plugins/acme-publisher/} of the image, and seen
 * listed in {@code --help}, selected by its trigger flag with the reason logged, and fed by an original-style relay.
 * The example is not built by Maven here: that would need pulse-spi installed into the shared local repository.
 */
class ExamplePluginIT {

    private static final Path PLUGIN_DIR = PulseProcess.IMAGE.resolve("plugins/acme-publisher");

    @AfterEach
    void removePlugin() throws Exception {
        deleteTree(PLUGIN_DIR);
    }

    @Test
    void theExamplePomBuildsAgainstThisServersSpi() throws Exception {
        String pom = Files.readString(ExamplePluginJar.EXAMPLE.resolve("pom.xml"));
        assertTrue(pom.contains("<pulse.version>" + System.getProperty("pulse.version") + "</pulse.version>"),
            "examples/acme-publisher/pom.xml builds against the SPI version of this server ("
                + System.getProperty("pulse.version") + ")");
        assertTrue(pom.contains("<artifactId>pulse-spi</artifactId>") && pom.contains("<scope>provided</scope>"), pom);
    }

    @Test
    void theExampleIsSelectedByItsFlagAndFed(@TempDir Path work) throws Exception {
        Path jar = ExamplePluginJar.build(work);
        Files.createDirectories(PLUGIN_DIR);
        Files.copy(jar, PLUGIN_DIR.resolve(jar.getFileName()));

        PulseProcess.Result help = PulseProcess.run("--help");
        assertEquals(0, help.exitCode(), help.stderr());
        int heading = help.stdout().indexOf("publisher 'acme-publisher'");
        assertTrue(heading >= 0, "help has a section for the example:\n" + help.stdout());
        String section = help.stdout().substring(heading);
        assertTrue(section.contains("-F, --acme-file string") && section.contains("--acme-publisher.prefix string")
            && section.contains("--acme-publisher.decimals int"), "help lists the example's options under it:\n"
            + help.stdout());

        PulseProcess.Result bad = PulseProcess.run("-s", "-F", "samples.log", "--acme-publisher.decimals", "12");
        assertEquals(2, bad.exitCode(), bad.stderr());
        assertEquals("pulse: acme-publisher.decimals: expected a whole number from 0 to 9, got '12' (from command line)",
            bad.stderr().strip().lines().filter(l -> l.startsWith("pulse:")).findFirst().orElse(bad.stderr()));

        Path data = work.resolve("data");
        try (PulseProcess pulse = PulseProcess.startServer(data, "-F", "samples.log",
                "--acme-publisher.prefix", "edge", "--acme-publisher.decimals", "2", "-p", "1");
             RawCpuRelay relay = RawCpuRelay.connect(pulse.relayPort, "example-host", "0.25")) {
            assertTrue(pulse.stderr().contains("selected publisher 'acme-publisher' because --acme-file (-F) is set"),
                "the log says why the example runs:\n" + pulse.stderr());

            Path samples = data.resolve("acme-publisher/samples.log");
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            String got = "";
            while (System.nanoTime() < deadline) {
                got = Files.exists(samples) ? Files.readString(samples) : "";
                if (got.lines().count() >= 2) {
                    break;
                }
                Thread.sleep(100);
            }
            assertTrue(got.lines().count() >= 2, "the example received the polled samples:\n" + got
                + "\n" + pulse.stderr());
            assertEquals("edge cpu_used {host=example-host} 0.25", got.lines().findFirst().orElseThrow(), got);
        }
    }

    private static void deleteTree(Path dir) throws Exception {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
