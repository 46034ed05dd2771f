package io.pulse.kernel.cli;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code --help} lists every flag with its forms and default; {@code -v} reads the build's version resource. */
class HelpAndVersionTest {

    @Test
    void helpShowsEveryFlagWithShortAndLongFormDescriptionAndDefault() {
        Flags flags = Flags.forHome(Optional.empty());
        String help = new HelpPrinter(flags).text();

        for (Flag flag : flags.all()) {
            String line = help.lines()
                .filter(l -> l.matches("  (-., |    )--" + java.util.regex.Pattern.quote(flag.longName()) + "( .*|$)"))
                .findFirst().orElseThrow(() -> new AssertionError("no help line for --" + flag.longName() + "\n" + help));
            flag.shortForm().ifPresent(c -> assertTrue(line.contains("-" + c + ", --" + flag.longName()), line));
            assertTrue(line.contains(flag.description()), line);
            if (!flag.defaultText().isEmpty() && !flag.defaultText().equals("false")) {
                assertTrue(line.contains("(default ") && line.contains(flag.defaultText()), line);
            }
        }
        assertTrue(help.contains("  -p, --poll-interval int|duration"), help);
        assertTrue(help.contains("(default \"127.0.0.1:3000\")"), help);
        assertTrue(help.contains("  -s, --server "), help);
        assertTrue(help.contains("      --storage string"), help);
    }

    @Test
    void directoryDefaultsFollowPulseHome() {
        Flags installed = Flags.forHome(Optional.of(Path.of("/opt/pulse")));
        assertEquals(Path.of("/opt/pulse/data").toString(), installed.get(Flags.DATA_DIR).defaultText());
        assertEquals(Path.of("/opt/pulse/plugins").toString(), installed.get(Flags.PLUGINS_DIR).defaultText());
        Flags local = Flags.forHome(Optional.empty());
        assertEquals("./data", local.get(Flags.DATA_DIR).defaultText());
        assertEquals("./plugins", local.get(Flags.PLUGINS_DIR).defaultText());
    }

    @Test
    void theOriginalDefaults() {
        Flags flags = Flags.forHome(Optional.empty());
        assertEquals("15", flags.get("aggregate-interval").defaultText());
        assertEquals("30", flags.get("beat-interval").defaultText());
        assertEquals("*", flags.get("cors-allow").defaultText());
        assertEquals("127.0.0.1:8080", flags.get("http-listen-address").defaultText());
        assertEquals("http://127.0.0.1:8086", flags.get("influx-address").defaultText());
        assertEquals("true", flags.get("insecure").defaultText());
        assertEquals("info", flags.get("log-level").defaultText());
        assertEquals("60", flags.get("poll-interval").defaultText());
        assertEquals("1", flags.get("retention").defaultText());
        assertEquals("127.0.0.1:3000", flags.get("server-listen-address").defaultText());
        assertEquals("secret", flags.get("token").defaultText());
        assertEquals("http", flags.get("front-ends").defaultText());
        assertEquals("8h", flags.get("raw-retention").defaultText());
        assertEquals("65536", flags.get("max-line-length").defaultText());
    }

    @Test
    void theVersionComesFromTheBuild() {
        VersionInfo version = VersionInfo.current();
        assertEquals(System.getProperty("pulse.expected.version"), version.version(), "the Maven project version");
        assertTrue(version.commit().matches("[0-9a-f]{7,40}|unknown"), version.commit());
        assertEquals("pulse " + version.version() + " (" + version.commit() + ")", version.banner());
    }
}
