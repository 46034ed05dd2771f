package io.pulse.distribution;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * The dependency rules across the assembled modules: plugins -> spi <- kernel, and the relay library stands alone
 * but for the relay protocol, which kernel and relay share.
 * (Each module also guards its own rules; this test sees every jar that goes into the image together.)
 */
class ArchitectureIT {

    private static final String[] PLUGIN_PACKAGES = {
        "io.pulse.storage.memory..", "io.pulse.storage.influxdb..", "io.pulse.api..", "io.pulse.alert..", "io.pulse.publish.."};

    private final JavaClasses pulse = new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages("io.pulse");

    @Test
    void pluginsNeverTouchTheKernel() {
        noClasses().that().resideInAnyPackage(PLUGIN_PACKAGES)
            .should().dependOnClassesThat().resideInAPackage("io.pulse.kernel..")
            .because("plugins know the server only through io.pulse.spi")
            .check(pulse);
    }

    @Test
    void theKernelNeverTouchesPlugins() {
        noClasses().that().resideInAPackage("io.pulse.kernel..")
            .should().dependOnClassesThat().resideInAnyPackage(PLUGIN_PACKAGES)
            .because("the kernel finds plugins with ServiceLoader, never by name")
            .check(pulse);
    }

    @Test
    void theSpiDependsOnTheJdkOnly() {
        classes().that().resideInAPackage("io.pulse.spi..")
            .should().onlyDependOnClassesThat().resideInAnyPackage("io.pulse.spi..", "java..",
                "javax.net.ssl..") // java.base's TLS API
            .check(pulse);
    }

    @Test
    void theRelayLibraryIsJdkOnlyApartFromTheProtocol() {
        classes().that().resideInAPackage("io.pulse.relay..")
            .should().onlyDependOnClassesThat().resideInAnyPackage("io.pulse.relay..", "io.pulse.protocol..", "java..",
                "javax.net.ssl..") // java.base's TLS API
            .because("embedders add the relay to their services: it must bring nothing along but the protocol")
            .check(pulse);
    }

    @Test
    void theProtocolIsJdkOnly() {
        classes().that().resideInAPackage("io.pulse.protocol..")
            .should().onlyDependOnClassesThat().resideInAnyPackage("io.pulse.protocol..", "java..")
            .because("the relay library embeds it, and the server must not lend it anything")
            .check(pulse);
    }
}
