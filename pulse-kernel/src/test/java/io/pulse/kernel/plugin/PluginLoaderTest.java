package io.pulse.kernel.plugin;

import io.pulse.kernel.config.KernelOptions;
import io.pulse.kernel.testing.PluginJars;
import io.pulse.kernel.testing.PluginJars.ModuleJar;
import io.pulse.kernel.testing.SamplePlugins;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.lang.module.ModuleDescriptor.Version;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Plugin discovery from {@code plugins/<name>/} folders, each loaded into its own module layer, with jars built
 * here by javac: explicit modules, automatic modules, libraries, only the plugin's module rooted in its layer, the
 * SPI version check, and every broken-folder error.
 */
class PluginLoaderTest {

    @TempDir
    static Path jars;

    private static Path storeJar;
    private static Path automaticJar;
    private static Path libraryJar;
    private static Path greeterJar;
    private static Path secondGreeterJar;
    private static Path noProviderJar;
    private static Path brokenJar;
    private static Path clashingIdJar;
    private static Path badIdJar;
    private static Path builtForSpi010;
    private static Path builtForSpi023;

    @TempDir
    Path plugins;

    @BeforeAll
    static void buildJars() throws IOException {
        Map<String, Path> built = PluginJars.buildModules(jars, List.of(
            new ModuleJar("acme-store-1.0.jar", "acme.store",
                SamplePlugins.explicitStorage("acme.store", "acme.store", "acme-store")),
            new ModuleJar("acme-lib-2.1.jar", "acme.lib", SamplePlugins.library("hello from the lib")),
            new ModuleJar("acme-greeter-1.0.jar", "acme.greeter", SamplePlugins.pluginUsingLibrary()),
            new ModuleJar("acme-greeter-two-1.0.jar", "acme.greetertwo", secondGreeter()),
            new ModuleJar("acme-empty-1.0.jar", "acme.empty", SamplePlugins.noProvider()),
            new ModuleJar("acme-broken-1.0.jar", "acme.broken", SamplePlugins.failingConstructor()),
            new ModuleJar("retention-store.jar", "acme.retention",
                SamplePlugins.explicitStorage("acme.retention", "acme.retention", "retention")),
            new ModuleJar("bad-id.jar", "acme.badid",
                SamplePlugins.explicitStorage("acme.badid", "acme.badid", "Acme Store"))));
        storeJar = built.get("acme-store-1.0.jar");
        libraryJar = built.get("acme-lib-2.1.jar");
        greeterJar = built.get("acme-greeter-1.0.jar");
        secondGreeterJar = built.get("acme-greeter-two-1.0.jar");
        noProviderJar = built.get("acme-empty-1.0.jar");
        brokenJar = built.get("acme-broken-1.0.jar");
        clashingIdJar = built.get("retention-store.jar");
        badIdJar = built.get("bad-id.jar");
        automaticJar = PluginJars.build(jars.resolve("auto-pub-1.0.jar"),
            SamplePlugins.automaticPublisher("auto.pub", "auto-pub"), SamplePlugins.automaticServices("auto.pub"),
            List.of());
        // Plugins built against released SPIs: the same SPI classes, packaged with a module version as a release is.
        builtForSpi010 = PluginJars.buildAgainst(PluginJars.versionedSpi(jars.resolve("spi-0.1.0.jar"), "0.1.0"),
            jars.resolve("old-store-1.0.jar"), SamplePlugins.explicitStorage("acme.old", "acme.old", "old-store"),
            Map.of(), List.of());
        builtForSpi023 = PluginJars.buildAgainst(PluginJars.versionedSpi(jars.resolve("spi-0.2.3.jar"), "0.2.3"),
            jars.resolve("new-store-1.0.jar"), SamplePlugins.explicitStorage("acme.fresh", "acme.fresh", "new-store"),
            Map.of(), List.of());
    }

    /** Another plugin using {@code acme.lib}: module acme.greetertwo, publisher {@code greeter-two}. */
    private static Map<String, String> secondGreeter() {
        Map<String, String> sources = new java.util.HashMap<>();
        SamplePlugins.pluginUsingLibrary().forEach((file, source) -> sources.put(
            file.replace("acme/greeter/", "acme/greetertwo/"),
            source.replace("acme.greeter", "acme.greetertwo").replace("\"greeter\"", "\"greeter-two\"")));
        return sources;
    }

