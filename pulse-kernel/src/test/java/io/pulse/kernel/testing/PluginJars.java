package io.pulse.kernel.testing;

import io.pulse.spi.Plugin;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.spi.ToolProvider;
import java.util.stream.Collectors;

/**
 * Builds real plugin jars in tests: compiles Java sources with the JDK's {@code javac} against the SPI module
 * and packages them with {@code jar} (both through {@link ToolProvider}; surefire adds {@code jdk.compiler} and
 * {@code jdk.jartool} to the test JVM). A jar whose sources include {@code module-info.java} is an explicit module;
 * without one it is an automatic module, and its plugin is declared in {@code META-INF/services}.
 */
public final class PluginJars {

    private PluginJars() {
    }

    /** Where the SPI module the tests run with lives (a jar or a classes directory). */
    public static Path spiLocation() {
        return Plugin.class.getModule().getLayer().configuration().findModule("io.pulse.spi")
            .flatMap(m -> m.reference().location())
            .map(Path::of)
            .orElseThrow(() -> new AssertionError("io.pulse.spi is not in the boot layer"));
    }

    /**
     * Compiles and packages a jar.
     *
     * @param jar        the jar to write
     * @param sources    file path relative to the source root (e.g. {@code acme/Store.java}, {@code module-info.java})
     *                   to its content
     * @param resources  extra files relative to the jar root (e.g. {@code META-INF/services/io.pulse.spi.Plugin})
     * @param modulePath more jars to compile against besides the SPI (e.g. a library the plugin requires)
     * @return {@code jar}
     */
    public static Path build(Path jar, Map<String, String> sources, Map<String, String> resources,
                             List<Path> modulePath) throws IOException {
        return buildAgainst(spiLocation(), jar, sources, resources, modulePath);
    }

    /**
     * Compiles and packages a jar against the SPI at {@code spi} instead of the one the tests run with (e.g. a copy
     * with another module version: see {@link #versionedSpi}).
     */
    public static Path buildAgainst(Path spi, Path jar, Map<String, String> sources, Map<String, String> resources,
                                    List<Path> modulePath) throws IOException {
        Path work = Files.createTempDirectory(jar.getParent(), "build-");
        Path src = work.resolve("src");
        Path classes = work.resolve("classes");
        Files.createDirectories(classes);
        List<String> files = new ArrayList<>();
        for (Map.Entry<String, String> source : sources.entrySet()) {
            Path file = src.resolve(source.getKey());
            Files.createDirectories(file.getParent() == null ? src : file.getParent());
            Files.writeString(file, source.getValue());
            files.add(file.toString());
        }
        List<Path> path = new ArrayList<>();
        path.add(spi);
        path.addAll(modulePath);
        String joined = path.stream().map(Path::toString).collect(Collectors.joining(java.io.File.pathSeparator));
        boolean modular = sources.containsKey("module-info.java");
        List<String> args = new ArrayList<>(List.of("--release", "21", "-d", classes.toString(),
            modular ? "--module-path" : "--class-path", joined));
        args.addAll(files);
        run("javac", args);
        for (Map.Entry<String, String> resource : resources.entrySet()) {
            Path file = classes.resolve(resource.getKey());
            Files.createDirectories(file.getParent());
            Files.writeString(file, resource.getValue());
        }
        Files.createDirectories(jar.getParent());
        Files.deleteIfExists(jar);
        run("jar", List.of("--create", "--file", jar.toString(), "-C", classes.toString(), "."));
        return jar;
    }

    /**
     * An explicit module to package as a jar.
     *
     * @param jarName the jar's file name
     * @param module  the module name (its {@code module-info.java} is among the sources)
     * @param sources file path relative to the module's source root to its content
     */
    public record ModuleJar(String jarName, String module, Map<String, String> sources) {
    }

    /**
     * Compiles several explicit modules in one javac run (they may require each other) and packages each as a jar
     * in {@code dir}. One run is much faster than one per jar.
     *
     * @return jar file name to its path
     */
    public static Map<String, Path> buildModules(Path dir, List<ModuleJar> modules) throws IOException {
        Path work = Files.createTempDirectory(dir, "build-");
        Path src = work.resolve("src");
        Path classes = work.resolve("classes");
        List<String> args = new ArrayList<>(List.of("--release", "21", "-d", classes.toString(),
            "--module-source-path", src.toString(), "--module-path", spiLocation().toString()));
        for (ModuleJar module : modules) {
            for (Map.Entry<String, String> source : module.sources().entrySet()) {
                Path file = src.resolve(module.module()).resolve(source.getKey());
                Files.createDirectories(file.getParent());
                Files.writeString(file, source.getValue());
                args.add(file.toString());
            }
        }
        run("javac", args);
        Map<String, Path> out = new java.util.LinkedHashMap<>();
        for (ModuleJar module : modules) {
            Path jar = dir.resolve(module.jarName());
            Files.deleteIfExists(jar);
            run("jar", List.of("--create", "--file", jar.toString(), "-C", classes.resolve(module.module()).toString(), "."));
            out.put(module.jarName(), jar);
        }
        return out;
    }

    /** Packages an existing directory of classes (e.g. the SPI's target/classes) as a jar. */
    public static Path jarOf(Path classesOrJar, Path jar) throws IOException {
        Files.createDirectories(jar.getParent());
        if (Files.isRegularFile(classesOrJar)) {
            return Files.copy(classesOrJar, jar);
        }
        run("jar", List.of("--create", "--file", jar.toString(), "-C", classesOrJar.toString(), "."));
        return jar;
    }

    /**
     * A copy of the SPI the tests run with, packaged as a jar whose module descriptor carries {@code version} (what
     * the build of a released SPI records). A plugin compiled against it records that version as the compiled
     * version of its {@code requires io.pulse.spi}, exactly as a plugin built against a released SPI does.
     */
    public static Path versionedSpi(Path jar, String version) throws IOException {
        Path classes = spiLocation();
        if (Files.isRegularFile(classes)) {
            Path extracted = Files.createTempDirectory(jar.getParent(), "spi-classes-");
            try (java.util.zip.ZipFile zip = new java.util.zip.ZipFile(classes.toFile())) {
                for (java.util.zip.ZipEntry entry : java.util.Collections.list(zip.entries())) {
                    Path target = extracted.resolve(entry.getName()).normalize();
                    if (!target.startsWith(extracted)) {
                        throw new IOException("bad entry " + entry.getName());
                    }
                    if (entry.isDirectory()) {
                        Files.createDirectories(target);
                    } else {
                        Files.createDirectories(target.getParent());
                        try (var in = zip.getInputStream(entry)) {
                            Files.copy(in, target);
                        }
                    }
                }
            }
            Files.deleteIfExists(extracted.resolve("META-INF").resolve("MANIFEST.MF"));
            classes = extracted;
        }
        Files.createDirectories(jar.getParent());
        Files.deleteIfExists(jar);
        run("jar", List.of("--create", "--file", jar.toString(), "--module-version", version, "-C", classes.toString(),
            "."));
        return jar;
    }

    private static void run(String tool, List<String> args) {
        ToolProvider provider = ToolProvider.findFirst(tool)
            .orElseThrow(() -> new AssertionError(tool + " is not available: run tests with --add-modules jdk.compiler,jdk.jartool"));
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        PrintStream stream = new PrintStream(output, true, StandardCharsets.UTF_8);
        int code = provider.run(stream, stream, args.toArray(String[]::new));
        if (code != 0) {
            throw new AssertionError(tool + " " + args + " failed (" + code + "):\n" + output.toString(StandardCharsets.UTF_8));
        }
    }
}
