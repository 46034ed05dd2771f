package io.pulse.kernel;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The kernel knows plugins only through the SPI: it never touches a plugin's packages, and it depends on nothing but
 * the SPI, the relay protocol, its own packages, the JDK and Helidon Config.
 */
class ArchitectureTest {

    private static JavaClasses kernel;

    @BeforeAll
    static void importKernel() {
        // Only the kernel's own main classes (target/classes or the jar), not the whole module path.
        java.nio.file.Path mainClasses;
        try {
            mainClasses = java.nio.file.Path.of(Launcher.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (java.net.URISyntaxException e) {
            throw new AssertionError(e);
        }
        kernel = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPath(mainClasses);
        assertTrue(kernel.size() > 50, "the kernel's classes were imported: " + kernel.size());
    }

    @Test
    void theKernelNeverTouchesPluginPackages() {
        ArchRule rule = noClasses().that().resideInAPackage("io.pulse.kernel..")
            .should().dependOnClassesThat().resideInAnyPackage(
                "io.pulse.storage..", "io.pulse.api..", "io.pulse.alert..", "io.pulse.publish..", "io.pulse.relay..")
            .because("plugins are found through io.pulse.spi, never linked to the kernel");
        rule.check(kernel);
    }

    @Test
    void theKernelUsesOnlyTheSpiTheProtocolItselfTheJdkAndHelidonConfig() {
        ArchRule rule = classes().that().resideInAPackage("io.pulse.kernel..")
            .should().onlyDependOnClassesThat().resideInAnyPackage(
                "io.pulse.kernel..", "io.pulse.spi..", "io.pulse.protocol..", "java..", "javax..", "jdk..",
                "io.helidon.config..")
            .because("the kernel's only third-party dependency is Helidon Config");
        rule.check(kernel);
    }
}