    /** A loader for a server whose SPI is unversioned: no compatibility check. */
    private static PluginLoader loader() {
        return new PluginLoader(Optional.empty());
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

        DiscoveredFactory<?> store = catalog.find(PluginKind.STORAGE, "acme-store").orElseThrow();
        assertEquals("acme.store", store.origin().module());
        assertEquals(plugins.resolve("acme-store").toString(), store.origin().location());
        Module module = store.factory().getClass().getModule();
        assertEquals("acme.store", module.getName());
        assertNotSame(ModuleLayer.boot(), module.getLayer(), "a plugin folder gets its own layer");
        assertEquals(List.of("capacity"), store.options().stream().map(o -> o.key()).toList());
    }

    @Test
    void aJarWithoutModuleInfoIsAnAutomaticModuleFoundThroughMetaInfServices() throws IOException {
        folder("auto", automaticJar);

        PluginCatalog catalog = loader().load(plugins);

        DiscoveredFactory<?> publisher = catalog.find(PluginKind.PUBLISHER, "auto-pub").orElseThrow();
        Module module = publisher.factory().getClass().getModule();
        assertTrue(module.getDescriptor().isAutomatic(), "automatic module");
        assertEquals("auto.pub", module.getName(), "the name derived from auto-pub-1.0.jar");
    }

    @Test
    void aPluginMayBringItsLibrariesInItsFolder() throws IOException {
        folder("greeter", greeterJar, libraryJar);

        PluginCatalog catalog = loader().load(plugins);

        assertEquals("hello from the lib", catalog.find(PluginKind.PUBLISHER, "greeter").orElseThrow().factory().description());
    }

    @Test
    void aLibraryInTwoFoldersIsLoadedIntoEachFromItsOwnJar() throws IOException {
        folder("greeter", greeterJar, libraryJar);
        folder("greeter-two", secondGreeterJar, libraryJar);

        PluginCatalog catalog = loader().load(plugins);

        Object one = catalog.find(PluginKind.PUBLISHER, "greeter").orElseThrow().factory();
        Object two = catalog.find(PluginKind.PUBLISHER, "greeter-two").orElseThrow().factory();
        assertEquals("hello from the lib", ((io.pulse.spi.ComponentFactory) two).description());
        ModuleLayer layerOne = one.getClass().getModule().getLayer();
        ModuleLayer layerTwo = two.getClass().getModule().getLayer();
        Module libOne = layerOne.findModule("acme.lib").orElseThrow();
        Module libTwo = layerTwo.findModule("acme.lib").orElseThrow();
        assertNotSame(libOne, libTwo, "each folder has the library in its own layer");
        assertNotSame(libOne.getClassLoader(), libTwo.getClassLoader());
        assertEquals(plugins.resolve("greeter-two").resolve(libraryJar.getFileName()).toUri(),
            layerTwo.configuration().findModule("acme.lib").orElseThrow().reference().location().orElseThrow(),
            "the second folder's copy is read from that folder");
    }

    @Test
    void eachFolderIsIsolated() throws IOException {
        folder("a-store", storeJar);
        folder("b-auto", automaticJar);

        PluginCatalog catalog = loader().load(plugins);

        Module store = catalog.find(PluginKind.STORAGE, "acme-store").orElseThrow().factory().getClass().getModule();
        Module auto = catalog.find(PluginKind.PUBLISHER, "auto-pub").orElseThrow().factory().getClass().getModule();
        assertNotSame(store.getLayer(), auto.getLayer());
        assertNotSame(store.getClassLoader(), auto.getClassLoader());
    }

    @Test
    void aMissingPluginsDirectoryMeansNoFolderPlugins() {
        PluginCatalog catalog = loader().load(plugins.resolve("absent"));
        assertTrue(catalog.all().isEmpty(), "no plugins in the boot layer of the tests either: " + catalog.all());
    }

