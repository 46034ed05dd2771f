package io.pulse.spi;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

/** The SPI is what every vendor compiles against: it may depend on the JDK and nothing else. */
class SpiArchitectureTest {

    private final JavaClasses spi = new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages("io.pulse.spi");

    @Test
    void dependsOnTheJdkOnly() {
        classes().should().onlyDependOnClassesThat()
            .resideInAnyPackage("io.pulse.spi..", "java..", "javax.net.ssl..") // javax.net.ssl: java.base's TLS API
            .because("the SPI must stay free of third-party types: every dependency here is forced on every plugin")
            .check(spi);
    }

    @Test
    void everyPublicTopLevelTypeDeclaresItsStability() {
        classes().that().arePublic().and().areTopLevelClasses().and().areNotAnnotations()
            .should().beAnnotatedWith(Api.class)
            .because("vendors need to know which types are a stable contract")
            .check(spi);
    }
}
