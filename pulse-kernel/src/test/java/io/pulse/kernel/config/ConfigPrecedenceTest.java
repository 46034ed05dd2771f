package io.pulse.kernel.config;

import io.pulse.kernel.cli.CommandLineParser;
import io.pulse.spi.ConfigException;
import io.pulse.spi.option.HostPort;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.pulse.kernel.config.TestConfig.API;
import static io.pulse.kernel.config.TestConfig.BATCH_SIZE;
import static io.pulse.kernel.config.TestConfig.DATABASE;
import static io.pulse.kernel.config.TestConfig.HTTP_LISTEN_ADDRESS;
import static io.pulse.kernel.config.TestConfig.INFLUX;
import static io.pulse.kernel.config.TestConfig.INFLUX_ADDRESS;
import static io.pulse.kernel.config.TestConfig.TOKEN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Precedence flag &gt; environment &gt; file &gt; default, for JSON and YAML files, for the kernel's options and for
 * plugin options under every name they go by (canonical key, flag alias, section key, environment names).
 */
class ConfigPrecedenceTest {

    @TempDir
    Path dir;

    private Path yaml(String text) throws IOException {
        return Files.writeString(dir.resolve("pulse.yaml"), text);
    }

    private static TestConfig resolve(List<String> args, Map<String, String> env, Path file) {
        return TestConfig.resolve(TestConfig.withPlugins(), args, env, Optional.ofNullable(file));
    }

    @Test
    void eachLayerOverridesTheOnesBelow() throws IOException {
        Path file = yaml("poll-interval: 40\nbeat-interval: 41\naggregate-interval: 42\n");
        Map<String, String> env = Map.of("PULSE_POLL_INTERVAL", "20", "PULSE_BEAT_INTERVAL", "21");

        TestConfig resolved = resolve(List.of("-p", "10"), env, file);
        KernelSettings settings = resolved.settings();
        ResolvedConfig config = resolved.config();

        assertEquals(Duration.ofSeconds(10), settings.pollInterval(), "flag beats env and file");
        assertEquals(Duration.ofSeconds(21), settings.beatInterval(), "env beats file");
        assertEquals(Duration.ofMinutes(42), settings.aggregateInterval(), "file beats default");
        assertEquals(Duration.ofDays(7), settings.retention(), "default");
        assertEquals("command line", config.origin("poll-interval"));
        assertEquals("environment variable PULSE_BEAT_INTERVAL", config.origin("beat-interval"));
        assertEquals("config file " + file, config.origin("aggregate-interval"));
        assertEquals("default", config.origin("retention"));
        assertFalse(config.isSet("retention"), "defaults are not values someone set");
    }

    @Test
    void pluginOptionsFollowTheSamePrecedenceUnderEveryName() throws IOException {
        Path file = yaml("influx-address: http://file:8086\ninfluxdb:\n  batch-size: 500\n  database: stats\n");
        Map<String, String> env = Map.of("PULSE_INFLUX_ADDRESS", "http://env:8086", "PULSE_INFLUXDB_BATCH_SIZE", "700");

        TestConfig fromEnv = resolve(List.of(), env, file);
        assertEquals(URI.create("http://env:8086"), fromEnv.value(INFLUX, INFLUX_ADDRESS), "env beats file");
        assertEquals(700, fromEnv.value(INFLUX, BATCH_SIZE), "env beats the file's section");
        assertEquals("stats", fromEnv.value(INFLUX, DATABASE), "the file's section beats the default");
        assertEquals("environment variable PULSE_INFLUXDB_BATCH_SIZE", fromEnv.config().origin("influxdb.batch-size"));
        assertEquals("config file " + file, fromEnv.config().origin("influxdb.database"));

        TestConfig fromFlags = resolve(List.of("-i", "http://flag:8086", "--influxdb.batch-size=900"), env, file);
        assertEquals(URI.create("http://flag:8086"), fromFlags.value(INFLUX, INFLUX_ADDRESS), "flag beats env");
        assertEquals(900, fromFlags.value(INFLUX, BATCH_SIZE), "--<id>.<key> beats env");
        assertEquals("command line", fromFlags.config().origin("influxdb.address"));

        assertEquals(5000, resolve(List.of(), Map.of(), null).value(INFLUX, BATCH_SIZE), "default");
    }

