package io.pulse.kernel.plugin;

import io.pulse.kernel.testing.PluginJars;
import io.pulse.kernel.testing.PluginJars.ModuleJar;
import io.pulse.kernel.testing.SamplePlugins;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Plugin discovery from {@code plugins/<name>/} folders, each loaded into its own module layer, with jars built
 * here by javac: explicit modules, automatic modules, libraries, and every broken-folder error.
 */
class PluginLoaderTest {

    @TempDir
    static Path jars;

    private static Path storeJar;
    private static Path automaticJar;
    private static Path libraryJar;
    private static Path greeterJar;
    private static Path noProviderJar;
    private static Path brokenJar;
    private static Path tokenJar;
    private static Path badIdJar;

    @TempDir
    Path plugins;

    @BeforeAll
    static void buildJars() throws IOException {
        Map<String, Path> built = PluginJars.buildModules(jars, List.of(
            new ModuleJar("acme-store-1.0.jar", "acme.store",
                SamplePlugins.explicitStorage("acme.store", "acme.store", "acme-store")),
            new ModuleJar("acme-lib-2.1.jar", "acme.lib", SamplePlugins.library("hello from the lib")),
            new ModuleJar("acme-greeter-1.0.jar", "acme.greeter", SamplePlugins.pluginUsingLibrary()),
            new ModuleJar("acme-empty-1.0.jar", "acme.empty", SamplePlugins.noProvider()),
            new ModuleJar("acme-broken-1.0.jar", "acme.broken", SamplePlugins.failingConstructor()),
            new ModuleJar("token-store.jar", "acme.token",
                SamplePlugins.explicitStorage("acme.token", "acme.token", "token")),
            new ModuleJar("bad-id.jar", "acme.badid",
                SamplePlugins.explicitStorage("acme.badid", "acme.badid", "Acme Store"))));
        storeJar = built.get("acme-store-1.0.jar");
        libraryJar = built.get("acme-lib-2.1.jar");
        greeterJar = built.get("acme-greeter-1.0.jar");
        noProviderJar = built.get("acme-empty-1.0.jar");
        brokenJar = built.get("acme-broken-1.0.jar");
        tokenJar = built.get("token-store.jar");
        badIdJar = built.get("bad-id.jar");
        automaticJar = PluginJars.build(jars.resolve("auto-pub-1.0.jar"),
            SamplePlugins.automaticPublisher("auto.pub", "auto-pub"), SamplePlugins.automaticServices("auto.pub"),
            List.of());
    }

    private static PluginLoader loader() {
        return new PluginLoader(Set.of("storage", "token"));
    }

    private Path folder(String name, Path... contents) throws IOException {
        Path dir = Files.createDirectories(plugins.resolve(name));
        for (Path jar : contents) {
            Files.copy(jar, dir.resolve(jar.getFileName()));
        }
        return dir;
    }

    @Test
    void anExplicitModuleInItsFolderIsFoundInItsOwnLayer() throws IOException {
        folder("acme-store", storeJar);

        PluginCatalog catalog = loader().load(plugins);

        DiscoveredFactory<?> store = catalog.storage("acme-store").orElseThrow();
        assertEquals("acme.store", store.origin().module());
        assertEquals(plugins.resolve("acme-store").toString(), store.origin().location());
        Module module = store.factory().getClass().getModule();
        assertEquals("acme.store", module.getName());
        assertNotSame(ModuleLayer.boot(), module.getLayer(), "a plugin folder gets its own layer");
        assertEquals(Set.of("capacity"), catalog.optionsBySection().get("acme-store"));
    }

    @Test
    void aJarWithoutModuleInfoIsAnAutomaticModuleFoundThroughMetaInfServices() throws IOException {
        folder("auto", automaticJar);

        PluginCatalog catalog = loader().load(plugins);

        DiscoveredFactory<?> publisher = catalog.publisher("auto-pub").orElseThrow();
        Module module = publisher.factory().getClass().getModule();
        assertTrue(module.getDescriptor().isAutomatic(), "automatic module");
        assertEquals("auto.pub", module.getName(), "the name derived from auto-pub-1.0.jar");
    }

    @Test
    void aPluginMayBringItsLibrariesInItsFolder() throws IOException {
        folder("greeter", greeterJar, libraryJar);

        PluginCatalog catalog = loader().load(plugins);

        assertEquals("hello from the lib", catalog.publisher("greeter").orElseThrow().factory().description());
    }

    @Test
    void eachFolderIsIsolated() throws IOException {
        folder("a-store", storeJar);
        folder("b-auto", automaticJar);

        PluginCatalog catalog = loader().load(plugins);

        Module store = catalog.storage("acme-store").orElseThrow().factory().getClass().getModule();
        Module auto = catalog.publisher("auto-pub").orElseThrow().factory().getClass().getModule();
        assertNotSame(store.getLayer(), auto.getLayer());
        assertNotSame(store.getClassLoader(), auto.getClassLoader());
    }

