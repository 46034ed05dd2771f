package io.pulse.kernel.config;

import io.pulse.spi.ConfigView;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Precedence flag &gt; environment &gt; file &gt; default, for JSON and YAML files and plugin sections. */
class ConfigPrecedenceTest {

    @TempDir
    Path dir;

    private Path yaml(String text) throws IOException {
        return Files.writeString(dir.resolve("pulse.yaml"), text);
    }

    private static ResolvedConfig resolve(List<String> args, Map<String, String> env, Path file, String... extraKeys) {
        return TestConfig.resolve(args, env, Optional.ofNullable(file), List.of(extraKeys));
    }

    @Test
    void eachLayerOverridesTheOnesBelow() throws IOException {
        Path file = yaml("poll-interval: 40\nbeat-interval: 41\naggregate-interval: 42\n");
        Map<String, String> env = Map.of("PULSE_POLL_INTERVAL", "20", "PULSE_BEAT_INTERVAL", "21");

        ResolvedConfig config = resolve(List.of("-p", "10"), env, file);
        PulseSettings settings = SettingsParser.parse(config);

        assertEquals(Duration.ofSeconds(10), settings.pollInterval(), "flag beats env and file");
        assertEquals(Duration.ofSeconds(21), settings.beatInterval(), "env beats file");
        assertEquals(Duration.ofMinutes(42), settings.aggregateInterval(), "file beats default");
        assertEquals(Duration.ofDays(7), settings.retention(), "default");
        assertEquals("command line", config.origin("poll-interval"));
        assertEquals("environment variable PULSE_BEAT_INTERVAL", config.origin("beat-interval"));
        assertEquals("config file " + file, config.origin("aggregate-interval"));
        assertEquals("default", config.origin("retention"));
    }

