package io.pulse.kernel.plugin;

import io.pulse.kernel.testing.PluginJars;
import io.pulse.kernel.testing.PluginJars.ModuleJar;
import io.pulse.kernel.testing.SamplePlugins;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.lang.module.FindException;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReader;
import java.lang.module.ModuleReference;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.jar.JarFile;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link JarModules}: a jar found again in another folder, byte for byte the same, gets the descriptor read the first
 * time and is then read from its own file (classes, resources, their URIs); any other jar is read as
 * {@link ModuleFinder} reads it. Jars built here by javac.
 */
class JarModulesTest {

    private static final String CLASS = "acme/lib/Greeting.class";

    @TempDir
    static Path built;

    private static Path libraryJar;
    private static Path storeJar;

    @TempDir
    Path folders;

    @BeforeAll
    static void buildJars() throws IOException {
        Map<String, Path> jars = PluginJars.buildModules(built, List.of(
            new ModuleJar("acme-lib-2.1.jar", "acme.lib", SamplePlugins.library("hello from the lib")),
            new ModuleJar("acme-store-1.0.jar", "acme.store",
                SamplePlugins.explicitStorage("acme.store", "acme.store", "acme-store"))));
        libraryJar = jars.get("acme-lib-2.1.jar");
        storeJar = jars.get("acme-store-1.0.jar");
    }

    private Path copy(Path jar, String folder, String fileName) throws IOException {
        Path dir = Files.createDirectories(folders.resolve(folder));
        return Files.copy(jar, dir.resolve(fileName));
    }

    @Test
    void theSameJarInASecondFolderKeepsTheFirstDescriptorAndIsReadFromItsOwnFile() throws IOException {
        Path first = copy(libraryJar, "a", "acme-lib-2.1.jar");
        Path second = copy(libraryJar, "b with space", "acme-lib-2.1.jar");
        JarModules modules = new JarModules();

        ModuleReference read = single(modules.find(first));
        ModuleReference again = single(modules.find(second));

        assertFalse(read instanceof JarModuleReference, "the first one is read by the JDK's ModuleFinder");
        JarModuleReference shared = assertInstanceOf(JarModuleReference.class, again);
        assertEquals(read.descriptor(), shared.descriptor());
        assertEquals(Set.of("acme.lib"), shared.descriptor().packages());
        assertEquals(second.toUri(), shared.location().orElseThrow());
        try (ModuleReader reader = shared.open(); JarFile jar = new JarFile(second.toFile())) {
            byte[] expected = jar.getInputStream(jar.getJarEntry(CLASS)).readAllBytes();
            byte[] bytes = new byte[reader.read(CLASS).orElseThrow().remaining()];
            reader.read(CLASS).orElseThrow().get(bytes);
            assertArrayEquals(expected, bytes);
            try (InputStream in = reader.open(CLASS).orElseThrow()) {
                assertArrayEquals(expected, in.readAllBytes());
            }
            URI uri = reader.find(CLASS).orElseThrow();
            assertEquals("jar:" + second.toUri() + "!/" + CLASS, uri.toString());
            try (InputStream in = uri.toURL().openStream()) {
                assertArrayEquals(expected, in.readAllBytes(), "the URI opens the entry of the second file");
            }
            assertTrue(reader.list().toList().containsAll(List.of("module-info.class", CLASS)));
            assertTrue(reader.find("acme/lib/Missing.class").isEmpty());
            assertTrue(reader.open("acme/lib/Missing.class").isEmpty());
        }
        ModuleReader closed = shared.open();
        closed.close();
        assertThrows(IOException.class, () -> closed.open(CLASS));
    }

    @Test
    void aJarOfTheSameNameWithOtherBytesIsReadAgain() throws IOException {
        Path first = copy(libraryJar, "a", "acme-lib-2.1.jar");
        Path other = copy(storeJar, "b", "acme-lib-2.1.jar");
        JarModules modules = new JarModules();
        modules.find(first);

        ModuleReference found = single(modules.find(other));

        assertFalse(found instanceof JarModuleReference);
        assertEquals("acme.store", found.descriptor().name());
    }

    @Test
    void aJarThatIsNotAModuleIsRefusedAsModuleFinderRefusesIt() throws IOException {
        Path broken = Files.writeString(Files.createDirectories(folders.resolve("a")).resolve("broken.jar"), "no zip");

        assertThrows(FindException.class, () -> new JarModules().find(broken));
    }

    private static ModuleReference single(Set<ModuleReference> found) {
        assertEquals(1, found.size(), found::toString);
        return found.iterator().next();
    }
}
