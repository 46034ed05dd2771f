package io.pulse.kernel;

import io.pulse.kernel.testing.PluginJars;
import io.pulse.kernel.testing.PluginJars.ModuleJar;
import io.pulse.kernel.testing.SamplePlugins;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.spi.ToolProvider;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code pulse plugins} and {@code pulse check-config} run in-process against plugins in {@code plugins/<name>/}
 * folders: the listing with module, version, folder and selection; the effective configuration with origins and
 * masked secrets; their errors as one line with the usual exit codes; and nothing started either way.
 */
class SubcommandLauncherTest {

    private static final String SECRET = "s3cr3t-t0ken-4711";

    @TempDir
    static Path jars;

    private static Map<String, Path> built;

    @TempDir
    Path home;

    private final LaunchHarness pulse = new LaunchHarness();

    @BeforeAll
    static void buildPlugins() throws IOException {
        built = PluginJars.buildModules(jars, List.of(
            new ModuleJar("test-stack.jar", "test.stack", SamplePlugins.stack()),
            new ModuleJar("acme-probe.jar", "acme.probe",
                SamplePlugins.optionProbe("acme.probe", "acme-probe", "probe-address", 'H', "ACME_PROBE_ADDRESS",
                    "probe-token")),
            new ModuleJar("probe-one.jar", "acme.one",
                SamplePlugins.optionProbe("acme.one", "probe-one", "shared-address", 'X', "ONE_ADDRESS", "one-token")),
            new ModuleJar("probe-two.jar", "acme.two",
                SamplePlugins.optionProbe("acme.two", "probe-two", "shared-address", 'Y', "TWO_ADDRESS", "two-token"))));
        ToolProvider jar = ToolProvider.findFirst("jar").orElseThrow();
        assertEquals(0, jar.run(System.out, System.err, "--update", "--file", built.get("acme-probe.jar").toString(),
            "--module-version", "2.5.0"));
    }

    @AfterEach
    void stop() {
        pulse.close();
    }

    /** A plugins directory with these plugins, each in its own folder. */
    private Path plugins(String... jarNames) throws IOException {
        Path plugins = home.resolve("plugins");
        for (String jar : jarNames) {
            Path folder = Files.createDirectories(plugins.resolve(jar.replace(".jar", "")));
            Files.copy(built.get(jar), folder.resolve(jar));
        }
        return plugins;
    }

    private List<String> args(String command, Path plugins, String... more) {
        List<String> args = new ArrayList<>(List.of(command, "--plugins-dir", plugins.toString(),
            "--data-dir", home.resolve("data").toString(), "-S", "127.0.0.1:0"));
        args.addAll(List.of(more));
        return args;
    }

    /** The listing's row of this plugin, split into its columns (the paths here have no spaces). */
    private List<String> row(String kind, String id) {
        return pulse.out().lines().map(String::strip).map(l -> List.of(l.split(" +")))
            .filter(cells -> cells.size() > 2 && cells.get(0).equals(kind) && cells.get(1).equals(id))
            .findFirst().orElseThrow(() -> new AssertionError("no row for " + kind + " " + id + ":\n" + pulse.out()));
    }

    private void assertNothingStarted() {
        assertFalse(Files.exists(home.resolve("data")), "no data dir created");
        assertFalse(pulse.err().contains("listening"), pulse.err());
    }

    // --- plugins ----------------------------------------------------------------------------------------------

    @Test
    void pluginsListsEveryPluginWithItsModuleVersionFolderAndWhenItIsUsed() throws IOException {
        Path plugins = plugins("test-stack.jar", "acme-probe.jar");

        assertEquals(new Launcher.Exit(0), pulse.launch(args("plugins", plugins, "--storage", "list-store")),
            pulse.err());

        assertEquals(List.of("KIND", "ID", "MODULE", "VERSION", "WHERE", "USED"), row("KIND", "ID"));
        assertEquals(List.of("front-end", "acme-probe", "acme.probe", "2.5.0", plugins.resolve("acme-probe").toString(),
            "used", "with", "--front-ends", "acme-probe"), row("front-end", "acme-probe"));
        assertEquals(List.of("storage", "list-store", "test.stack", "-", plugins.resolve("test-stack").toString(),
            "used", "with", "--storage", "list-store"), row("storage", "list-store"));
        assertTrue(pulse.out().contains("\nSelected with this configuration:\n"
            + "  storage 'list-store' because --storage is set (command line)\n"), pulse.out());
        assertFalse(pulse.out().contains("front-end 'acme-probe' because"), "not selected:\n" + pulse.out());
        assertNothingStarted();
    }

