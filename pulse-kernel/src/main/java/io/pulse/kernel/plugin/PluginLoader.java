package io.pulse.kernel.plugin;

import io.pulse.spi.Plugin;

import java.io.IOException;
import java.lang.module.ModuleDescriptor;
import java.io.UncheckedIOException;
import java.lang.module.Configuration;
import java.lang.module.FindException;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.lang.module.ResolutionException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Finds the installed plugins: {@link Plugin} providers in the boot layer (plugins linked into the image), then
 * one child {@link ModuleLayer} per sub-folder of the plugins directory ({@code plugins/<name>/*.jar}), so a vendor
 * installs a plugin by dropping its jars into a folder and restarting.
 *
 * <p>Each folder is resolved on its own over the boot layer's configuration ({@code resolveAndBind}) and defined
 * with one class loader, so plugins cannot see each other and each may bring its own library versions. Jars without
 * a {@code module-info} become automatic modules; their {@code META-INF/services/io.pulse.spi.Plugin} entries count
 * as providers. A broken folder stops start-up with a message naming the folder and the fix: a missing dependency,
 * two versions of one module, the SPI jar copied into the folder, jars without a Plugin provider, a plugin compiled
 * against an incompatible SPI ({@link SpiCompatibility}). A folder without any jar is skipped with a warning.
 *
 * <p>Only the plugin's own module - the one that provides {@link Plugin} - is a root of its layer, as in
 * Elasticsearch's {@code PluginsLoader}: its dependencies are resolved from the folder as it requires them, and a jar
 * nothing requires stays out of the layer. Used by one thread at start-up.
 */
public final class PluginLoader {

    private static final System.Logger LOG = System.getLogger(PluginLoader.class.getName());
    private static final String SPI_MODULE = SpiCompatibility.SPI_MODULE;
    private static final String PLUGIN_SERVICE = Plugin.class.getName();

    /** The location of plugins linked into the image. */
    public static final String BOOT_LAYER = "boot layer";

    private final Optional<ModuleDescriptor.Version> spiVersion;

    /** A loader checking plugins against the SPI this server runs with. */
    public PluginLoader() {
        this(SpiCompatibility.runtimeVersion());
    }

    /** A loader checking plugins against the given SPI version (tests run an unversioned SPI). */
    public PluginLoader(Optional<ModuleDescriptor.Version> spiVersion) {
        this.spiVersion = spiVersion;
    }

    /**
     * Loads the boot layer's plugins and every folder under {@code pluginsDir} (a missing directory means no
     * folder plugins).
     *
     * @throws PluginLoadException for a broken folder, a failing plugin or a duplicate factory id
     */
    public PluginCatalog load(Path pluginsDir) {
        PluginCatalog.Builder catalog = PluginCatalog.builder();
        loadLayer(ModuleLayer.boot(), BOOT_LAYER, catalog, false);
        JarModules jarModules = new JarModules();
        for (Path folder : folders(pluginsDir)) {
            loadFolder(folder, catalog, jarModules);
        }
        return catalog.build();
    }

    private static List<Path> folders(Path pluginsDir) {
        if (!Files.exists(pluginsDir)) {
            LOG.log(System.Logger.Level.DEBUG, "plugins directory {0} does not exist: no folder plugins", pluginsDir);
            return List.of();
        }
        if (!Files.isDirectory(pluginsDir)) {
            throw new PluginLoadException("plugins-dir " + pluginsDir + " is not a directory");
        }
        try (Stream<Path> entries = Files.list(pluginsDir)) {
            return entries
                .filter(Files::isDirectory)
                .filter(p -> !p.getFileName().toString().startsWith("."))
                .sorted()
                .toList();
        } catch (IOException | UncheckedIOException e) {
            throw new PluginLoadException("cannot list the plugins directory " + pluginsDir + ": " + e.getMessage(), e);
        }
    }

    /**
     * Loads the boot layer's plugins strictly and every folder under {@code pluginsDir} leniently: a broken folder is
     * left out and every problem found in it is reported, instead of the first one stopping everything. For
     * {@code pulse plugins}, which shows an operator all that is wrong at once.
     *
     * @throws PluginLoadException for a failing plugin of the boot layer or an unreadable plugins directory
     */
    public PluginSurvey survey(Path pluginsDir) {
        PluginCatalog.Builder catalog = PluginCatalog.builder();
        loadLayer(ModuleLayer.boot(), BOOT_LAYER, catalog, false);
        Map<String, List<String>> problems = new java.util.LinkedHashMap<>();
        JarModules jarModules = new JarModules();
        for (Path folder : folders(pluginsDir)) {
            List<String> found = new ArrayList<>();
            try {
                tryLoadFolder(folder, catalog, found, jarModules);
            } catch (PluginLoadException e) {
                found.add(e.getMessage());
            }
            if (!found.isEmpty()) {
                problems.put(folder.toString(), List.copyOf(found));
            }
        }
        return new PluginSurvey(catalog.build(), problems);
    }

    /** What {@link #survey} found: the plugins that load, and each broken folder's problems, in folder order. */
    public record PluginSurvey(PluginCatalog catalog, Map<String, List<String>> problems) {
        /** Copies the problems. */
        public PluginSurvey {
            problems = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(problems));
        }
    }

    /** Loads one {@code plugins/<name>/} folder into its own module layer; every problem found is in the message. */
    private void loadFolder(Path folder, PluginCatalog.Builder catalog, JarModules jarModules) {
        List<String> problems = new ArrayList<>();
        tryLoadFolder(folder, catalog, problems, jarModules);
        if (problems.size() == 1) {
            throw new PluginLoadException(problems.getFirst());
        }
        if (!problems.isEmpty()) {
            throw new PluginLoadException(problems.size() + " problems in plugin folder " + folder + ": "
                + String.join("; ", problems));
        }
    }

    /**
     * Checks one folder and, when nothing is wrong with its jars, loads it. Every problem with the jars is added to
     * {@code problems} (not only the first); when there is one, the folder is not resolved (that would only fail too).
     * A jar already read in an earlier folder, byte for byte the same, is not read again ({@link JarModules}).
     *
     * @throws PluginLoadException when resolving, defining or instantiating the layer fails
     */
    private void tryLoadFolder(Path folder, PluginCatalog.Builder catalog, List<String> problems,
                               JarModules jarModules) {
        String where = folder.toString();
        List<Path> jars = jars(folder);
        if (jars.isEmpty()) {
            // Nothing to load (e.g. a plugin removed by deleting its jars): not worth refusing to start over.
            LOG.log(System.Logger.Level.WARNING, "plugin folder {0} has no .jar files; skipping it", where);
            return;
        }
        Map<String, List<Path>> jarsByModule = new TreeMap<>();
        Set<String> pluginModules = new java.util.TreeSet<>();
        FoundModules finder = new FoundModules();
        boolean unreadable = false;
        for (Path jar : jars) {
            String jarName = jar.getFileName().toString();
            Set<ModuleReference> found;
            try {
                found = jarModules.find(jar);
            } catch (FindException e) {
                problems.add("plugin folder " + where + ": cannot use " + jarName + ": " + rootMessage(e));
                unreadable = true;
                continue;
            }
            for (ModuleReference reference : found) {
                String module = reference.descriptor().name();
                if (module.equals(SPI_MODULE) || jarName.startsWith("pulse-spi")) {
                    problems.add("remove " + jarName + " from " + where + ": the SPI is provided by the server");
                    continue;
                }
                jarsByModule.computeIfAbsent(module, m -> new ArrayList<>()).add(jar);
                finder.add(reference);
                if (providesPlugin(reference.descriptor())) {
                    pluginModules.add(module);
                    SpiCompatibility.problem(reference.descriptor(), spiVersion)
                        .ifPresent(incompatible -> problems.add("plugin folder " + where + ": " + incompatible));
                }
            }
        }
        jarsByModule.forEach((module, holders) -> {
            if (holders.size() > 1) {
                problems.add("plugin folder " + where + " holds " + holders.size()
                    + " versions of module " + module + " (" + String.join(" and ", holders.stream()
                    .map(p -> p.getFileName().toString()).toList()) + "): keep one");
            }
        });
        if (pluginModules.isEmpty() && !unreadable) {
            problems.add(noProvider(where, jars).getMessage());
        }
        if (!problems.isEmpty()) {
            return;
        }

        Configuration configuration;
        try {
            configuration = ModuleLayer.boot().configuration().resolveAndBind(finder, ModuleFinder.of(), pluginModules);
        } catch (FindException | ResolutionException e) {
            throw new PluginLoadException("plugin folder " + where + ": " + rootMessage(e)
                + " (add the missing jar to " + where + ", or remove the jar that needs it)", e);
        }
        ModuleLayer layer;
        try {
            layer = ModuleLayer.boot().defineModulesWithOneLoader(configuration, PluginLoader.class.getClassLoader());
        } catch (LayerInstantiationException e) {
            throw new PluginLoadException("plugin folder " + where + ": " + rootMessage(e), e);
        }
        if (!loadLayer(layer, where, catalog, true)) {
            throw noProvider(where, jars);
        }
    }

    /** Whether a module declares a {@link Plugin} provider (an automatic module's META-INF/services counts). */
    private static boolean providesPlugin(ModuleDescriptor descriptor) {
        return descriptor.provides().stream().anyMatch(p -> p.service().equals(PLUGIN_SERVICE));
    }

    private static PluginLoadException noProvider(String where, List<Path> jars) {
        return new PluginLoadException("plugin folder " + where + " has no Plugin provider in "
            + String.join(", ", jars.stream().map(p -> p.getFileName().toString()).toList())
            + ": a plugin module declares 'provides io.pulse.spi.Plugin with <class>' in its module-info, or lists"
            + " the class in META-INF/services/io.pulse.spi.Plugin");
    }

    /**
     * Instantiates the providers defined in {@code layer} itself (not its parents) and adds their factories.
     *
     * @return whether the layer had at least one provider
     */
    private static boolean loadLayer(ModuleLayer layer, String where, PluginCatalog.Builder catalog, boolean ownLayerOnly) {
        List<ServiceLoader.Provider<Plugin>> providers;
        try {
            providers = ServiceLoader.load(layer, Plugin.class).stream()
                .filter(p -> !ownLayerOnly || p.type().getModule().getLayer() == layer)
                .toList();
        } catch (ServiceConfigurationError e) {
            throw new PluginLoadException("plugins in " + where + ": " + rootMessage(e), e);
        }
        for (ServiceLoader.Provider<Plugin> provider : providers) {
            Module module = provider.type().getModule();
            PluginOrigin origin = new PluginOrigin(module.getName(), where, PluginBinding.of(module.getClassLoader()),
                versionOf(module));
            Plugin plugin;
            try {
                plugin = origin.binding().get(provider::get);
            } catch (ServiceConfigurationError | RuntimeException | LinkageError e) {
                throw new PluginLoadException("cannot create plugin " + provider.type().getName() + " from " + origin
                    + ": " + rootCause(e), e);
            }
            LOG.log(System.Logger.Level.DEBUG, "loaded plugin {0} from {1}", provider.type().getName(), origin);
            catalog.add(plugin, origin);
        }
        return !providers.isEmpty();
    }

    private static List<Path> jars(Path folder) {
        try (Stream<Path> entries = Files.list(folder)) {
            return entries
                .filter(Files::isRegularFile)
                .filter(p -> p.getFileName().toString().endsWith(".jar"))
                .sorted()
                .toList();
        } catch (IOException | UncheckedIOException e) {
            throw new PluginLoadException("cannot list plugin folder " + folder + ": " + e.getMessage(), e);
        }
    }

    /** The module's declared version, or {@link PluginOrigin#NO_VERSION}. */
    private static String versionOf(Module module) {
        return Optional.ofNullable(module.getDescriptor()).flatMap(ModuleDescriptor::version).map(Object::toString)
            .orElse(PluginOrigin.NO_VERSION);
    }

    /** The innermost cause's message, which is the one that names the module or class. */
    private static String rootMessage(Throwable e) {
        Throwable cause = rootCause(e);
        String message = cause.getMessage();
        return message == null ? cause.toString() : message;
    }

    private static Throwable rootCause(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause;
    }
}
