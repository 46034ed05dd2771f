package io.pulse.kernel;

import io.pulse.kernel.testing.Await;
import io.pulse.kernel.testing.PluginJars;
import io.pulse.kernel.testing.RawRelay;
import io.pulse.kernel.testing.SamplePlugins;
import io.pulse.spi.Health;
import io.pulse.spi.frontend.ComponentHealth;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code pulse} run in-process with injected environment and streams: help, version, exit codes and one-line
 * errors, and a full start with plugins loaded from a {@code plugins/<name>/} folder (built here with javac), a
 * relay feeding them, and a clean stop.
 */
class LauncherTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    static Path jars;

    private static Path stackJar;

    @TempDir
    Path home;

    private final LaunchHarness pulse = new LaunchHarness();

    @BeforeAll
    static void buildStack() throws IOException {
        stackJar = PluginJars.build(jars.resolve("test-stack-1.0.jar"), SamplePlugins.stack(), Map.of(), List.of());
    }

    @AfterEach
    void stop() {
        pulse.close();
    }

    private Path pluginsWithStack() throws IOException {
        Path plugins = Files.createDirectories(home.resolve("plugins").resolve("test-stack"));
        Files.copy(stackJar, plugins.resolve(stackJar.getFileName()));
        return plugins.getParent();
    }

    private List<String> serverArgs(String... more) throws IOException {
        List<String> args = new ArrayList<>(List.of("-s", "--plugins-dir", pluginsWithStack().toString(),
            "--data-dir", home.resolve("data").toString(), "-S", "127.0.0.1:0", "--storage", "list-store",
            "--front-ends", "probe"));
        args.addAll(List.of(more));
        return args;
    }

    @Test
    void helpGoesToStdoutWithExitZero() {
        assertEquals(new Launcher.Exit(0), pulse.launch("--help"));
        assertTrue(pulse.out().contains("-p, --poll-interval"), pulse.out());
        assertEquals("", pulse.err());
    }

    @Test
    void helpListsTheLoadedPluginsUnderTheirHeadings() throws IOException {
        Path plugins = pluginsWithStack();
        assertEquals(new Launcher.Exit(0), pulse.launch("--help", "--plugins-dir", plugins.toString()));
        assertTrue(pulse.out().contains("\nfront-end 'probe': probe [" + plugins.resolve("test-stack")
            + "; used with --front-ends probe]\n"), pulse.out());
        assertTrue(pulse.out().contains("      --probe.fail-start "), pulse.out());
    }

    @Test
    void helpStillWorksWhenThePluginsCannotBeLoadedAndSaysWhy() throws IOException {
        Path plugins = pluginsWithStack();
        PluginJars.jarOf(PluginJars.spiLocation(), plugins.resolve("test-stack").resolve("pulse-spi.jar"));

        assertEquals(new Launcher.Exit(0), pulse.launch("--help", "--plugins-dir", plugins.toString()));

        assertTrue(pulse.out().contains("-p, --poll-interval"), pulse.out());
        assertTrue(pulse.out().contains("The plugins' options are not listed: remove pulse-spi.jar from "
            + plugins.resolve("test-stack")), pulse.out());
    }

    @Test
    void withoutServerItPrintsHelpLikeTheOriginal() {
        assertEquals(new Launcher.Exit(0), pulse.launch("-p", "30"));
        assertTrue(pulse.out().startsWith("pulse is a stat collecting and publishing service"), pulse.out());
    }

    @Test
    void versionPrintsVersionAndCommit() {
        assertEquals(new Launcher.Exit(0), pulse.launch("-v"));
        assertEquals("pulse 1.2.3 (abc1234)\n", pulse.out());
    }

    @Test
    void usageErrorsExitTwo() {
        assertEquals("unknown flag: --bogus (see --help for the flags of the server and of the installed plugins)",
            pulse.failure(2, "-s", "--bogus"));
        assertEquals("flag needs an argument: --poll-interval (-p)", pulse.failure(2, "-s", "-p"));
    }

    @Test
    void aPluginFlagIsUnknownWithoutThePlugin() {
        // -H belongs to the HTTP front end, which is not installed here.
        assertEquals("unknown shorthand flag: 'H' in -H (see --help for the flags of the server and of the installed"
            + " plugins)", pulse.failure(2, "-s", "--plugins-dir", home.resolve("none").toString(), "-H", ":8080"));
    }

    @Test
    void invalidValuesExitTwoWithOneLine() {
        pulse.env.put("PULSE_POLL_INTERVAL", "-5");
        assertEquals("poll-interval: must not be negative, got -5 (from environment variable PULSE_POLL_INTERVAL)",
            pulse.failure(2, "-s"));
    }

    @Test
    void anUnparsableFileExitsTwoEvenWithoutServer() throws IOException {
        Path file = Files.writeString(home.resolve("pulse.yaml"), "token: [\n");
        String message = pulse.failure(2, "-c", file.toString());
        assertTrue(message.startsWith("config-file " + file + ": cannot parse it: "), message);
    }

    @Test
    void anUnknownKeyInTheFileExitsTwo() throws IOException {
        Path file = Files.writeString(home.resolve("pulse.yaml"), "server: true\nlist-store:\n  evnts-file: x\n");
        String message = pulse.failure(2, serverArgs("-c", file.toString()));
        assertEquals("config-file " + file + ": unknown key 'list-store.evnts-file' (did you mean 'events-file'?):"
            + " it accepts events-file", message);
    }

    @Test
    void anUnknownStorageExitsTwoListingWhatIsAvailable() throws IOException {
        Path plugins = pluginsWithStack();
        String message = pulse.failure(2, "-s", "--plugins-dir", plugins.toString(), "--storage", "cassandra");
        assertEquals("storage 'cassandra' not found; it was selected because --storage is set (command line)."
            + " Available storage plugins: list-store (" + plugins.resolve("test-stack") + "). Plugins are linked"
            + " into the image or installed as " + plugins.resolve("<name>") + "/*.jar", message);
    }

    @Test
    void withNoStoragePluginNothingIsSelected() {
        assertEquals("no storage plugin is selected: none of the installed ones (none) is a default; choose one with"
            + " --storage", pulse.failure(2, "-s", "--plugins-dir", home.resolve("none").toString()));
    }

    @Test
    void aBrokenPluginFolderExitsOne() throws IOException {
        Path plugins = pluginsWithStack();
        PluginJars.jarOf(PluginJars.spiLocation(), plugins.resolve("test-stack").resolve("pulse-spi-0.1.0.jar"));
        assertEquals("remove pulse-spi-0.1.0.jar from " + plugins.resolve("test-stack")
            + ": the SPI is provided by the server", pulse.failure(1, "-s", "--plugins-dir", plugins.toString()));
    }

    @Test
    void aPortInUseExitsOne() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            String message = pulse.failure(1, serverArgs("-S", "127.0.0.1:" + taken.getLocalPort()));
            assertTrue(message.startsWith("server-listen-address: cannot listen for relays at 127.0.0.1:"
                + taken.getLocalPort()), message);
        }
    }

    @Test
    void aPluginThatFailsToStartExitsOneAndWhatStartedIsStopped() throws IOException {
        Path events = home.resolve("events.log");
        pulse.env.put("PULSE_LIST_STORE_EVENTS_FILE", events.toString());
        pulse.env.put("PULSE_PROBE_EVENTS_FILE", events.toString());
        pulse.env.put("PULSE_PROBE_FAIL_START", "true");

        assertEquals("front-end 'probe' failed to start: probe refused to start", pulse.failure(1, serverArgs()));
        List<String> lines = Files.readAllLines(events);
        assertEquals(List.of("create list-store true", "create probe", "start list-store",
            "start probe relays=0 alerts=false", "close probe", "close list-store"), lines);
    }

    @Test
    void startsWithFolderPluginsFeedsThemFromARelayAndStopsInReverse() throws Exception {
        Path events = home.resolve("events.log");
        Path file = Files.writeString(home.resolve("pulse.yaml"), """
            list-store:
              events-file: %1$s
            memo-alerts:
              events-file: %1$s
            echo-pub:
              events-file: %1$s
            probe:
              events-file: %1$s
            """.formatted(events));
        pulse.env.put("PULSE_SERVER", "true");
        pulse.env.put("PULSE_UNRELATED_THING", "1");

        Launcher.Outcome outcome = pulse.launch("-c", file.toString(), "--plugins-dir", pluginsWithStack().toString(),
            "--data-dir", home.resolve("data").toString(), "-S", "127.0.0.1:0", "--storage", "list-store",
            "--alerts", "memo-alerts", "--publishers", "echo-pub", "--front-ends", "probe");

        assertInstanceOf(Launcher.Running.class, outcome, pulse.err());
        try (RawRelay relay = RawRelay.identified(pulse.running().server().relayAddress(), "web1")) {
            relay.send("add ram_used:\n");
            relay.expect("get ram_used");
            relay.send("got ram_used-ram_used:0.5\n");
            Await.until("the sample in the folder plugin's storage", WAIT,
                () -> pulse.healthOf("list-store").equals(Health.up("1 samples")));
            Await.until("the probe's live subscription", WAIT,
                () -> pulse.healthOf("probe").detail().equals("batches=1"));
            relay.send("got ram_used-ram_used:0.75\n");
            Await.until("the second batch published", WAIT,
                () -> pulse.healthOf("probe").detail().equals("batches=2"));
        }
        Await.until("both samples stored", WAIT, () -> pulse.healthOf("list-store").equals(Health.up("2 samples")));
        assertTrue(Files.isDirectory(home.resolve("data").resolve("list-store")));

        pulse.running().server().stop();

        assertEquals(List.of("create list-store true", "create memo-alerts", "create echo-pub", "create probe",
            "start list-store", "start memo-alerts", "start echo-pub", "start probe relays=0 alerts=true",
            "close probe", "close echo-pub", "close memo-alerts", "close list-store"), Files.readAllLines(events),
            "no 'wrong context class loader' either");
        String log = pulse.err();
        assertTrue(log.contains("INFO  [Launcher] found storage 'list-store' from module test.stack ("
            + home.resolve("plugins").resolve("test-stack") + ")"), log);
        assertTrue(log.contains("INFO  [Launcher] selected storage 'list-store' because --storage is set (command line)"), log);
        assertTrue(log.contains("WARN  [Launcher] ignoring environment variables that match no option: PULSE_UNRELATED_THING"),
            log);
        assertTrue(log.contains("INFO  [PulseServer] front-end 'probe' started"), log);
    }

    @Test
    void theInstalledConfigFileAndDirectoriesComeFromPulseHome() throws IOException {
        pulse.pulseHome = Optional.of(home);
        Files.createDirectories(home.resolve("etc"));
        Files.writeString(home.resolve("etc").resolve("pulse.yaml"), "server: true\nstorage: list-store\n"
            + "front-ends: probe\nserver-listen-address: 127.0.0.1:0\n");
        Files.createDirectories(home.resolve("plugins").resolve("test-stack"));
        Files.copy(stackJar, home.resolve("plugins").resolve("test-stack").resolve("stack.jar"));

        Launcher.Outcome outcome = pulse.launch();

        assertInstanceOf(Launcher.Running.class, outcome, pulse.err());
        assertTrue(Files.isDirectory(home.resolve("data").resolve("list-store")), "--data-dir defaults to ${pulse.home}/data");
        assertEquals(List.of("storage", "front-end"),
            pulse.running().server().health().stream().map(ComponentHealth::kind).toList());
    }
}