    @Test
    void pluginsShowsWhatTheEnvironmentSelectsAndWhy() throws IOException {
        Path plugins = plugins("test-stack.jar", "acme-probe.jar");
        pulse.env.put("PULSE_FRONT_ENDS", "acme-probe");

        assertEquals(new Launcher.Exit(0), pulse.launch(args("plugins", plugins, "--storage", "list-store")),
            pulse.err());

        assertTrue(pulse.out().contains("  front-end 'acme-probe' because --front-ends is set (environment variable"
            + " PULSE_FRONT_ENDS)\n"), pulse.out());
    }

    @Test
    void pluginsWithAClashIsOneProblemLineExitingOne() throws IOException {
        Path plugins = plugins("test-stack.jar", "probe-one.jar", "probe-two.jar");
        assertTrue(pulse.failure(1, args("plugins", plugins)).startsWith("the flag --shared-address is claimed twice"),
            pulse.err());
        assertEquals("", pulse.out());
    }

    @Test
    void pluginsListsEveryProblemOfABrokenFolderAndTheOtherPluginsExitingOne() throws IOException {
        Path plugins = plugins("test-stack.jar", "acme-probe.jar");
        Path broken = plugins.resolve("acme-probe");
        PluginJars.jarOf(PluginJars.spiLocation(), broken.resolve("pulse-spi-0.1.0.jar"));
        Files.copy(built.get("acme-probe.jar"), broken.resolve("acme-probe-2.jar"));

        assertEquals("1 plugin folder(s) cannot be loaded: see 'Problems found' above",
            pulse.failure(1, args("plugins", plugins, "--storage", "list-store")));

        row("storage", "list-store");
        assertTrue(pulse.out().contains("\nProblems found (these folders are left out; the server refuses to start"
            + " with them):\n  " + broken + ":\n"
            + "    - remove pulse-spi-0.1.0.jar from " + broken + ": the SPI is provided by the server\n"
            + "    - plugin folder " + broken + " holds 2 versions of module acme.probe (acme-probe-2.jar and"
            + " acme-probe.jar): keep one\n"), pulse.out());
        assertNothingStarted();
    }