    @Test
    void aMissingPluginsDirectoryMeansNoFolderPlugins() {
        PluginCatalog catalog = loader().load(plugins.resolve("absent"));
        assertTrue(catalog.storage("acme-store").isEmpty());
    }

    @Test
    void aFolderWithoutJarsIsSkipped() throws IOException {
        Files.createDirectories(plugins.resolve("leftover"));
        Files.writeString(plugins.resolve("leftover").resolve("README.txt"), "removed");
        folder("acme-store", storeJar);

        assertTrue(loader().load(plugins).storage("acme-store").isPresent());
    }

    @Test
    void aMissingDependencyNamesTheFolderAndTheModule() throws IOException {
        Path dir = folder("greeter", greeterJar);

        PluginLoadException e = assertThrows(PluginLoadException.class, () -> loader().load(plugins));

        assertEquals("plugin folder " + dir + ": Module acme.lib not found, required by acme.greeter"
            + " (add the missing jar to " + dir + ", or remove the jar that needs it)", e.getMessage());
    }

    @Test
    void twoVersionsOfAModuleAreRefused() throws IOException {
        Path dir = folder("acme-store", storeJar);
        Files.copy(storeJar, dir.resolve("acme-store-1.1.jar"));

        PluginLoadException e = assertThrows(PluginLoadException.class, () -> loader().load(plugins));

        assertEquals("plugin folder " + dir + " holds 2 versions of module acme.store"
            + " (acme-store-1.0.jar and acme-store-1.1.jar): keep one", e.getMessage());
    }

    @Test
    void theSpiJarCopiedIntoAPluginFolderIsRefused() throws IOException {
        Path dir = folder("acme-store", storeJar);
        PluginJars.jarOf(PluginJars.spiLocation(), dir.resolve("pulse-spi-0.1.0.jar"));

        PluginLoadException e = assertThrows(PluginLoadException.class, () -> loader().load(plugins));

        assertEquals("remove pulse-spi-0.1.0.jar from " + dir + ": the SPI is provided by the server", e.getMessage());
    }

    @Test
    void theSpiIsRecognisedUnderAnyFileName() throws IOException {
        Path dir = folder("acme-store", storeJar);
        PluginJars.jarOf(PluginJars.spiLocation(), dir.resolve("api.jar"));

        PluginLoadException e = assertThrows(PluginLoadException.class, () -> loader().load(plugins));

        assertEquals("remove api.jar from " + dir + ": the SPI is provided by the server", e.getMessage());
    }

    @Test
    void jarsWithoutAPluginProviderAreRefused() throws IOException {
        Path dir = folder("empty", noProviderJar);

        PluginLoadException e = assertThrows(PluginLoadException.class, () -> loader().load(plugins));

        assertTrue(e.getMessage().startsWith("plugin folder " + dir + " has no Plugin provider in acme-empty-1.0.jar:"),
            e.getMessage());
        assertTrue(e.getMessage().contains("provides io.pulse.spi.Plugin with"), e.getMessage());
    }

    @Test
    void duplicateFactoryIdsAcrossFoldersAreRefused() throws IOException {
        Path first = folder("store-a", storeJar);
        Path second = folder("store-b", storeJar);

        PluginLoadException e = assertThrows(PluginLoadException.class, () -> loader().load(plugins));

        assertEquals("duplicate storage id 'acme-store': offered by module acme.store (" + first
            + ") and by module acme.store (" + second + "); remove one of them", e.getMessage());
    }

    @Test
    void aPluginThatFailsToInstantiateNamesItsClassAndFolder() throws IOException {
        Path dir = folder("broken", brokenJar);

        PluginLoadException e = assertThrows(PluginLoadException.class, () -> loader().load(plugins));

        assertEquals("cannot create plugin acme.broken.BrokenPlugin from module acme.broken (" + dir + "): "
            + "java.lang.IllegalStateException: license file missing", e.getMessage());
    }

    @Test
    void aFactoryIdThatIsAFlagNameIsRefused() throws IOException {
        Path dir = folder("token", tokenJar);

        PluginLoadException e = assertThrows(PluginLoadException.class, () -> loader().load(plugins));

        assertEquals("plugin module acme.token (" + dir + ") offers a storage factory with the id 'token', which is"
            + " the name of a flag (--token): choose another id", e.getMessage());
    }

    @Test
    void aMalformedFactoryIdIsRefused() throws IOException {
        folder("bad-id", badIdJar);

        PluginLoadException e = assertThrows(PluginLoadException.class, () -> loader().load(plugins));

        assertTrue(e.getMessage().contains("with the id 'Acme Store': ids are lower-case letters"), e.getMessage());
    }

    @Test
    void aPluginsDirThatIsAFileIsRefused() throws IOException {
        Path file = Files.writeString(plugins.resolve("not-a-dir"), "x");

        PluginLoadException e = assertThrows(PluginLoadException.class, () -> loader().load(file));

        assertEquals("plugins-dir " + file + " is not a directory", e.getMessage());
    }
}
