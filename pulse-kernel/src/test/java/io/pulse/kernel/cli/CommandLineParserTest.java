package io.pulse.kernel.cli;

import io.pulse.kernel.config.OptionRegistry;
import io.pulse.kernel.config.TestConfig;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The command line accepts every form the original (pflag) did, for the kernel's flags and for the flags plugins
 * declare (here the test owners of {@link TestConfig}: the original's {@code -H}, {@code -t}, {@code -I}, {@code -C},
 * {@code -i}); every value is stored under its option's canonical key.
 */
class CommandLineParserTest {

    private final OptionRegistry registry = TestConfig.withPlugins();
    private final CommandLineParser parser = CommandLineParser.strict(registry);

    @Test
    void everyValueFormSetsTheSameSetting() {
        for (String[] args : new String[][] {
            {"-p", "30"}, {"-p=30"}, {"-p30"}, {"--poll-interval", "30"}, {"--poll-interval=30"}}) {
            assertEquals(Map.of("poll-interval", "30"), parser.parse(args).values(), String.join(" ", args));
        }
    }

    @Test
    void aPluginOptionIsSetByItsFlagAliasItsShortFlagOrItsKey() {
        for (String[] args : new String[][] {
            {"-i", "http://db:8086"}, {"-ihttp://db:8086"}, {"--influx-address", "http://db:8086"},
            {"--influx-address=http://db:8086"}, {"--influxdb.address", "http://db:8086"}}) {
            assertEquals(Map.of("influxdb.address", "http://db:8086"), parser.parse(args).values(),
                String.join(" ", args));
        }
        assertEquals(Map.of("influxdb.batch-size", "7"), parser.parse("--influxdb.batch-size=7").values(),
            "an option without a flag alias is set by --<id>.<key>");
    }

    @Test
    void booleansStandAloneOrTakeAValueAfterAnEqualsSign() {
        assertEquals("true", parser.parse("-s").values().get("server"));
        assertEquals("true", parser.parse("--server").values().get("server"));
        assertEquals("false", parser.parse("--insecure=false").values().get("api.insecure"));
        assertEquals("false", parser.parse("-I=false").values().get("api.insecure"));
        assertEquals("true", parser.parse("-I=TRUE").values().get("api.insecure"));
        assertEquals("true", parser.parse("--api.insecure").values().get("api.insecure"));
    }

    @Test
    void shortBooleansCombine() {
        CommandLine line = parser.parse("-sI=false");
        assertEquals("true", line.values().get("server"));
        assertEquals("false", line.values().get("api.insecure"));
        assertEquals("30", parser.parse("-sp", "30").values().get("poll-interval"));
    }

    @Test
    void everyOriginalShortFlagMapsToItsOption() {
        Map<String, String> expected = Map.ofEntries(
            Map.entry("a", "aggregate-interval"), Map.entry("b", "beat-interval"), Map.entry("c", "config-file"),
            Map.entry("l", "log-level"), Map.entry("p", "poll-interval"), Map.entry("r", "retention"),
            Map.entry("S", "server-listen-address"),
            // declared by plugins
            Map.entry("C", "api.cors-allow"), Map.entry("H", "api.listen-address"), Map.entry("t", "api.token"),
            Map.entry("i", "influxdb.address"));
        expected.forEach((shortName, key) ->
            assertEquals(Map.of(key, "x"), parser.parse("-" + shortName, "x").values(), shortName));
    }

    @Test
    void theFlagsOfPluginsThatAreNotInstalledAreUnknown() {
        // -k and -m belong to the Kapacitor and Mist plugins; without them they are unknown, like any flag.
        for (String flag : new String[] {"-k", "-m", "-M"}) {
            UsageException e = assertThrows(UsageException.class, () -> parser.parse(flag, "x"));
            assertTrue(e.getMessage().startsWith("unknown shorthand flag: '" + flag.charAt(1) + "'"), e.getMessage());
        }
        assertThrows(UsageException.class, () -> CommandLineParser.strict(TestConfig.kernelOnly()).parse("-H", "x"),
            "-H is a flag only while the plugin that declares it is loaded");
    }