    @Test
    void aPluginOptionAnswersToItsKeyItsFlagAliasAndItsEnvironmentNames() throws IOException {
        URI expected = URI.create("http://db:8086");
        List<TestConfig> ways = List.of(
            resolve(List.of("-i", "http://db:8086"), Map.of(), null),
            resolve(List.of("--influx-address=http://db:8086"), Map.of(), null),
            resolve(List.of("--influxdb.address", "http://db:8086"), Map.of(), null),
            resolve(List.of(), Map.of("PULSE_INFLUX_ADDRESS", "http://db:8086"), null),
            resolve(List.of(), Map.of("PULSE_INFLUXDB_ADDRESS", "http://db:8086"), null),
            resolve(List.of(), Map.of("INFLUX_URL", "http://db:8086"), null),
            resolve(List.of(), Map.of(), yaml("influx-address: http://db:8086\n")),
            resolve(List.of(), Map.of(), yaml("influxdb:\n  address: http://db:8086\n")));
        for (TestConfig way : ways) {
            assertEquals(expected, way.value(INFLUX, INFLUX_ADDRESS), way.config().origin("influxdb.address"));
            assertTrue(way.options().of(INFLUX).isSet(INFLUX_ADDRESS));
        }
        assertEquals("environment variable INFLUX_URL", ways.get(5).config().origin("influxdb.address"));
    }

    @Test
    void theOriginalDefaults() {
        KernelSettings s = TestConfig.flags().settings();
        assertEquals(Duration.ofMinutes(15), s.aggregateInterval());
        assertEquals(Duration.ofSeconds(30), s.beatInterval());
        assertEquals(LogLevel.INFO, s.logLevel());
        assertEquals(Duration.ofSeconds(60), s.pollInterval());
        assertEquals(Duration.ofDays(7), s.retention());
        assertFalse(s.server());
        assertEquals(new HostPort("127.0.0.1", 3000), s.serverListenAddress());
        assertEquals(Duration.ofHours(8), s.rawRetention());
        assertEquals(65536, s.maxLineLength());
        assertEquals(Path.of("./data"), s.dataDir());
        assertEquals(Path.of("./plugins"), s.pluginsDir());
        assertEquals(Optional.empty(), s.configFile());
        assertEquals(Optional.empty(), s.storage(), "no id in the kernel: the plugins' selections decide");
        assertEquals(Optional.empty(), s.alerts());
        assertEquals(Optional.empty(), s.publishers());
        assertEquals(Optional.empty(), s.frontEnds());
    }

    @Test
    void theDirectoryDefaultsFollowPulseHome() {
        KernelOptions installed = KernelOptions.forHome(Optional.of(Path.of("/opt/pulse")));
        assertEquals(Path.of("/opt/pulse/data"), installed.defaultDataDir());
        assertEquals(Path.of("/opt/pulse/plugins"), installed.defaultPluginsDir());
        KernelSettings settings = KernelSettings.from(installed, TestConfig.flags().options().of(OptionOwner.KERNEL),
            TestConfig.flags().config());
        assertEquals(Path.of("/opt/pulse/data"), settings.dataDir());
        assertEquals(Path.of("/opt/pulse/plugins"), settings.pluginsDir());
        assertEquals(Path.of("/srv/data"), KernelSettings.from(installed,
            TestConfig.flags("--data-dir", "/srv/data").options().of(OptionOwner.KERNEL),
            TestConfig.flags().config()).dataDir(), "a set value beats the installation's");
    }

