package io.pulse.distribution;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The worked example plugin, {@code examples/acme-publisher} (module {@code com.acme.pulse}), built from its real
 * sources as its own pom builds it. The image ships no plugin folder of its own (every plugin of the project is linked
 * into it), so the tests of the folder mechanism use this jar as the third-party plugin.
 */
final class ExamplePluginJar {

    static final Path EXAMPLE = PulseProcess.IMAGE.getParent().getParent().getParent()
        .resolve("examples/acme-publisher");

    private ExamplePluginJar() {
    }

    /** What {@code mvn package} of the example's pom produces: its sources compiled as a module, in a jar. */
    static Path build(Path work) throws Exception {
        Path sources = EXAMPLE.resolve("src/main/java");
        List<String> files;
        try (Stream<Path> walk = Files.walk(sources)) {
            files = walk.filter(p -> p.toString().endsWith(".java")).map(Path::toString).toList();
        }
        assertTrue(files.stream().anyMatch(f -> f.endsWith("module-info.java")), "the example is a module");
        Path spiJar;
        try (Stream<Path> jars = Files.list(PulseProcess.IMAGE.getParent().resolve("modules"))) {
            spiJar = jars.filter(p -> p.getFileName().toString().startsWith("pulse-spi-")).findFirst().orElseThrow();
        }
        Path classes = Files.createDirectories(work.resolve("classes"));
        List<String> args = new ArrayList<>(List.of("--release", "21", "-Xlint:all,-path", "-Werror",
            "--module-path", spiJar.toString(), "-d", classes.toString()));
        args.addAll(files);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        assertEquals(0, javac.run(null, null, null, args.toArray(String[]::new)),
            "the example compiles against the SPI jar alone");

        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        Path jar = work.resolve("acme-publisher-1.0.0.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest);
             Stream<Path> walk = Files.walk(classes)) {
            for (Path file : walk.filter(Files::isRegularFile).sorted().toList()) {
                out.putNextEntry(new JarEntry(classes.relativize(file).toString().replace('\\', '/')));
                out.write(Files.readAllBytes(file));
                out.closeEntry();
            }
        }
        return jar;
    }
}
