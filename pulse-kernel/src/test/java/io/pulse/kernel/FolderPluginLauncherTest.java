package io.pulse.kernel;

import io.pulse.kernel.config.TestConfig;
import io.pulse.kernel.testing.Await;
import io.pulse.kernel.testing.PluginJars;
import io.pulse.kernel.testing.PluginJars.ModuleJar;
import io.pulse.kernel.testing.RawRelay;
import io.pulse.kernel.testing.SamplePlugins;
import io.pulse.spi.Health;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Plugins dropped into {@code plugins/<name>/} folders, seen through {@code pulse} run in-process: their own options
 * on the command line, in the environment, in the config file, in {@code --help} and in {@code --config-template};
 * their secrets kept out of every log line and message; two plugins claiming one flag; and their scheduled tasks
 * and sample listeners running with their own class loader.
 */
class FolderPluginLauncherTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    /** The option probe's id (its address: -H, --probe-address, ACME_PROBE_ADDRESS; its secret: --probe-token). */
    private static final String PROBE = "acme-probe";

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
                SamplePlugins.optionProbe("acme.probe", PROBE, "probe-address", 'H', "ACME_PROBE_ADDRESS", "probe-token")),
            new ModuleJar("loader-probe.jar", "acme.watch", SamplePlugins.loaderProbe("acme.watch", "loader-probe")),
            new ModuleJar("probe-one.jar", "acme.one",
                SamplePlugins.optionProbe("acme.one", "probe-one", "shared-address", 'X', "ONE_ADDRESS", "one-token")),
            new ModuleJar("probe-two.jar", "acme.two",
                SamplePlugins.optionProbe("acme.two", "probe-two", "shared-address", 'Y', "TWO_ADDRESS", "two-token"))));
    }

    @AfterEach
    void stop() {
        pulse.close();
    }

    /** A plugins directory with the stack (for its storage) and these plugins, each in its own folder. */
    private Path plugins(String... jarNames) throws IOException {
        Path plugins = home.resolve("plugins");
        List<String> all = new ArrayList<>(List.of("test-stack.jar"));
        all.addAll(List.of(jarNames));
        for (String jar : all) {
            Path folder = Files.createDirectories(plugins.resolve(jar.replace(".jar", "")));
            if (!Files.exists(folder.resolve(jar))) {
                Files.copy(built.get(jar), folder.resolve(jar));
            }
        }
        return plugins;
    }

    /** Starts a server with the stack's storage and the option probe as front end. */
    private List<String> probeServer(String... more) throws IOException {
        List<String> args = new ArrayList<>(List.of("-s", "--plugins-dir", plugins("acme-probe.jar").toString(),
            "--data-dir", home.resolve("data").toString(), "-S", "127.0.0.1:0", "--storage", "list-store",
            "--front-ends", PROBE));
        args.addAll(List.of(more));
        return args;
    }

    private String probeHealth(List<String> args) {
        assertInstanceOf(Launcher.Running.class, pulse.launch(args), pulse.err());
        String detail = pulse.healthOf(PROBE).detail();
        pulse.close();
        return detail;
    }

    // --- scheduled tasks and sample listeners -------------------------------------------------------------------

    @Test
    void aFolderPluginsScheduledTaskAndSampleListenerRunWithItsOwnLoader() throws Exception {
        assertInstanceOf(Launcher.Running.class, pulse.launch("-s", "--plugins-dir",
            plugins("loader-probe.jar").toString(), "--data-dir", home.resolve("data").toString(), "-S", "127.0.0.1:0",
            "--storage", "list-store", "--front-ends", "loader-probe"), pulse.err());
        try (RawRelay relay = RawRelay.identified(pulse.running().server().relayAddress(), "web1")) {
            relay.send("add ram_used:\n");
            relay.expect("get ram_used");
            relay.send("got ram_used-ram_used:0.5\n");
            Health health = Await.value("the task's run and the listener's batch", WAIT,
                () -> pulse.healthOf("loader-probe"),
                h -> !h.detail().contains("not run") && !h.detail().contains("no batch"));
            assertEquals("task=own on sched-loader-probe-tick; listener=own on pulse-live-subscriber-watch-1",
                health.detail(), "the plugin's module loader, on the kernel's threads; the task named after the plugin");
        }
    }

    // --- a plugin's own options ---------------------------------------------------------------------------------

    @Test
    void helpListsAPluginsOptionsWithTheirFlagsUnderItsHeading() throws IOException {
        Path plugins = plugins("acme-probe.jar");

        assertEquals(new Launcher.Exit(0), pulse.launch("--help", "--plugins-dir", plugins.toString()));

        String help = pulse.out();
        assertTrue(help.contains("\nfront-end 'acme-probe': option probe [" + plugins.resolve("acme-probe")
            + "; used with --front-ends acme-probe]\n"), help);
        assertTrue(help.lines().anyMatch(l -> l.startsWith("  -H, --probe-address host:port ")
            && l.endsWith("Where the probe listens (default 127.0.0.1:8181)")), help);
        assertTrue(help.lines().anyMatch(l -> l.startsWith("      --probe-token token ")
            && l.endsWith("Token clients present [secret: never logged]")), help);
        assertTrue(help.lines().anyMatch(l -> l.startsWith("      --acme-probe.retries int ")
            && l.endsWith("Times a failed push is retried (default 3)")), help);
    }

    @Test
    void aPluginsOptionIsSetByItsFlagsItsEnvironmentNamesOrTheFile() throws IOException {
        String expected = "address=10.0.0.7:9 retries=3 token-set=false";
        for (String flag : List.of("-H", "--probe-address", "--acme-probe.listen-address")) {
            assertEquals(expected, probeHealth(probeServer(flag, "10.0.0.7:9")), flag);
        }
        for (String variable : List.of("PULSE_PROBE_ADDRESS", "ACME_PROBE_ADDRESS", "PULSE_ACME_PROBE_LISTEN_ADDRESS")) {
            pulse.env.clear();
            pulse.env.put(variable, "10.0.0.7:9");
            assertEquals(expected, probeHealth(probeServer()), variable);
        }
        pulse.env.clear();
        for (String yaml : List.of("probe-address: 10.0.0.7:9\n", "acme-probe:\n  listen-address: 10.0.0.7:9\n")) {
            Path file = Files.writeString(home.resolve("pulse.yaml"), yaml);
            assertEquals(expected, probeHealth(probeServer("-c", file.toString())), yaml);
        }
        Path file = Files.writeString(home.resolve("pulse.yaml"), "acme-probe:\n  retries: 5\n");
        assertEquals("address=127.0.0.1:8181 retries=5 token-set=false",
            probeHealth(probeServer("-c", file.toString())), "the defaults, and a section-only option from the file");
    }

    @Test
    void aFlagBeatsTheEnvironmentWhichBeatsTheFileForPluginOptionsToo() throws IOException {
        Path file = Files.writeString(home.resolve("pulse.yaml"), "probe-address: 10.0.0.3:3\n");
        pulse.env.put("ACME_PROBE_ADDRESS", "10.0.0.2:2");

        assertEquals("address=10.0.0.1:1 retries=3 token-set=false",
            probeHealth(probeServer("-c", file.toString(), "-H", "10.0.0.1:1")));
        assertEquals("address=10.0.0.2:2 retries=3 token-set=false", probeHealth(probeServer("-c", file.toString())));
    }

    @Test
    void aBadValueOfAPluginsOptionIsOneLineNamingItsFlag() throws IOException {
        assertEquals("probe-address: expected host:port (e.g. 127.0.0.1:3000, [::1]:3000 or :3000), got 'nowhere'"
            + " (from command line)", pulse.failure(2, probeServer("-H", "nowhere")));

        pulse.env.put("ACME_PROBE_ADDRESS", "nowhere");
        assertEquals("probe-address: expected host:port (e.g. 127.0.0.1:3000, [::1]:3000 or :3000), got 'nowhere'"
            + " (from environment variable ACME_PROBE_ADDRESS)", pulse.failure(2, probeServer()));
        pulse.env.clear();

        assertEquals("acme-probe.retries: expected a whole number from 0 to 10, got '11' (from command line)",
            pulse.failure(2, probeServer("--acme-probe.retries", "11")));

        Path file = Files.writeString(home.resolve("pulse.yaml"), "acme-probe:\n  retrys: 1\n");
        assertEquals("config-file " + file + ": unknown key 'acme-probe.retrys' (did you mean 'retries'?): it accepts"
            + " listen-address, retries, token", pulse.failure(2, probeServer("-c", file.toString())));
    }

    // --- secrets ------------------------------------------------------------------------------------------------

    @Test
    void aSecretsValueIsInNoLogLineNeitherTheKernelsNorThePluginsOwn() throws IOException {
        String secret = "s3cr3t-t0ken-4711";

        Launcher.Outcome outcome = pulse.launch(probeServer("-l", "debug", "--probe-token", secret));

        assertInstanceOf(Launcher.Running.class, outcome, pulse.err());
        assertEquals("address=127.0.0.1:8181 retries=3 token-set=true", pulse.healthOf(PROBE).detail(),
            "the plugin got its token");
        String log = pulse.err();
        assertTrue(log.contains("[Launcher] settings: ") && log.contains("probe-token=**** (command line)"), log);
        assertTrue(log.contains("acme-probe uses the token ****"), "the plugin logged it, masked:\n" + log);
        assertFalse(log.contains(secret), log);
        assertFalse(pulse.out().contains(secret));
    }

    @Test
    void aBadSecretValueIsNotInItsError() throws IOException {
        String bad = "not a token";
        pulse.env.put("PULSE_PROBE_TOKEN", bad);

        String message = pulse.failure(2, probeServer());

        assertEquals("probe-token: expected at least 8 characters without spaces, got '****' (from environment variable"
            + " PULSE_PROBE_TOKEN)", message);
        assertFalse(pulse.err().contains(bad), pulse.err());
    }

    // --- clashes ------------------------------------------------------------------------------------------------

    @Test
    void twoPluginsClaimingOneFlagStopStartUpNamingBoth() throws IOException {
        Path plugins = plugins("probe-one.jar", "probe-two.jar");

        String message = pulse.failure(1, "-s", "--plugins-dir", plugins.toString());

        assertEquals("the flag --shared-address is claimed twice: declared by front-end 'probe-one' ("
            + plugins.resolve("probe-one") + ") and by front-end 'probe-two' (" + plugins.resolve("probe-two")
            + "); remove one of the plugins, or ask its vendor to rename the option", message);

        // --help still helps: the server's options, and why the plugins' are missing.
        assertEquals(new Launcher.Exit(0), pulse.launch("--help", "--plugins-dir", plugins.toString()));
        assertTrue(pulse.out().contains("--poll-interval") && pulse.out().contains(
            "The plugins' options are not listed: the flag --shared-address is claimed twice"), pulse.out());
    }

    // --- the config template ------------------------------------------------------------------------------------

    @Test
    void theConfigTemplateDocumentsThePluginsOptionsAndIsAValidConfigFile() throws IOException {
        Path plugins = plugins("acme-probe.jar");
        assertEquals(new Launcher.Exit(0), pulse.launch("--config-template", "--plugins-dir", plugins.toString()));
        String template = pulse.out();
        for (String line : List.of("# probe-address: 127.0.0.1:8181", "# probe-token: <token>", "# acme-probe:",
            "#   retries: 3", "# list-store:", "#   events-file: \"\"", "# poll-interval: 60")) {
            assertTrue(template.lines().anyMatch(line::equals), line + " in\n" + template);
        }

        Path file = Files.writeString(home.resolve("pulse.yaml"), template);
        assertEquals(new Launcher.Exit(0), pulse.launch("-c", file.toString(), "--plugins-dir", plugins.toString()),
            pulse.err());
        assertEquals("", pulse.err(), "accepted as it is, and it sets nothing");

        Path uncommented = Files.writeString(home.resolve("uncommented.yaml"), TestConfig.uncommentSettings(template));
        assertEquals("address=127.0.0.1:8181 retries=3 token-set=false",
            probeHealth(probeServer("-c", uncommented.toString())), "its settings, uncommented, are the defaults");
    }
}
