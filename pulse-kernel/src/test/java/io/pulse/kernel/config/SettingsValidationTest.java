package io.pulse.kernel.config;

import io.pulse.kernel.cli.Flags;
import io.pulse.spi.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Every invalid value stops with one message naming the key, what is accepted, what was given, and from where. */
class SettingsValidationTest {

    @TempDir
    Path dir;

    private static String error(String... args) {
        return assertThrows(ConfigException.class, () -> TestConfig.settings(args)).getMessage();
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', value = {
        "-p|-5|poll-interval: must not be negative, got -5 (from command line)",
        "-p|soon|poll-interval: expected a whole number of seconds or a duration like 90s, got 'soon' (from command line)",
        "-p|500ms|poll-interval: must be at least 1 second (or 0 for the default 60), got 500ms (from command line)",
        "-p|-1m|poll-interval: must not be negative, got '-1m' (from command line)",
        "-a|0|aggregate-interval: must be at least 1 second, got 0s (from command line)",
        "-a|1.5|aggregate-interval: expected a whole number of minutes or a duration like 30m, got '1.5' (from command line)",
        "-b|1|beat-interval: must be at least 2 seconds, got 1s (from command line)",
        "-b|2500ms|beat-interval: must be a whole number of seconds, got 2s500ms (from command line)",
        "-r|0|retention: must be at least 1 second, got 0s (from command line)",
        "-r|99999999999999999999|retention: '99999999999999999999' is too large (from command line)",
        "--raw-retention|x|raw-retention: expected a whole number of hours or a duration like 90m, got 'x' (from command line)",
        "--max-line-length|10|max-line-length: expected a whole number from 1024 to 67108864, got 10 (from command line)",
        "--max-line-length|big|max-line-length: expected a whole number from 1024 to 67108864, got 'big' (from command line)",
        "-H|localhost|http-listen-address: expected host:port (e.g. 127.0.0.1:3000, [::1]:3000 or :3000), got 'localhost' (from command line)",
        "-S|127.0.0.1:99999|server-listen-address: expected host:port (e.g. 127.0.0.1:3000, [::1]:3000 or :3000), got '127.0.0.1:99999' (from command line)",
        "-S|::1:3000|server-listen-address: expected host:port (e.g. 127.0.0.1:3000, [::1]:3000 or :3000), got '::1:3000' (from command line)",
        "-i|ftp://db|influx-address: expected an http:// or https:// URL such as http://127.0.0.1:8086, got 'ftp://db' (from command line)",
        "-k|127.0.0.1:9092|kapacitor-address: expected an http:// or https:// URL such as http://127.0.0.1:8086, got '127.0.0.1:9092' (from command line)",
        "-m|mist|mist-address: expected host:port such as 127.0.0.1:1445, got 'mist' (from command line)",
        "-l|loud|log-level: expected trace, debug, info, warn, error or fatal, got 'loud' (from command line)",
        "--storage|Influx DB|storage: 'Influx DB' is not a plugin id (lower-case letters, digits and '-') (from command line)",
        "--publishers|mist,Acme|publishers: 'Acme' is not a plugin id (lower-case letters, digits and '-') (from command line)",
        "--data-dir|'  '|data-dir: must not be empty (from command line)",
    })
    void invalidFlagValues(String flag, String value, String message) {
        assertEquals(message, error(flag, value));
    }

    @Test
    void invalidBooleansFromTheEnvironmentNameTheVariable() {
        ConfigException e = assertThrows(ConfigException.class, () -> SettingsParser.parse(
            TestConfig.resolve(List.of(), Map.of("PULSE_INSECURE", "yes"), Optional.empty(), List.of())));
        assertEquals("insecure: expected true or false, got 'yes' (from environment variable PULSE_INSECURE)",
            e.getMessage());
    }

    @Test
    void invalidValuesFromTheFileNameTheFile() throws IOException {
        Path file = Files.writeString(dir.resolve("pulse.yml"), "beat-interval: 1\n");
        ConfigException e = assertThrows(ConfigException.class, () -> SettingsParser.parse(
            TestConfig.resolve(List.of(), Map.of(), Optional.of(file), List.of())));
        assertEquals("beat-interval: must be at least 2 seconds, got 1s (from config file " + file + ")", e.getMessage());
    }

    @Test
    void tlsNeedsBothFilesAndTheyMustBeReadable() throws IOException {
        Path cert = Files.writeString(dir.resolve("cert.pem"), "x");
        Path key = Files.writeString(dir.resolve("key.pem"), "x");
        assertEquals("tls-key: must be set together with --tls-cert", error("--tls-cert", cert.toString()));
        assertEquals("tls-cert: must be set together with --tls-key", error("--tls-key", key.toString()));
        assertEquals("tls-cert: cannot read the file " + dir.resolve("none.pem") + " (from command line)",
            error("--tls-cert", dir.resolve("none.pem").toString(), "--tls-key", key.toString()));
        assertEquals(Optional.of(cert), TestConfig.settings("--tls-cert", cert.toString(), "--tls-key", key.toString()).tlsCert());
    }

    @Test
    void configFilesThatCannotBeUsedAreNamed() throws IOException {
        Path toml = Files.writeString(dir.resolve("pulse.toml"), "a = 1");
        assertEquals("config-file " + toml + ": expected a .json, .yaml or .yml file",
            assertThrows(ConfigException.class, () -> ConfigFile.load(toml)).getMessage());

        Path missing = dir.resolve("missing.yaml");
        assertEquals("config-file " + missing + ": no such file",
            assertThrows(ConfigException.class, () -> ConfigFile.load(missing)).getMessage());

        Path badYaml = Files.writeString(dir.resolve("bad.yaml"), "poll-interval: 3\ntoken: a: b\n");
        assertEquals("config-file " + badYaml + ": cannot parse it: mapping values are not allowed here (line 2, column 9)",
            assertThrows(ConfigException.class, () -> ConfigFile.load(badYaml)).getMessage());

        Path badJson = Files.writeString(dir.resolve("bad.json"), "{\"poll-interval\": 3,,}");
        assertEquals("config-file " + badJson + ": cannot parse it: expected the node content, but found ',' (line 1, column 21)",
            assertThrows(ConfigException.class, () -> ConfigFile.load(badJson)).getMessage());

        Path arrayJson = Files.writeString(dir.resolve("array.json"), "[1, 2]");
        assertEquals("config-file " + arrayJson + ": expected a JSON object ({...}) at the top level",
            assertThrows(ConfigException.class, () -> ConfigFile.load(arrayJson)).getMessage());

        Path listYaml = Files.writeString(dir.resolve("list.yaml"), "- 1\n- 2\n");
        assertEquals("config-file " + listYaml + ": cannot parse it: expected a mapping of keys to values at the top level",
            assertThrows(ConfigException.class, () -> ConfigFile.load(listYaml)).getMessage());

        Path nested = Files.writeString(dir.resolve("nested.yaml"), "publishers:\n  - id: mist\n");
        assertEquals("config-file " + nested + ": publishers: expected a list of values, found a nested section or list",
            assertThrows(ConfigException.class, () -> ConfigFile.load(nested)).getMessage());
    }

    @Test
    void anEmptyFileIsAnEmptyConfiguration() throws IOException {
        Path empty = Files.writeString(dir.resolve("empty.yaml"), "");
        assertEquals(Map.of(), ConfigFile.load(empty).values());
    }

    @Test
    void unknownKeysInTheFileAreRefused() throws IOException {
        Flags flags = Flags.forHome(Optional.empty());
        Map<String, Set<String>> sections = Map.of("influxdb", Set.of("batch-size", "database"), "memory", Set.of());

        assertEquals("unknown key 'pol-interval' (did you mean 'poll-interval'?): top-level keys are flag long names"
            + " (see --help) or plugin ids (influxdb, memory)", message(flags, sections, "pol-interval: 3\n"));
        assertEquals("unknown key 'influxdb.batch-sise' (did you mean 'batch-size'?): it accepts batch-size, database",
            message(flags, sections, "influxdb:\n  batch-sise: 3\n"));
        assertEquals("unknown key 'memory.size': it accepts no settings", message(flags, sections, "memory:\n  size: 3\n"));
        assertEquals("'influxdb' is a plugin section: put its settings under it, e.g. influxdb: {batch-size: ...}",
            message(flags, sections, "influxdb: 3\n"));
        assertEquals("'token' expects a value, not a section", message(flags, sections, "token:\n  value: x\n"));
        assertEquals("'config-file' cannot be set in a config file", message(flags, sections, "config-file: other.yaml\n"));
        assertEquals("'version' cannot be set in a config file", message(flags, sections, "version: true\n"));
    }

    @Test
    void knownKeysPass() throws IOException {
        Path file = Files.writeString(dir.resolve("ok.yaml"), "server: true\ntoken: t\ninfluxdb:\n  batch-size: 5\nmemory: {}\n");
        ConfigKeyValidator.validate(ConfigFile.load(file), Flags.forHome(Optional.empty()),
            Map.of("influxdb", Set.of("batch-size"), "memory", Set.of()));
    }

    private String message(Flags flags, Map<String, Set<String>> sections, String yaml) throws IOException {
        Path file = Files.writeString(dir.resolve("check.yaml"), yaml);
        String message = assertThrows(ConfigException.class,
            () -> ConfigKeyValidator.validate(ConfigFile.load(file), flags, sections)).getMessage();
        String prefix = "config-file " + file + ": ";
        if (!message.startsWith(prefix)) {
            throw new AssertionError("message does not name the file: " + message);
        }
        return message.substring(prefix.length());
    }
}
