package io.pulse.kernel.config;

import io.pulse.spi.ConfigException;
import io.pulse.spi.option.Option;
import io.pulse.spi.option.OptionType;
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

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Every invalid value stops with one message naming the option (its flag alias when it has one), what is accepted,
 * what was given, and where it came from; a secret's value never appears. Unknown config-file keys are refused with
 * a suggestion.
 */
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
        "-p|500ms|poll-interval: must be at least 1s (or 0 for the default 60), got 500ms (from command line)",
        "-p|-1m|poll-interval: must not be negative, got '-1m' (from command line)",
        "-a|0|aggregate-interval: must be at least 1s, got 0s (from command line)",
        "-a|1.5|aggregate-interval: expected a whole number of minutes or a duration like 30m, got '1.5' (from command line)",
        "-b|1|beat-interval: must be at least 2s, got 1s (from command line)",
        "-b|2500ms|beat-interval: must be a whole number of seconds, got 2s500ms (from command line)",
        "-r|0|retention: must be at least 1s, got 0s (from command line)",
        "-r|99999999999999999999|retention: '99999999999999999999' is too large (from command line)",
        "--raw-retention|x|raw-retention: expected a whole number of hours or a duration like 90m, got 'x' (from command line)",
        "--max-line-length|10|max-line-length: expected a whole number from 1024 to 67108864, got '10' (from command line)",
        "--max-line-length|big|max-line-length: expected a whole number from 1024 to 67108864, got 'big' (from command line)",
        "--max-relays|0|max-relays: expected a whole number from 1 to 10000000, got '0' (from command line)",
        "--max-relays|-5|max-relays: expected a whole number from 1 to 10000000, got '-5' (from command line)",
        "--max-relays|lots|max-relays: expected a whole number from 1 to 10000000, got 'lots' (from command line)",
        "--max-collectors-per-relay|0|max-collectors-per-relay: expected a whole number from 1 to 10000000, got '0' (from command line)",
        "--max-collectors-per-relay|1.5|max-collectors-per-relay: expected a whole number from 1 to 10000000, got '1.5' (from command line)",
        "--max-lines-per-second|-1|max-lines-per-second: expected a whole number from 1 to 10000000, got '-1' (from command line)",
        "--max-lines-per-second|fast|max-lines-per-second: expected a whole number from 1 to 10000000, got 'fast' (from command line)",
        "-S|127.0.0.1:99999|server-listen-address: expected host:port (e.g. 127.0.0.1:3000, [::1]:3000 or :3000), got '127.0.0.1:99999' (from command line)",
        "-S|::1:3000|server-listen-address: expected host:port (e.g. 127.0.0.1:3000, [::1]:3000 or :3000), got '::1:3000' (from command line)",
        "-l|loud|log-level: expected trace, debug, info, warn, error or fatal, got 'loud' (from command line)",
        "--storage|Influx DB|storage: 'Influx DB' is not a plugin id (lower-case letters, digits and '-') (from command line)",
        "--publishers|mist,Acme|publishers: 'Acme' is not a plugin id (lower-case letters, digits and '-') (from command line)",
        // Plugin options are named by their flag alias when they have one, else by <id>.<key>.
        "-H|localhost|http-listen-address: expected host:port (e.g. 127.0.0.1:3000, [::1]:3000 or :3000), got 'localhost' (from command line)",
        "-i|ftp://db|influx-address: expected an http:// or https:// URL such as http://127.0.0.1:8086, got 'ftp://db' (from command line)",
        "--influxdb.batch-size|0|influxdb.batch-size: expected a whole number from 1 to 100000, got '0' (from command line)",
    })
    void invalidFlagValues(String flag, String value, String message) {
        assertEquals(message, error(flag, value));
    }

    @Test
    void blankTextMeansNotSetForTypesWithoutABlankValue() {
        assertEquals(Path.of("./data"), TestConfig.settings("--data-dir", "  ").dataDir(), "the default applies");
        assertEquals(Optional.empty(), TestConfig.settings("--storage=").storage());
    }

    @Test
    void invalidBooleansFromTheEnvironmentNameTheVariable() {
        ConfigException e = assertThrows(ConfigException.class, () -> TestConfig.resolve(TestConfig.withPlugins(),
            List.of(), Map.of("PULSE_INSECURE", "yes"), Optional.empty()));
        assertEquals("insecure: expected true or false, got 'yes' (from environment variable PULSE_INSECURE)",
            e.getMessage());
    }

    @Test
    void invalidValuesFromTheFileNameTheFile() throws IOException {
        Path file = Files.writeString(dir.resolve("pulse.yml"), "beat-interval: 1\n");
        ConfigException e = assertThrows(ConfigException.class, () -> TestConfig.resolve(TestConfig.withPlugins(),
            List.of(), Map.of(), Optional.of(file)));
        assertEquals("beat-interval: must be at least 2s, got 1s (from config file " + file + ")", e.getMessage());

        Path section = Files.writeString(dir.resolve("section.yml"), "influxdb:\n  batch-size: lots\n");
        e = assertThrows(ConfigException.class, () -> TestConfig.resolve(TestConfig.withPlugins(), List.of(),
            Map.of(), Optional.of(section)));
        assertEquals("influxdb.batch-size: expected a whole number from 1 to 100000, got 'lots' (from config file "
            + section + ")", e.getMessage());
    }

    @Test
    void aSecretsValueNeverAppearsInItsErrorOrInTheSummary() {
        OptionOwner vault = new OptionOwner("vault", "alerts 'vault'", "test sources");
        Option<Integer> pin = Option.builder("pin", OptionType.integer(1000, 9999)).secret().flag("vault-pin")
            .description("The vault's PIN").build();
        Option<String> password = Option.builder("password", OptionType.string()).secret().description("Password")
            .build();
        OptionRegistry registry = OptionRegistry.builder().addKernel(TestConfig.KERNEL)
            .add(vault, List.of(pin, password)).build();

        ConfigException e = assertThrows(ConfigException.class, () -> TestConfig.resolve(registry,
            List.of("--vault-pin", "12x45"), Map.of(), Optional.empty()));
        assertEquals("vault-pin: expected a whole number from 1000 to 9999, got '****' (from command line)",
            e.getMessage());

        TestConfig ok = TestConfig.resolve(registry, List.of("--vault-pin", "4321", "-p", "30"),
            Map.of("PULSE_VAULT_PASSWORD", "hunter2-hunter2"), Optional.empty());
        assertEquals(4321, ok.value(vault, pin));
        assertEquals("hunter2-hunter2", ok.value(vault, password), "the owner gets the real value");
        assertEquals(java.util.Set.of("4321", "hunter2-hunter2"), ok.options().secretValues());
        assertEquals(List.of("poll-interval=30 (command line)", "vault-pin=**** (command line)",
            "vault.password=**** (environment variable PULSE_VAULT_PASSWORD)"), ok.options().setSummary());
        assertFalse(ok.options().of(vault).toString().contains("4321"), ok.options().of(vault).toString());
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

    /** The test owners plus {@code memory}, a storage without options. */
    private static OptionRegistry registry() {
        return OptionRegistry.builder().addKernel(TestConfig.KERNEL)
            .add(TestConfig.API, List.of(TestConfig.HTTP_LISTEN_ADDRESS, TestConfig.TOKEN))
            .add(TestConfig.INFLUX, List.of(TestConfig.INFLUX_ADDRESS, TestConfig.BATCH_SIZE, TestConfig.DATABASE))
            .add(new OptionOwner("memory", "storage 'memory'", "test sources"), List.of())
            .build();
    }

    @Test
    void unknownKeysInTheFileAreRefused() throws IOException {
        assertEquals("unknown key 'pol-interval' (did you mean 'poll-interval'?): top-level keys are option names"
            + " (see --help) or plugin ids (api, influxdb, memory)", message("pol-interval: 3\n"));
        assertEquals("unknown key 'influx' (did you mean 'influxdb'?): top-level keys are option names"
            + " (see --help) or plugin ids (api, influxdb, memory)", message("influx:\n  batch-size: 3\n"));
        assertEquals("unknown key 'influxdb.batch-sise' (did you mean 'batch-size'?): it accepts address, batch-size,"
            + " database", message("influxdb:\n  batch-sise: 3\n"));
        assertEquals("unknown key 'memory.size': it accepts no settings", message("memory:\n  size: 3\n"));
        assertEquals("'influxdb' is a plugin section: put its settings under it, e.g. influxdb: {address: ...}",
            message("influxdb: 3\n"));
        assertEquals("'influx-address' expects a value, not a section", message("influx-address:\n  value: x\n"));
        assertEquals("'config-file' cannot be set in a config file", message("config-file: other.yaml\n"));
        assertEquals("'version' cannot be set in a config file", message("version: true\n"));
        assertEquals("'help' cannot be set in a config file", message("help: true\n"));
        assertEquals("'influx-address' and 'influxdb.address' both set influx-address: keep one of them",
            message("influx-address: http://a:8086\ninfluxdb:\n  address: http://b:8086\n"));
    }

    @Test
    void knownKeysMapToTheirOptionsKeys() throws IOException {
        Path file = Files.writeString(dir.resolve("ok.yaml"),
            "server: true\ntoken: t\ninflux-address: http://db:8086\ninfluxdb:\n  batch-size: 5\nmemory: {}\n");
        assertEquals(Map.of("server", "true", "api.token", "t", "influxdb.address", "http://db:8086",
                "influxdb.batch-size", "5"),
            ConfigKeyValidator.canonicalValues(ConfigFile.load(file), registry()));
    }

    private String message(String yaml) throws IOException {
        Path file = Files.writeString(dir.resolve("check.yaml"), yaml);
        String message = assertThrows(ConfigException.class,
            () -> ConfigKeyValidator.canonicalValues(ConfigFile.load(file), registry())).getMessage();
        String prefix = "config-file " + file + ": ";
        if (!message.startsWith(prefix)) {
            throw new AssertionError("message does not name the file: " + message);
        }
        return message.substring(prefix.length());
    }
}