    @Test
    void aFolderWithoutJarsIsSkipped() throws IOException {
        Files.createDirectories(plugins.resolve("leftover"));
        Files.writeString(plugins.resolve("leftover").resolve("README.txt"), "removed");
        folder("acme-store", storeJar);

        assertTrue(loader().load(plugins).find(PluginKind.STORAGE, "acme-store").isPresent());
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
    void everyProblemOfAFolderIsReportedNotOnlyTheFirst() throws IOException {
        Path dir = folder("acme-store", storeJar);
        Files.copy(storeJar, dir.resolve("acme-store-1.1.jar"));
        PluginJars.jarOf(PluginJars.spiLocation(), dir.resolve("pulse-spi-0.1.0.jar"));
        String spi = "remove pulse-spi-0.1.0.jar from " + dir + ": the SPI is provided by the server";
        String twice = "plugin folder " + dir + " holds 2 versions of module acme.store"
            + " (acme-store-1.0.jar and acme-store-1.1.jar): keep one";

        PluginLoadException e = assertThrows(PluginLoadException.class, () -> loader().load(plugins));
        assertEquals("2 problems in plugin folder " + dir + ": " + spi + "; " + twice, e.getMessage());

        PluginLoader.PluginSurvey survey = loader().survey(plugins);
        assertEquals(Map.of(dir.toString(), List.of(spi, twice)), survey.problems());
    }

    @Test
    void aSurveyListsTheFoldersThatLoadAndEveryProblemOfTheOthers() throws IOException {
        folder("acme-store", storeJar);
        Path empty = folder("empty", noProviderJar);
        Path incompatible = folder("old", builtForSpi010);

        PluginLoader.PluginSurvey survey = new PluginLoader(Optional.of(Version.parse("0.2.0")))
            .survey(plugins);

        assertTrue(survey.catalog().find(PluginKind.STORAGE, "acme-store").isPresent(), "the good folder is listed");
        assertEquals(List.of(empty.toString(), incompatible.toString()), List.copyOf(survey.problems().keySet()));
        assertEquals(1, survey.problems().get(empty.toString()).size());
        assertTrue(survey.problems().get(empty.toString()).getFirst().contains("has no Plugin provider"));
        List<String> old = survey.problems().get(incompatible.toString());
        assertEquals(1, old.size(), old.toString());
        assertTrue(old.getFirst().contains("0.1.0"), old.toString());
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
    void aFactoryIdThatIsAKernelOptionsNameIsRefusedWhenTheOptionsAreRegistered() throws IOException {
        Path dir = folder("retention", clashingIdJar);
        PluginCatalog catalog = loader().load(plugins);

        PluginLoadException e = assertThrows(PluginLoadException.class,
            () -> catalog.optionRegistry(KernelOptions.forHome(Optional.empty())));

        assertEquals("the id 'retention' of storage 'retention' (" + dir + ") is claimed twice: the option --retention"
            + " of server; choose another id", e.getMessage());
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

    @Test
    void onlyThePluginModuleAndWhatItRequiresAreInItsLayer() throws IOException {
        // acme-lib is in the folder, but acme.store does not require it: it stays out of the layer.
        folder("acme-store", storeJar, libraryJar);
        folder("greeter", greeterJar, libraryJar);

        PluginCatalog catalog = loader().load(plugins);

        ModuleLayer store = catalog.find(PluginKind.STORAGE, "acme-store").orElseThrow().factory().getClass()
            .getModule().getLayer();
        assertEquals(List.of("acme.store"), store.modules().stream().map(Module::getName).sorted().toList());
        assertTrue(store.findModule("acme.lib").isEmpty(), "a jar nothing requires is not resolved");
        ModuleLayer greeter = catalog.find(PluginKind.PUBLISHER, "greeter").orElseThrow().factory().getClass()
            .getModule().getLayer();
        assertTrue(greeter.findModule("acme.lib").isPresent(), "a library the plugin requires is");
    }

    @Test
    void aPluginBuiltForAnIncompatibleSpiIsRefusedNamingTheFolderTheModuleAndBothVersions() throws IOException {
        Path dir = folder("old-store", builtForSpi010);

        PluginLoadException e = assertThrows(PluginLoadException.class,
            () -> new PluginLoader(Optional.of(Version.parse("0.2.0"))).load(plugins));

        assertEquals("plugin folder " + dir + ": module acme.old was compiled against the Pulse SPI 0.1.0, but this"
            + " server provides SPI 0.2.0: install a build of the plugin made for SPI 0.2", e.getMessage());
    }

    @Test
    void aPluginBuiltForACompatibleSpiIsLoaded() throws IOException {
        folder("new-store", builtForSpi023);

        PluginCatalog catalog = new PluginLoader(Optional.of(Version.parse("0.2.0"))).load(plugins);

        DiscoveredFactory<?> store = catalog.find(PluginKind.STORAGE, "new-store").orElseThrow();
        assertEquals(Optional.of(Version.parse("0.2.3")), store.factory().getClass().getModule().getDescriptor()
            .requires().stream().filter(r -> r.name().equals("io.pulse.spi")).findFirst().orElseThrow()
            .compiledVersion(), "the version javac recorded is the one checked");
    }

    @Test
    void withoutAKnownSpiVersionNothingIsChecked() throws IOException {
        folder("old-store", builtForSpi010);

        assertTrue(loader().load(plugins).find(PluginKind.STORAGE, "old-store").isPresent());
    }
}
