package io.pulse.kernel.cli;

import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The command line accepts every form the original (pflag) did. */
class CommandLineParserTest {

    private final CommandLineParser parser = new CommandLineParser(Flags.forHome(Optional.empty()));

    @Test
    void everyValueFormSetsTheSameSetting() {
        for (String[] args : new String[][] {
            {"-p", "30"}, {"-p=30"}, {"-p30"}, {"--poll-interval", "30"}, {"--poll-interval=30"}}) {
            assertEquals(Map.of("poll-interval", "30"), parser.parse(args).values(), String.join(" ", args));
        }
    }

    @Test
    void booleansStandAloneOrTakeAValueAfterAnEqualsSign() {
        assertEquals("true", parser.parse("-s").values().get("server"));
        assertEquals("true", parser.parse("--server").values().get("server"));
        assertEquals("false", parser.parse("--insecure=false").values().get("insecure"));
        assertEquals("false", parser.parse("-I=false").values().get("insecure"));
        assertEquals("true", parser.parse("-I=TRUE").values().get("insecure"));
    }

    @Test
    void shortBooleansCombine() {
        CommandLine line = parser.parse("-sI=false");
        assertEquals("true", line.values().get("server"));
        assertEquals("false", line.values().get("insecure"));
        assertEquals("30", parser.parse("-sp", "30").values().get("poll-interval"));
    }

    @Test
    void everyOriginalShortFlagMapsToItsLongName() {
        Map<String, String> expected = Map.ofEntries(
            Map.entry("a", "aggregate-interval"), Map.entry("b", "beat-interval"), Map.entry("c", "config-file"),
            Map.entry("C", "cors-allow"), Map.entry("H", "http-listen-address"), Map.entry("i", "influx-address"),
            Map.entry("k", "kapacitor-address"), Map.entry("l", "log-level"), Map.entry("m", "mist-address"),
            Map.entry("M", "mist-token"), Map.entry("p", "poll-interval"), Map.entry("r", "retention"),
            Map.entry("S", "server-listen-address"), Map.entry("t", "token"));
        expected.forEach((shortName, longName) ->
            assertEquals(Map.of(longName, "x"), parser.parse("-" + shortName, "x").values(), shortName));
    }

    @Test
    void pulseOnlyFlagsAreLongOnly() {
        CommandLine line = parser.parse("--storage", "influxdb", "--alerts=kapacitor", "--publishers", "mist,acme",
            "--front-ends=http", "--data-dir", "/d", "--plugins-dir", "/p", "--raw-retention", "12h",
            "--max-line-length", "4096", "--tls-cert", "c.pem", "--tls-key", "k.pem");
        assertEquals("influxdb", line.values().get("storage"));
        assertEquals("kapacitor", line.values().get("alerts"));
        assertEquals("mist,acme", line.values().get("publishers"));
        assertEquals("http", line.values().get("front-ends"));
        assertEquals("12h", line.values().get("raw-retention"));
        assertEquals("k.pem", line.values().get("tls-key"));
    }

    @Test
    void theLastOccurrenceWins() {
        assertEquals("20", parser.parse("-p", "10", "--poll-interval=20").values().get("poll-interval"));
    }

    @Test
    void emptyValuesAreKept() {
        assertEquals("", parser.parse("--token=").values().get("token"));
        assertEquals("", parser.parse("-t", "").values().get("token"));
    }

    @Test
    void helpAndVersionAreActionsNotSettings() {
        CommandLine help = parser.parse("-h");
        assertTrue(help.help());
        assertFalse(help.values().containsKey("help"));
        assertTrue(parser.parse("--help").help());
        CommandLine version = parser.parse("-v", "-s");
        assertTrue(version.version());
        assertFalse(version.values().containsKey("version"));
        assertFalse(parser.parse("-s").version());
    }

    @Test
    void errorsNameTheProblem() {
        assertEquals("unknown flag: --pol-interval (see --help)",
            assertThrows(UsageException.class, () -> parser.parse("--pol-interval", "3")).getMessage());
        assertEquals("unknown shorthand flag: 'x' in -x (see --help)",
            assertThrows(UsageException.class, () -> parser.parse("-x")).getMessage());
        assertEquals("flag needs an argument: --poll-interval (-p)",
            assertThrows(UsageException.class, () -> parser.parse("-p")).getMessage());
        assertEquals("flag needs an argument: --storage",
            assertThrows(UsageException.class, () -> parser.parse("--storage")).getMessage());
        assertEquals("--insecure (-I): expected true or false, got 'maybe'",
            assertThrows(UsageException.class, () -> parser.parse("--insecure=maybe")).getMessage());
        assertEquals("unexpected argument 'start': pulse takes only flags (see --help)",
            assertThrows(UsageException.class, () -> parser.parse("-s", "start")).getMessage());
        assertEquals("unexpected argument 'x': pulse takes only flags (see --help)",
            assertThrows(UsageException.class, () -> parser.parse("--", "x")).getMessage());
    }
}