    @Test
    void optionsPrintsEveryOptionOfTheServerAndThePluginsAsOneMarkdownTable() throws IOException {
        Path plugins = plugins("test-stack.jar", "acme-probe.jar");

        assertEquals(new Launcher.Exit(0), pulse.launch(args("options", plugins, "--storage", "list-store")),
            pulse.err());

        List<String> lines = pulse.out().lines().toList();
        assertEquals("| config file key | command line | environment | default | what it sets |", lines.getFirst());
        assertTrue(lines.stream().allMatch(l -> l.startsWith("| ") && l.endsWith(" |") || l.startsWith("|---")),
            pulse.out());
        assertTrue(lines.contains("| **server** | | | | |"), pulse.out());
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("| `poll-interval` | `--poll-interval`, `-p` |"
            + " `PULSE_POLL_INTERVAL` |")), pulse.out());
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("| `probe-address`, `acme-probe.listen-address` |")), pulse.out());
        assertTrue(lines.stream().anyMatch(l -> l.contains("`ACME_PROBE_ADDRESS`")), "declared extra variable");
        assertTrue(lines.stream().noneMatch(l -> l.contains("`--help`")), "actions are not settings");
        assertNothingStarted();
    }

    @Test
    void pluginsWithAConfigurationErrorIsOneLineExitingTwo() throws IOException {
        Path plugins = plugins("test-stack.jar");

        assertEquals("storage 'nope' not found; it was selected because --storage is set (command line). Available"
            + " storage plugins: list-store (" + plugins.resolve("test-stack") + "). Plugins are linked into the image"
            + " or installed as " + plugins.resolve("<name>") + "/*.jar",
            pulse.failure(2, args("plugins", plugins, "--storage", "nope")));
        assertEquals("", pulse.out());
    }

    // --- check-config -----------------------------------------------------------------------------------------

    @Test
    void checkConfigPrintsEveryOptionOfTheServerAndTheSelectedPluginsWithItsOrigin() throws IOException {
        Path plugins = plugins("test-stack.jar", "acme-probe.jar");
        Path file = Files.writeString(home.resolve("pulse.yaml"), "acme-probe:\n  retries: 5\n");
        pulse.env.put("PULSE_POLL_INTERVAL", "30s");

        assertEquals(new Launcher.Exit(0), pulse.launch(args("check-config", plugins, "-c", file.toString(),
            "--storage", "list-store", "--front-ends", "acme-probe", "--probe-token", SECRET)), pulse.err());

        String out = pulse.out();
        assertTrue(out.startsWith("server:\n"), out);
        List<String> lines = out.lines().map(l -> l.replaceAll(" {2,}", "  ").strip()).toList();
        for (String expected : List.of(
            "poll-interval = 30s  (environment variable PULSE_POLL_INTERVAL)",
            "storage = list-store  (command line)",
            "config-file = " + file + "  (command line)",
            "front-end 'acme-probe' (" + plugins.resolve("acme-probe") + "):",
            "probe-token = ****  (command line)",
            "acme-probe.retries = 5  (config file " + file + ")",
            "probe-address = 127.0.0.1:8181  (default)")) {
            assertTrue(lines.contains(expected), expected + " in:\n" + out);
        }
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("retention = ") && l.endsWith("  (default)")), out);
        assertFalse(out.contains("front-end 'probe'"), "an unselected plugin's options are not shown:\n" + out);
        assertFalse(out.contains("help ="), "actions are not settings:\n" + out);
        assertFalse(out.contains(SECRET) || pulse.err().contains(SECRET), out + pulse.err());
        assertNothingStarted();
    }

    @Test
    void checkConfigShowsTheInstallationsDefaultDirectoriesAndConfigFile() throws IOException {
        plugins("test-stack.jar");
        Path installed = Files.writeString(Files.createDirectories(home.resolve("etc")).resolve("pulse.yaml"),
            "poll-interval: 45\n");
        pulse.pulseHome = Optional.of(home);

        assertEquals(new Launcher.Exit(0), pulse.launch("check-config", "--storage", "list-store"), pulse.err());

        List<String> lines = pulse.out().lines().map(l -> l.replaceAll(" {2,}", "  ").strip()).toList();
        assertTrue(lines.contains("data-dir = " + home.resolve("data") + "  (default)"), pulse.out());
        assertTrue(lines.contains("plugins-dir = " + home.resolve("plugins") + "  (default)"), pulse.out());
        assertTrue(lines.contains("config-file = " + installed + "  (default)"), pulse.out());
        assertTrue(lines.contains("poll-interval = 45  (config file " + installed + ")"), pulse.out());
        assertNothingStarted();
    }

    @Test
    void theCheckConfigFlagIsTheSameAsTheCommand() throws IOException {
        Path plugins = plugins("test-stack.jar");
        assertEquals(new Launcher.Exit(0), pulse.launch(args("check-config", plugins, "--storage", "list-store")));
        String command = pulse.out();

        List<String> flagForm = args("--check-config", plugins, "--storage", "list-store");
        assertEquals(new Launcher.Exit(0), pulse.launch(flagForm));

        assertEquals(command, pulse.out());
        assertTrue(command.contains("storage = list-store"), command);
    }

    @Test
    void checkConfigWithABadValueIsOneLineExitingTwoAndStartsNothing() throws IOException {
        Path plugins = plugins("test-stack.jar", "acme-probe.jar");

        assertEquals("probe-address: expected host:port (e.g. 127.0.0.1:3000, [::1]:3000 or :3000), got 'nowhere'"
            + " (from command line)", pulse.failure(2, args("check-config", plugins, "--storage", "list-store",
            "-H", "nowhere")));
        assertEquals("", pulse.out());
        assertNothingStarted();
    }

    // --- commands in general ----------------------------------------------------------------------------------

    @Test
    void anUnknownCommandIsAUsageErrorNamingTheKnownOnes() {
        assertEquals("unknown command 'status': the commands are plugins, check-config, options; everything else is a flag"
            + " (see --help)", pulse.failure(2, "status"));
    }

    @Test
    void helpListsTheCommands() {
        assertEquals(new Launcher.Exit(0), pulse.launch("--help"));
        assertTrue(pulse.out().contains("Usage:\n  pulse [flags]\n  pulse <command> [flags]\n"), pulse.out());
        assertTrue(pulse.out().lines().anyMatch(l -> l.startsWith("  plugins ")
            && l.endsWith("list the installed plugins and which ones the configuration selects")), pulse.out());
        assertTrue(pulse.out().lines().anyMatch(l -> l.startsWith("  check-config ")), pulse.out());
    }

    @Test
    void withoutArgumentsPulseStillPrintsHelp() {
        assertEquals(new Launcher.Exit(0), pulse.launch());
        assertTrue(pulse.out().startsWith("pulse is a stat collecting and publishing service"), pulse.out());
    }
}
