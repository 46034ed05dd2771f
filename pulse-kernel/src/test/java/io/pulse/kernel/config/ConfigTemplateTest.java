package io.pulse.kernel.config;

import io.pulse.spi.option.Option;
import io.pulse.spi.option.OptionValues;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code --config-template}: a config file that documents every option of the kernel and the plugins, sets none of
 * them, and - with its settings uncommented - sets each to its default, so it cannot drift from the declarations.
 */
class ConfigTemplateTest {

    @TempDir
    Path dir;

    private final OptionRegistry registry = TestConfig.withPlugins();
    private final String template = ConfigTemplate.render(registry,
        owner -> owner.isKernel() ? "server" : owner.label());

    @Test
    void itMentionsEveryOptionThatAFileMaySetWithItsDescription() {
        List<String> missing = new ArrayList<>();
        for (DeclaredOption option : registry.all()) {
            boolean topLevel = option.owner().isKernel() || option.option().flag().isPresent();
            String line = topLevel ? "\n# " + option.name() + ":" : "\n#   " + option.option().key() + ":";
            boolean mentioned = template.contains(line) && template.contains(option.option().description());
            if (mentioned != (option.scope() == DeclaredOption.Scope.EVERYWHERE)) {
                missing.add(option.key() + " (" + option.scope() + ")");
            }
        }
        assertEquals(List.of(), missing, "options missing from (or wrongly in) the template:\n" + template);
        assertTrue(template.contains("\n# --- storage 'influxdb' ---\n# InfluxDB address\n"
            + "# influx-address: http://127.0.0.1:8086\n"), "a flag alias is a top-level key:\n" + template);
        assertTrue(template.contains("\n# influxdb:\n#   Points per write\n#   batch-size: 5000\n"),
            "the other options sit in the plugin's section:\n" + template);
        assertTrue(template.contains("# API token (secret: never logged)\n"), template);
    }

    @Test
    void asWrittenItSetsNothingAndIsAValidConfigFile() throws IOException {
        Path file = Files.writeString(dir.resolve("pulse.yaml"), template);

        assertEquals(Map.of(), ConfigFile.load(file).values());
        TestConfig resolved = TestConfig.resolve(registry, List.of(), Map.of(), Optional.of(file));
        assertEquals(Map.of(), resolved.config().values());
    }

    /**
     * Options without a default are left out of the comparison: their line shows a placeholder instead (see
     * {@link #anOptionWithoutADefaultShowsAPlaceholderThatIsAnErrorWhenUncommentedUnedited()}).
     */
    @Test
    void withEverySettingUncommentedItSetsTheDefaults() throws IOException {
        String uncommented = TestConfig.uncommentSettings(template);
        assertFalse(uncommented.equals(template), "there were settings to uncomment");
        Path file = Files.writeString(dir.resolve("pulse.yaml"), uncommented);

        TestConfig resolved = TestConfig.resolve(registry, List.of(), Map.of(), Optional.of(file));

        List<String> differences = new ArrayList<>();
        registry.byOwner().forEach((owner, options) -> {
            OptionValues values = resolved.options().of(owner);
            for (DeclaredOption declared : options) {
                Option<?> option = declared.option();
                if (declared.scope() != DeclaredOption.Scope.EVERYWHERE || option.defaultValue().isEmpty()) {
                    continue;
                }
                if (!values.isSet(option)) {
                    differences.add(declared.key() + " is not set by the uncommented line");
                } else if (!values.find(option).equals(option.defaultValue())) {
                    differences.add(declared.key() + " = " + values.find(option).orElse(null) + ", default "
                        + option.defaultText());
                }
            }
        });
        assertEquals(List.of(), differences, uncommented);
        assertTrue(resolved.config().values().size() > 10, "the uncommented file set the options: "
            + resolved.config().values());
    }

    /**
     * An empty value would mean "none" for a list ({@code front-ends:} runs no front end at all) instead of "chosen by
     * the plugins", so a template line without a default must not be silently empty once uncommented.
     */
    @Test
    void anOptionWithoutADefaultShowsAPlaceholderThatIsAnErrorWhenUncommentedUnedited() throws IOException {
        assertTrue(template.contains("\n# front-ends: <a,b,...>\n"), template);
        assertTrue(template.contains("\n# storage: <id>\n"), template);
        Path file = Files.writeString(dir.resolve("pulse.yaml"), "front-ends: <a,b,...>\n");
        io.pulse.spi.ConfigException e = org.junit.jupiter.api.Assertions.assertThrows(
            io.pulse.spi.ConfigException.class,
            () -> TestConfig.resolve(registry, List.of(), Map.of(), Optional.of(file)));
        assertTrue(e.getMessage().startsWith("front-ends: '<a' is not a plugin id"), e.getMessage());
    }
}