    @Test
    void theOriginalDefaults() {
        PulseSettings s = TestConfig.settings();
        assertEquals(Duration.ofMinutes(15), s.aggregateInterval());
        assertEquals(Duration.ofSeconds(30), s.beatInterval());
        assertEquals("*", s.corsAllow());
        assertEquals(new ListenAddress("127.0.0.1", 8080), s.httpListenAddress());
        assertEquals("http://127.0.0.1:8086", s.influxAddress());
        assertTrue(s.insecure());
        assertEquals("", s.kapacitorAddress());
        assertEquals(LogLevel.INFO, s.logLevel());
        assertEquals(Duration.ofSeconds(60), s.pollInterval());
        assertEquals(Duration.ofDays(7), s.retention());
        assertFalse(s.server());
        assertEquals(new ListenAddress("127.0.0.1", 3000), s.serverListenAddress());
        assertEquals("secret", s.token());
        assertEquals(Duration.ofHours(8), s.rawRetention());
        assertEquals(65536, s.maxLineLength());
        assertEquals(Path.of("./data"), s.dataDir());
        assertEquals(Path.of("./plugins"), s.pluginsDir());
        assertEquals(Optional.empty(), s.tlsCert());
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
              buffer:
                max-size: 10
            """);
        Path json = Files.writeString(dir.resolve("pulse.json"), """
            {
            \t"server": true,
            \t"poll-interval": "30s",
            \t"token": "from-file",
            \t"publishers": ["mist", "acme"],
            \t"influxdb": {"batch-size": 500, "buffer": {"max-size": 10}}
            }
            """);
        for (Path file : List.of(yaml, json)) {
            ResolvedConfig config = resolve(List.of(), Map.of(), file, "influxdb.batch-size", "influxdb.buffer.max-size");
            PulseSettings settings = SettingsParser.parse(config);
            assertTrue(settings.server(), file.toString());
            assertEquals(Duration.ofSeconds(30), settings.pollInterval(), file.toString());
            assertEquals("from-file", settings.token());
            assertEquals(List.of("mist", "acme"), settings.publishers().stream().map(PluginChoice::id).toList());
            ConfigView influx = config.section("influxdb");
            assertEquals("influxdb", influx.path());
            assertEquals(Map.of("batch-size", "500", "buffer.max-size", "10"), influx.asMap(), file.toString());
            assertEquals(500, influx.getInt("batch-size", 0, 1, 100_000));
        }
    }

    @Test
    void pluginSectionsFollowTheSamePrecedence() throws IOException {
        Path file = yaml("influxdb:\n  batch-size: 500\n  database: stats\n");
        Map<String, String> env = Map.of("PULSE_INFLUXDB_BATCH_SIZE", "700");

        ResolvedConfig config = resolve(List.of(), env, file, "influxdb.batch-size", "influxdb.database");

        assertEquals(Map.of("batch-size", "700", "database", "stats"), config.section("influxdb").asMap());
        assertEquals("environment variable PULSE_INFLUXDB_BATCH_SIZE", config.origin("influxdb.batch-size"));
    }

    @Test
    void environmentNamesMatchKnownKeysWithDashesAndDotsAsUnderscores() {
        Map<String, String> env = Map.of(
            "PULSE_HTTP_LISTEN_ADDRESS", "127.0.0.1:9090",
            "PULSE_ACME_STORE_BUFFER_MAX_SIZE", "9",
            "PULSE_NO_SUCH_THING", "1",
            "PULSE_HOME", "/opt/pulse",
            "HOME", "/root",
            "PATH", "/usr/bin");

        ResolvedConfig config = resolve(List.of(), env, null, "acme-store.buffer.max-size");

        assertEquals("127.0.0.1:9090", config.get("http-listen-address").orElseThrow());
        assertEquals("9", config.section("acme-store").get("buffer.max-size").orElseThrow());
        assertEquals(List.of("PULSE_NO_SUCH_THING"), config.unknownEnvironmentVariables(),
            "PULSE_HOME is the installation directory, not a setting; non-PULSE variables are not looked at");
    }

    @Test
    void pluginKeysAreUnknownUntilThePluginIsDiscovered() {
        Map<String, String> env = Map.of("PULSE_INFLUXDB_BATCH_SIZE", "700");
        assertEquals(List.of("PULSE_INFLUXDB_BATCH_SIZE"), resolve(List.of(), env, null).unknownEnvironmentVariables());
        assertEquals(List.of(), resolve(List.of(), env, null, "influxdb.batch-size").unknownEnvironmentVariables());
    }

    @Test
    void storageIsInfluxdbWhenTheInfluxAddressIsSetExplicitlyFromAnySource() throws IOException {
        assertEquals("memory", TestConfig.settings().storage().id());
        assertEquals("influxdb", TestConfig.settings("-i", "http://db:8086").storage().id());
        assertEquals("influxdb", TestConfig.settings("-i", "http://127.0.0.1:8086").storage().id(),
            "explicit, even when equal to the default");
        assertEquals("influxdb", SettingsParser.parse(resolve(List.of(),
            Map.of("PULSE_INFLUX_ADDRESS", "http://db:8086"), null)).storage().id());
        assertEquals("influxdb", SettingsParser.parse(resolve(List.of(), Map.of(),
            yaml("influx-address: http://db:8086\n"))).storage().id());
        PluginChoice chosen = TestConfig.settings("--storage", "acme", "-i", "http://db:8086").storage();
        assertEquals("acme", chosen.id(), "--storage wins");
        assertEquals("--storage is set (command line)", chosen.reason());
    }

    @Test
    void alertsPublishersAndFrontEndsFollowTheirAddresses() {
        PulseSettings none = TestConfig.settings();
        assertEquals(Optional.empty(), none.alerts());
        assertEquals(List.of(), none.publishers());
        assertEquals(List.of("http"), none.frontEnds().stream().map(PluginChoice::id).toList());

        PulseSettings addressed = TestConfig.settings("-k", "http://127.0.0.1:9092", "-m", "127.0.0.1:1445");
        assertEquals("kapacitor", addressed.alerts().orElseThrow().id());
        assertEquals(List.of("mist"), addressed.publishers().stream().map(PluginChoice::id).toList());

        PulseSettings chosen = TestConfig.settings("-k", "http://127.0.0.1:9092", "--alerts", "builtin",
            "-m", "127.0.0.1:1445", "--publishers", "acme, mist ,acme", "--front-ends", "http,grpc");
        assertEquals("builtin", chosen.alerts().orElseThrow().id());
        assertEquals(List.of("acme", "mist"), chosen.publishers().stream().map(PluginChoice::id).toList());
        assertEquals(List.of("http", "grpc"), chosen.frontEnds().stream().map(PluginChoice::id).toList());

        assertEquals(List.of(), TestConfig.settings("-m", "127.0.0.1:1445", "--publishers=").publishers(),
            "an explicitly empty list turns the mist default off");
        assertEquals(List.of(), TestConfig.settings("--front-ends=").frontEnds());
    }

    @Test
    void theTopLevelViewHoldsEveryFlagSetting() {
        ResolvedConfig config = TestConfig.flags("-t", "abc");
        ConfigView top = config.topLevel(List.of("token", "http-listen-address", "kapacitor-address"));
        assertEquals(Map.of("token", "abc", "http-listen-address", "127.0.0.1:8080"), top.asMap());
        assertEquals("", top.path());
    }

    @Test
    void listenAddressesIncludeIpv6AndTheWildcard() {
        assertEquals(new ListenAddress("::1", 3000), TestConfig.settings("-S", "[::1]:3000").serverListenAddress());
        assertEquals(new ListenAddress("", 3000), TestConfig.settings("-S", ":3000").serverListenAddress());
        assertEquals(new ListenAddress("localhost", 0), TestConfig.settings("-S", "localhost:0").serverListenAddress());
        assertEquals("[::1]:3000", new ListenAddress("::1", 3000).toString());
    }

    @Test
    void logLevelsAcceptTheOriginalNamesInAnyCase() {
        assertEquals(LogLevel.DEBUG, TestConfig.settings("-l", "DEBUG").logLevel());
        assertEquals(LogLevel.FATAL, TestConfig.settings("-l", "fatal").logLevel());
        assertEquals(LogLevel.WARN, TestConfig.settings("-l", "warn").logLevel());
        assertEquals(LogLevel.TRACE, TestConfig.settings("-l", "trace").logLevel());
    }
}