    @Test
    void intervalsTakeTheOriginalsPlainNumbersOrDurations() {
        assertEquals(Duration.ofSeconds(90), TestConfig.settings("-p", "90s").pollInterval());
        assertEquals(Duration.ofSeconds(90), TestConfig.settings("-p", "1m30s").pollInterval());
        assertEquals(Duration.ofSeconds(60), TestConfig.settings("-p", "0").pollInterval(), "0 means 60, as in the original");
        assertEquals(Duration.ofMinutes(5), TestConfig.settings("-a", "5").aggregateInterval());
        assertEquals(Duration.ofSeconds(90), TestConfig.settings("-a", "90s").aggregateInterval());
        assertEquals(Duration.ofDays(14), TestConfig.settings("-r", "2").retention());
        assertEquals(Duration.ofDays(3), TestConfig.settings("-r", "3d").retention());
        assertEquals(Duration.ofHours(24), TestConfig.settings("--raw-retention", "24").rawRetention());
        assertEquals(Duration.ofMinutes(90), TestConfig.settings("--raw-retention", "90m").rawRetention());
        assertEquals(Duration.ofSeconds(4), TestConfig.settings("-b", "4").beatInterval());
    }

    @Test
    void yamlAndJsonFilesAreEquivalent() throws IOException {
        Path yaml = yaml("""
            server: true
            poll-interval: 30s
            token: from-file
            publishers: [mist, acme]
            influxdb:
              batch-size: 500
            """);
        Path json = Files.writeString(dir.resolve("pulse.json"), """
            {
            \t"server": true,
            \t"poll-interval": "30s",
            \t"token": "from-file",
            \t"publishers": ["mist", "acme"],
            \t"influxdb": {"batch-size": 500}
            }
            """);
        for (Path file : List.of(yaml, json)) {
            TestConfig resolved = resolve(List.of(), Map.of(), file);
            KernelSettings settings = resolved.settings();
            assertTrue(settings.server(), file.toString());
            assertEquals(Duration.ofSeconds(30), settings.pollInterval(), file.toString());
            assertEquals(Optional.of(List.of("mist", "acme")), settings.publishers(), file.toString());
            assertEquals("from-file", resolved.value(API, TOKEN), "a plugin's flag alias as a top-level key");
            assertEquals(500, resolved.value(INFLUX, BATCH_SIZE), "a plugin's section");
        }
    }

    @Test
    void environmentNamesAreTheDeclaredOnesWithDashesAndDotsAsUnderscores() {
        Map<String, String> env = Map.of(
            "PULSE_HTTP_LISTEN_ADDRESS", "127.0.0.1:9090",
            "PULSE_INFLUXDB_BATCH_SIZE", "9",
            "PULSE_NO_SUCH_THING", "1",
            "PULSE_HOME", "/opt/pulse",
            "HOME", "/root",
            "PATH", "/usr/bin");

        TestConfig resolved = resolve(List.of(), env, null);

        assertEquals(new HostPort("127.0.0.1", 9090), resolved.value(API, HTTP_LISTEN_ADDRESS));
        assertEquals(9, resolved.value(INFLUX, BATCH_SIZE));
        assertEquals(List.of("PULSE_NO_SUCH_THING"), resolved.config().unknownEnvironmentVariables(),
            "PULSE_HOME is the installation directory, not a setting; non-PULSE variables are not looked at");
    }

    @Test
    void twoVariablesForOneOptionAreRefused() {
        ConfigException e = assertThrows(ConfigException.class, () -> resolve(List.of(),
            Map.of("PULSE_INFLUX_ADDRESS", "http://a:8086", "INFLUX_URL", "http://b:8086"), null));
        assertEquals("INFLUX_URL and PULSE_INFLUX_ADDRESS both set influx-address: keep one of them", e.getMessage());
    }

