package io.pulse.kernel.cli;

import io.pulse.kernel.config.DeclaredOption;
import io.pulse.kernel.config.KernelOptions;
import io.pulse.kernel.config.OptionOwner;
import io.pulse.kernel.config.OptionRegistry;
import io.pulse.kernel.config.TestConfig;
import io.pulse.spi.option.Option;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code --help} lists every option of the kernel and of the loaded plugins, grouped under its owner's heading, with
 * its forms, description and default; {@code -v} reads the build's version resource.
 */
class HelpAndVersionTest {

    private static String help(OptionRegistry registry, List<String> notes) {
        return new HelpPrinter(registry, owner -> owner.isKernel() ? "Server options:" : owner.label() + " options:",
            notes).text();
    }

    @Test
    void helpShowsEveryOptionWithShortAndLongFormDescriptionAndDefault() {
        OptionRegistry registry = TestConfig.withPlugins();
        String help = help(registry, List.of());

        for (DeclaredOption declared : registry.all()) {
            Option<?> option = declared.option();
            String line = help.lines()
                .filter(l -> l.matches("  (-., |    )--" + Pattern.quote(declared.name()) + "( .*|$)"))
                .findFirst().orElseThrow(() -> new AssertionError("no help line for " + declared.displayName()
                    + "\n" + help));
            option.shortFlag().ifPresent(c -> assertTrue(line.contains("-" + c + ", --" + declared.name()), line));
            assertTrue(line.contains(option.description()), line);
            if (!option.defaultText().isEmpty() && !option.defaultText().equals("false")) {
                assertTrue(line.contains("(default ") && line.contains(option.defaultText()), line);
            }
            assertEquals(declared.secret(), line.contains("[secret: never logged]"), line);
        }
        assertTrue(help.contains("  -p, --poll-interval int|duration"), help);
        assertTrue(help.contains("(default 127.0.0.1:3000)"), help);
        assertTrue(help.contains("  -s, --server "), help);
        assertTrue(help.contains("      --storage id"), help);
        assertTrue(help.contains("  -t, --token string"), help);
        assertTrue(help.contains("(default \"*\")"), "free text defaults are quoted:\n" + help);
        assertTrue(help.contains("      --influxdb.batch-size int"), "no flag alias: --<id>.<key>\n" + help);
    }

    @Test
    void optionsAreGroupedUnderTheirOwnersHeadingsInRegistrationOrder() {
        OptionOwner empty = new OptionOwner("quiet", "publisher 'quiet'", "test sources");
        OptionRegistry registry = OptionRegistry.builder().addKernel(TestConfig.KERNEL)
            .add(TestConfig.API, List.of(TestConfig.TOKEN)).add(empty, List.of()).build();

        String help = help(registry, List.of("a note for the operator"));

        int server = help.indexOf("\nServer options:\n");
        int api = help.indexOf("\nfront-end 'api' options:\n");
        int quiet = help.indexOf("\npublisher 'quiet' options:\n      (no options)\n");
        assertTrue(server > 0 && api > server && quiet > api, help);
        assertTrue(help.indexOf("--poll-interval") < api && help.indexOf("--token") > api, help);
        assertTrue(help.startsWith("pulse is a stat collecting and publishing service\n\nUsage:\n  pulse [flags]\n"), help);
        assertTrue(help.endsWith("a note for the operator\n"), help);
    }

    @Test
    void actionsAreListedButNotTheirFalseDefault() {
        String help = help(TestConfig.kernelOnly(), List.of());
        String line = help.lines().filter(l -> l.contains("--help")).findFirst().orElseThrow();
        assertEquals("  -h, --help", line.substring(0, "  -h, --help".length()));
        assertFalse(line.contains("(default"), line);
        assertTrue(help.contains("      --config-template"), help);
    }

    @Test
    void directoryDefaultsDependOnTheInstallationAndStayOutOfHelp() {
        KernelOptions installed = KernelOptions.forHome(Optional.of(Path.of("/opt/pulse")));
        assertEquals(Path.of("/opt/pulse/data"), installed.defaultDataDir());
        assertEquals(Path.of("/opt/pulse/plugins"), installed.defaultPluginsDir());
        KernelOptions local = KernelOptions.forHome(Optional.empty());
        assertEquals(Path.of("./data"), local.defaultDataDir());
        assertEquals(Path.of("./plugins"), local.defaultPluginsDir());
        String help = help(OptionRegistry.kernelOnly(installed), List.of());
        assertFalse(help.contains("/opt/pulse"), "no paths of the machine that printed the help:\n" + help);
    }

    @Test
    void theOriginalDefaults() {
        assertEquals("15", KernelOptions.AGGREGATE_INTERVAL.defaultText());
        assertEquals("30", KernelOptions.BEAT_INTERVAL.defaultText());
        assertEquals("info", KernelOptions.LOG_LEVEL.defaultText());
        assertEquals("60", KernelOptions.POLL_INTERVAL.defaultText());
        assertEquals("1", KernelOptions.RETENTION.defaultText());
        assertEquals("127.0.0.1:3000", KernelOptions.SERVER_LISTEN_ADDRESS.defaultText());
        assertEquals("8", KernelOptions.RAW_RETENTION.defaultText());
        assertEquals("65536", KernelOptions.MAX_LINE_LENGTH.defaultText());
        assertEquals("", KernelOptions.STORAGE.defaultText(), "chosen by the plugins' selections");
        assertEquals("", KernelOptions.FRONT_ENDS.defaultText());
    }

    @Test
    void theVersionComesFromTheBuild() {
        VersionInfo version = VersionInfo.current();
        assertEquals(System.getProperty("pulse.expected.version"), version.version(), "the Maven project version");
        assertTrue(version.commit().matches("[0-9a-f]{7,40}|unknown"), version.commit());
        assertEquals("pulse " + version.version() + " (" + version.commit() + ")", version.banner());
    }
}