    @Test
    void pulseOnlyFlagsAreLongOnly() {
        CommandLine line = parser.parse("--storage", "influxdb", "--alerts=kapacitor", "--publishers", "mist,acme",
            "--front-ends=http", "--data-dir", "/d", "--plugins-dir", "/p", "--raw-retention", "12h",
            "--max-line-length", "4096");
        assertEquals("influxdb", line.values().get("storage"));
        assertEquals("kapacitor", line.values().get("alerts"));
        assertEquals("mist,acme", line.values().get("publishers"));
        assertEquals("http", line.values().get("front-ends"));
        assertEquals("/d", line.values().get("data-dir"));
        assertEquals("/p", line.values().get("plugins-dir"));
        assertEquals("12h", line.values().get("raw-retention"));
        assertEquals("4096", line.values().get("max-line-length"));
    }

    @Test
    void theLastOccurrenceWinsWhateverNameItUses() {
        assertEquals("20", parser.parse("-p", "10", "--poll-interval=20").values().get("poll-interval"));
        assertEquals("b", parser.parse("-t", "a", "--api.token", "b").values().get("api.token"));
    }

    @Test
    void emptyValuesAreKept() {
        assertEquals("", parser.parse("--token=").values().get("api.token"));
        assertEquals("", parser.parse("-t", "").values().get("api.token"));
    }

    @Test
    void helpVersionAndTheConfigTemplateAreActionsNotSettings() {
        CommandLine help = parser.parse("-h");
        assertTrue(help.help());
        assertFalse(help.values().containsKey("help"));
        assertTrue(parser.parse("--help").help());
        CommandLine version = parser.parse("-v", "-s");
        assertTrue(version.version());
        assertFalse(version.values().containsKey("version"));
        assertFalse(parser.parse("-s").version());
        CommandLine template = parser.parse("--config-template");
        assertTrue(template.configTemplate());
        assertEquals(Map.of(), template.values());
    }

    @Test
    void errorsNameTheProblem() {
        String seeHelp = " (see --help for the flags of the server and of the installed plugins)";
        assertEquals("unknown flag: --pol-interval" + seeHelp,
            assertThrows(UsageException.class, () -> parser.parse("--pol-interval", "3")).getMessage());
        assertEquals("unknown shorthand flag: 'x' in -x" + seeHelp,
            assertThrows(UsageException.class, () -> parser.parse("-x")).getMessage());
        assertEquals("flag needs an argument: --poll-interval (-p)",
            assertThrows(UsageException.class, () -> parser.parse("-p")).getMessage());
        assertEquals("flag needs an argument: --storage",
            assertThrows(UsageException.class, () -> parser.parse("--storage")).getMessage());
        assertEquals("flag needs an argument: --http-listen-address (-H)",
            assertThrows(UsageException.class, () -> parser.parse("-H")).getMessage());
        assertEquals("--insecure (-I): expected true or false, got 'maybe'",
            assertThrows(UsageException.class, () -> parser.parse("--insecure=maybe")).getMessage());
        assertEquals("unexpected argument 'start': pulse takes only flags (see --help)",
            assertThrows(UsageException.class, () -> parser.parse("-s", "start")).getMessage());
        assertEquals("unexpected argument 'x': pulse takes only flags (see --help)",
            assertThrows(UsageException.class, () -> parser.parse("--", "x")).getMessage());
    }

    @Test
    void theLenientParserReadsTheKernelsFlagsAndSkipsTheRest() {
        // Before the plugins are loaded: their flags, and the values that follow them, are not the kernel's.
        CommandLine line = CommandLineParser.lenient(TestConfig.kernelOnly())
            .parse("-s", "--http-listen-address", "127.0.0.1:9", "-H", "x", "--plugins-dir", "/p", "--", "stray");
        assertEquals(Map.of("server", "true", "plugins-dir", "/p"), line.values());
        assertTrue(CommandLineParser.lenient(TestConfig.kernelOnly()).parse("--token=x", "-h").help());
    }
}
