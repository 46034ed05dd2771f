package io.pulse.kernel.plugin;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleDescriptor.Version;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Which SPI a plugin may run on, from the version javac recorded for its {@code requires io.pulse.spi}: the same
 * major version and a minor no newer than the server's; while the major is 0, the same minor.
 */
class SpiCompatibilityTest {

    /** A plugin module as javac describes one compiled against SPI {@code compiled}. */
    private static ModuleDescriptor pluginBuiltFor(String compiled) {
        return ModuleDescriptor.newModule("acme.store")
            .requires(Set.of(), "io.pulse.spi", Version.parse(compiled))
            .build();
    }

    @ParameterizedTest(name = "built for {0}, runs on {1}")
    @CsvSource({
        "1.2.0, 1.2.0",
        "1.2.0, 1.3.0",
        "1.0.9, 1.7.1",
        "0.2.0, 0.2.0",
        "0.2.3, 0.2.0",
        "0.2.0, 0.2.7",
        "0.2.0-SNAPSHOT, 0.2.0",
        "0.2.0, 0.2.1-SNAPSHOT",
    })
    void compatible(String compiled, String runtime) {
        assertEquals(Optional.empty(), SpiCompatibility.problem(pluginBuiltFor(compiled),
            Optional.of(Version.parse(runtime))));
    }

    @ParameterizedTest(name = "built for {0}, refused on {1}")
    @CsvSource({
        "1.3.0, 1.2.0, 1.2",
        "2.0.0, 1.9.0, 1.9",
        "1.0.0, 2.0.0, 2.0",
        "0.1.0, 0.2.0, 0.2",
        "0.3.0, 0.2.0, 0.2",
        "1.0.0, 0.9.0, 0.9",
        "0.9.0, 1.0.0, 1.0",
    })
    void incompatible(String compiled, String runtime, String wanted) {
        assertEquals(Optional.of("module acme.store was compiled against the Pulse SPI " + compiled + ", but this"
                + " server provides SPI " + runtime + ": install a build of the plugin made for SPI " + wanted),
            SpiCompatibility.problem(pluginBuiltFor(compiled), Optional.of(Version.parse(runtime))));
    }

    @Test
    void withoutBothVersionsThereIsNothingToCheck() {
        ModuleDescriptor unversioned = ModuleDescriptor.newModule("acme.store").requires("io.pulse.spi").build();
        assertEquals(Optional.empty(), SpiCompatibility.problem(unversioned, Optional.of(Version.parse("1.0.0"))),
            "compiled against an unversioned SPI");
        assertEquals(Optional.empty(), SpiCompatibility.problem(pluginBuiltFor("0.1.0"), Optional.empty()),
            "a server whose SPI has no version");
        ModuleDescriptor automatic = ModuleDescriptor.newAutomaticModule("acme.auto").build();
        assertEquals(Optional.empty(), SpiCompatibility.problem(automatic, Optional.of(Version.parse("1.0.0"))),
            "an automatic module records no requires");
    }

    @Test
    void versionsWithoutAMajorAndAMinorAreNotJudged() {
        assertEquals(Optional.empty(), SpiCompatibility.problem(pluginBuiltFor("7"),
            Optional.of(Version.parse("1.0.0"))));
        assertEquals(Optional.empty(), SpiCompatibility.problem(pluginBuiltFor("1.0.0"),
            Optional.of(Version.parse("2-dev"))));
    }

    @Test
    void otherRequiresDoNotCount() {
        ModuleDescriptor plugin = ModuleDescriptor.newModule("acme.store")
            .requires(Set.of(), "acme.lib", Version.parse("9.0.0"))
            .requires(Set.of(), "io.pulse.spi", Version.parse("1.0.0"))
            .build();
        assertEquals(Optional.empty(), SpiCompatibility.problem(plugin, Optional.of(Version.parse("1.0.0"))));
    }
}