    @Test
    void pluginKeysAreUnknownUntilThePluginIsLoaded() {
        Map<String, String> env = Map.of("PULSE_INFLUXDB_BATCH_SIZE", "700");
        assertEquals(List.of("PULSE_INFLUXDB_BATCH_SIZE"), TestConfig.resolve(TestConfig.kernelOnly(), List.of(), env,
            Optional.empty()).config().unknownEnvironmentVariables());
        assertEquals(List.of(), resolve(List.of(), env, null).config().unknownEnvironmentVariables());
    }

    @Test
    void beforeThePluginsAreLoadedOnlyTheKernelsFileKeysAreRead() throws IOException {
        // The launcher's first pass: where the plugins are and the log level, while the other keys cannot be told
        // from typos yet.
        Path file = yaml("poll-interval: 40\nplugins-dir: /srv/plugins\ninflux-address: http://db:8086\n"
            + "influxdb:\n  batch-size: 5\nbogus: 1\n");
        OptionRegistry kernel = TestConfig.kernelOnly();
        ConfigSources sources = new ConfigSources(CommandLineParser.lenient(kernel).parse("--unknown", "x", "-p", "20"),
            EnvironmentSettings.of(Map.of()), Optional.of(ConfigFile.load(file)));

        ResolvedConfig early = sources.resolve(kernel, false);

        assertEquals(Map.of("poll-interval", "20", "plugins-dir", "/srv/plugins"), early.values());
        assertThrows(ConfigException.class, () -> sources.resolve(kernel, true), "the full pass checks every key");
    }

    @Test
    void pluginIdListsDropDuplicatesAndAnEmptyListMeansNone() {
        KernelSettings chosen = TestConfig.settings("--alerts", "builtin", "--publishers", "acme, mist ,acme",
            "--front-ends", "http,grpc", "--storage", "acme");
        assertEquals(Optional.of("acme"), chosen.storage());
        assertEquals(Optional.of("builtin"), chosen.alerts());
        assertEquals(Optional.of(List.of("acme", "mist")), chosen.publishers());
        assertEquals(Optional.of(List.of("http", "grpc")), chosen.frontEnds());

        assertEquals(Optional.of(List.of()), TestConfig.settings("--publishers=").publishers(),
            "an explicitly empty list turns the plugins' own selection off");
        assertEquals(Optional.of(List.of()), TestConfig.settings("--front-ends=").frontEnds());
    }

    @Test
    void eachOwnerGetsItsOwnOptionsOnly() {
        TestConfig resolved = TestConfig.flags("-t", "abcdefgh", "-i", "http://db:8086");

        assertEquals(List.of("listen-address", "token", "insecure", "cors-allow"),
            resolved.options().of(API).options().stream().map(o -> o.key()).toList());
        assertThrows(IllegalArgumentException.class, () -> resolved.options().of(API).get(INFLUX_ADDRESS),
            "a front end cannot read the storage's options");
        assertThrows(IllegalArgumentException.class, () -> resolved.options().of(OptionOwner.KERNEL).get(TOKEN),
            "the kernel does not hold plugin values");
    }

    @Test
    void listenAddressesIncludeIpv6AndTheWildcard() {
        assertEquals(new HostPort("::1", 3000), TestConfig.settings("-S", "[::1]:3000").serverListenAddress());
        assertEquals(new HostPort("", 3000), TestConfig.settings("-S", ":3000").serverListenAddress());
        assertEquals(new HostPort("localhost", 0), TestConfig.settings("-S", "localhost:0").serverListenAddress());
        assertEquals("[::1]:3000", new HostPort("::1", 3000).toString());
    }

    @Test
    void logLevelsAcceptTheOriginalNamesInAnyCase() {
        assertEquals(LogLevel.DEBUG, TestConfig.settings("-l", "DEBUG").logLevel());
        assertEquals(LogLevel.FATAL, TestConfig.settings("-l", "fatal").logLevel());
        assertEquals(LogLevel.WARN, TestConfig.settings("-l", "warn").logLevel());
        assertEquals(LogLevel.TRACE, TestConfig.settings("-l", "trace").logLevel());
    }
}
