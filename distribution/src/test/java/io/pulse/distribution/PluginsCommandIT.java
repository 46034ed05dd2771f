package io.pulse.distribution;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code bin/pulse plugins} and {@code bin/pulse check-config} on the built image: the plugins linked into it (all of
 * the project's) and those dropped into {@code plugins/<name>/} folders, which ones the flags select and why, and the effective configuration
 * with the token masked - with nothing started.
 */
class PluginsCommandIT {

    private static final Path PLUGINS = PulseProcess.IMAGE.resolve("plugins");

    /** The listing's row of this plugin, split into columns (the image's path has no spaces). */
    private static List<String> row(String listing, String kind, String id) {
        return listing.lines().map(String::strip).map(l -> List.of(l.split(" +")))
            .filter(cells -> cells.size() > 4 && cells.get(0).equals(kind) && cells.get(1).equals(id))
            .findFirst().orElseThrow(() -> new AssertionError("no row for " + kind + " " + id + ":\n" + listing));
    }

    @Test
    void listsThePluginsOfTheImageAndTheDefaultsItSelects() throws Exception {
        PulseProcess.Result result = PulseProcess.run("plugins");

        assertEquals(0, result.exitCode(), result.stderr());
        String listing = result.stdout();
        assertEquals("boot layer", String.join(" ", row(listing, "storage", "memory").subList(4, 6)), listing);
        assertEquals("boot layer", String.join(" ", row(listing, "front-end", "http").subList(4, 6)), listing);
        assertEquals("boot layer", String.join(" ", row(listing, "alerts", "builtin").subList(4, 6)), listing);
        assertEquals("boot layer", String.join(" ", row(listing, "storage", "influxdb").subList(4, 6)), listing);
        assertEquals("boot layer", String.join(" ", row(listing, "alerts", "kapacitor").subList(4, 6)), listing);
        assertEquals("boot layer", String.join(" ", row(listing, "publisher", "mist").subList(4, 6)), listing);
        for (List<String> row : List.of(row(listing, "storage", "memory"), row(listing, "storage", "influxdb"))) {
            assertTrue(row.get(3).equals(System.getProperty("pulse.version")) || row.get(3).equals("-"), listing);
        }
        String selected = listing.substring(listing.indexOf("Selected with this configuration:"));
        for (String plugin : List.of("storage 'memory' because", "front-end 'http' because",
            "alerts 'builtin' because")) {
            assertTrue(selected.contains("\n  " + plugin), plugin + " in:\n" + selected);
        }
        assertFalse(selected.contains("'influxdb'") || selected.contains("'kapacitor'"), selected);
    }

    @Test
    void listsEveryProblemOfABrokenFolderAndStillListsTheRest(@TempDir Path work) throws Exception {
        Path plugins = Files.createDirectories(work.resolve("plugins"));
        Path broken = Files.createDirectories(plugins.resolve("broken"));
        Path pluginJar = ExamplePluginJar.build(Files.createDirectories(work.resolve("example")));
        // Three things wrong at once: the SPI jar copied in, and the plugin's module twice.
        Files.copy(pluginJar, broken.resolve("acme-a.jar"));
        Files.copy(pluginJar, broken.resolve("acme-b.jar"));
        Path spiJar;
        try (Stream<Path> jars = Files.list(PulseProcess.IMAGE.getParent().resolve("modules"))) {
            spiJar = jars.filter(p -> p.getFileName().toString().startsWith("pulse-spi-")).findFirst().orElseThrow();
        }
        Files.copy(spiJar, broken.resolve("pulse-spi.jar"));

        PulseProcess.Result result = PulseProcess.run("plugins", "--plugins-dir", plugins.toString());

        assertEquals(1, result.exitCode(), result.stdout() + result.stderr());
        assertEquals("pulse: 1 plugin folder(s) cannot be loaded: see 'Problems found' above", result.stderr().strip());
        String listing = result.stdout();
        row(listing, "storage", "memory"); // the image's own plugins are still listed
        String problems = listing.substring(listing.indexOf("Problems found"), listing.indexOf("Selected with"));
        assertTrue(problems.contains("\n  " + broken + ":\n"), problems);
        assertTrue(problems.contains("    - remove pulse-spi.jar from " + broken + ": the SPI is provided by the server\n"),
            problems);
        assertTrue(problems.contains("    - plugin folder " + broken + " holds 2 versions of module com.acme.pulse"
            + " (acme-a.jar and acme-b.jar): keep one\n"), problems);
        assertEquals(2, problems.lines().filter(l -> l.startsWith("    - ")).count(), problems);

        PulseProcess.Result server = PulseProcess.run("--plugins-dir", plugins.toString(), "-s");
        assertEquals(1, server.exitCode(), "the server refuses the folder");
        assertTrue(server.stderr().contains("2 problems in plugin folder " + broken), server.stderr());
    }

    @Test
    void showsInfluxdbSelectedByItsAddressFlag() throws Exception {
        PulseProcess.Result result = PulseProcess.run("plugins", "-i", "http://127.0.0.1:1");

        assertEquals(0, result.exitCode(), result.stderr());
        assertTrue(result.stdout().contains("\n  storage 'influxdb' because --influx-address (-i) is set (command line)\n"),
            result.stdout());
        assertFalse(result.stdout().contains("storage 'memory' because"), result.stdout());
    }

    @Test
    void checkConfigMasksTheTokenAndShowsOriginsWithoutStartingAnything(@TempDir Path dir) throws Exception {
        Path data = dir.resolve("data");
        PulseProcess.Result result = PulseProcess.run("check-config", "-t", "abcdefgh", "--data-dir", data.toString());

        assertEquals(0, result.exitCode(), result.stderr());
        List<String> lines = result.stdout().lines().map(l -> l.replaceAll(" {2,}", "  ").strip()).toList();
        assertTrue(lines.contains("token = ****  (command line)"), result.stdout());
        assertTrue(lines.contains("data-dir = " + data + "  (command line)"), result.stdout());
        assertTrue(lines.contains("plugins-dir = " + PLUGINS + "  (default)"), result.stdout());
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("poll-interval = ") && l.endsWith("(default)")),
            result.stdout());
        assertFalse(result.stdout().contains("abcdefgh") || result.stderr().contains("abcdefgh"), result.stdout());
        assertFalse(Files.exists(data), "nothing started, no data dir created");
    }

    @Test
    void checkConfigRefusesABadValueWithOneLineAndExitTwo() throws Exception {
        PulseProcess.Result result = PulseProcess.run("check-config", "-p", "soon");

        assertEquals(2, result.exitCode(), result.stdout());
        assertEquals(1, result.stderr().lines().count(), result.stderr());
        assertTrue(result.stderr().startsWith("pulse: poll-interval: "), result.stderr());
    }

    @Test
    void anUnknownCommandNamesTheKnownOnes() throws Exception {
        PulseProcess.Result result = PulseProcess.run("status");

        assertEquals(2, result.exitCode());
        assertTrue(result.stderr().contains("unknown command 'status': the commands are plugins, check-config"),
            result.stderr());
    }
}
