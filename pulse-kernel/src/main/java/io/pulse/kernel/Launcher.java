package io.pulse.kernel;

import io.pulse.kernel.cli.CommandLine;
import io.pulse.kernel.cli.CommandLineParser;
import io.pulse.kernel.cli.Flag;
import io.pulse.kernel.cli.Flags;
import io.pulse.kernel.cli.HelpPrinter;
import io.pulse.kernel.cli.UsageException;
import io.pulse.kernel.config.ConfigFile;
import io.pulse.kernel.config.ConfigKeyValidator;
import io.pulse.kernel.config.ConfigLayers;
import io.pulse.kernel.config.EnvironmentSettings;
import io.pulse.kernel.config.PulseSettings;
import io.pulse.kernel.config.ResolvedConfig;
import io.pulse.kernel.config.SettingsParser;
import io.pulse.kernel.logging.Logging;
import io.pulse.kernel.metrics.Metrics;
import io.pulse.kernel.plugin.DiscoveredFactory;
import io.pulse.kernel.plugin.PluginCatalog;
import io.pulse.kernel.plugin.PluginLoadException;
import io.pulse.kernel.plugin.PluginLoader;
import io.pulse.kernel.plugin.PluginSelection;
import io.pulse.kernel.plugin.PluginSelector;
import io.pulse.kernel.server.PulseServer;
import io.pulse.kernel.server.StartupException;
import io.pulse.spi.ConfigException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What {@code pulse} does with its arguments: help, version, or configure, discover plugins and start the server.
 *
 * <p>Steps: parse flags; {@code --help}/{@code --version}; read the config file ({@code -c}, else
 * {@code PULSE_CONFIG_FILE}, else {@code ${pulse.home}/etc/pulse.yaml} if present); merge flags, environment,
 * file and defaults; without {@code server} print help and stop; validate the settings; set up logging; load the
 * plugins; reject unknown config-file keys; select the plugins; start the server.
 *
 * <p>Exit codes: {@value #OK} for help, version and a clean stop; {@value #INVALID_CONFIGURATION} for a bad command
 * line or configuration; {@value #START_FAILED} when the installation or a component fails (broken plugin folder,
 * port in use, a plugin's start() throws). Every failure is one line on stderr: {@code pulse: <message>}.
 */
public final class Launcher {

    /** Help, version, or a clean stop. */
    public static final int OK = 0;
    /** The server could not start (plugins, ports, components). */
    public static final int START_FAILED = 1;
    /** The command line or the configuration is invalid. */
    public static final int INVALID_CONFIGURATION = 2;

    private static final System.Logger LOG = System.getLogger(Launcher.class.getName());

    private final LaunchEnvironment env;
    private final Flags flags;

    public Launcher(LaunchEnvironment env) {
        this.env = env;
        this.flags = Flags.forHome(env.pulseHome());
    }

    /** The outcome of {@link #launch}. */
    public sealed interface Outcome {
    }

    /** Nothing is running; the process should exit with {@code code}. */
    public record Exit(int code) implements Outcome {
    }

    /** The server is running; stop it with {@link PulseServer#stop()}. */
    public record Running(PulseServer server) implements Outcome {
    }

    /** Runs {@code pulse} with these arguments. Never throws for bad input: that is an {@link Exit}. */
    public Outcome launch(String... args) {
        return launch(args, server -> { });
    }

    /**
     * Runs {@code pulse} with these arguments, handing the server to {@code beforeStart} after it is created and
     * before it starts - where {@link Main} registers its shutdown hook, so that a SIGTERM arriving while the
     * server starts (or right after) still stops it in order.
     */
    public Outcome launch(String[] args, java.util.function.Consumer<PulseServer> beforeStart) {
        try {
            return launchOrThrow(args, beforeStart);
        } catch (UsageException | ConfigException e) {
            return fail(INVALID_CONFIGURATION, e.getMessage());
        } catch (PluginLoadException | StartupException e) {
            return fail(START_FAILED, e.getMessage());
        } catch (RuntimeException e) {
            e.printStackTrace(env.err());
            return fail(START_FAILED, "unexpected error: " + e);
        }
    }

    private Outcome launchOrThrow(String[] args, java.util.function.Consumer<PulseServer> beforeStart)
            throws StartupException {
        CommandLine commandLine = new CommandLineParser(flags).parse(args);
        if (commandLine.help()) {
            new HelpPrinter(flags).print(env.out());
            return new Exit(OK);
        }
        if (commandLine.version()) {
            env.out().println(env.version().banner());
            env.out().flush();
            return new Exit(OK);
        }

        EnvironmentSettings environment = EnvironmentSettings.of(env.environment());
        Map<String, String> defaults = new LinkedHashMap<>(flags.defaults());
        Optional<ConfigFile> file = configFile(commandLine, environment, defaults);
        ConfigLayers layers = new ConfigLayers(commandLine, environment, file, defaults);
        Set<String> flagKeys = flagKeys();
        ResolvedConfig flagConfig = layers.resolve(flagKeys);
        if (!SettingsParser.isServer(flagConfig)) {
            new HelpPrinter(flags).print(env.out());
            return new Exit(OK);
        }

        Logging.configure(SettingsParser.logLevelOrInfo(flagConfig), env.err());
        PulseSettings settings = SettingsParser.parse(flagConfig);
        Logging.configure(settings.logLevel(), env.err());
        file.ifPresent(f -> LOG.log(System.Logger.Level.INFO, "configuration file {0}", f.path()));

        PluginCatalog catalog = new PluginLoader(flagKeys).load(settings.pluginsDir());
        for (DiscoveredFactory<?> found : catalog.all()) {
            LOG.log(System.Logger.Level.INFO, "found {0}", found);
        }
        if (file.isPresent()) {
            ConfigKeyValidator.validate(file.get(), flags, catalog.optionsBySection());
        }
        ResolvedConfig config = layers.resolve(knownKeys(flagKeys, catalog));
        if (!config.unknownEnvironmentVariables().isEmpty()) {
            LOG.log(System.Logger.Level.WARNING, "ignoring environment variables that match no setting: {0}"
                + " (settings are PULSE_<LONG_FLAG_NAME> or PULSE_<PLUGIN_ID>_<OPTION>)",
                String.join(", ", config.unknownEnvironmentVariables()));
        }

        PluginSelection selection = PluginSelector.select(settings, catalog);
        for (PluginSelection.Selected<?> selected : PluginSelector.inStartOrder(selection)) {
            LOG.log(System.Logger.Level.INFO, "selected {0} {1} because {2}", selected.discovered().kind().label(),
                "'" + selected.id() + "'", selected.choice().reason());
        }
        if (selection.alerts().isEmpty()) {
            LOG.log(System.Logger.Level.INFO, "no alert backend: set --kapacitor-address (-k) or --alerts to enable alerts");
        }

        PulseServer server = new PulseServer(settings, env.version().version(), config, config.topLevel(flagKeys),
            selection, new Metrics(), env.clock(), env.stopTimeout());
        beforeStart.accept(server);
        server.start();
        return new Running(server);
    }

    /**
     * The config file: {@code -c}, else {@code PULSE_CONFIG_FILE}, else {@code ${pulse.home}/etc/pulse.yaml} when
     * it exists (recorded as the default of {@code config-file}).
     */
    private Optional<ConfigFile> configFile(CommandLine commandLine, EnvironmentSettings environment,
                                            Map<String, String> defaults) {
        String given = commandLine.values().get(Flags.CONFIG_FILE);
        if (given == null) {
            given = environment.map(Set.of(Flags.CONFIG_FILE)).values().get(Flags.CONFIG_FILE);
        }
        if (given != null && !given.isBlank()) {
            return Optional.of(ConfigFile.load(Path.of(given.strip())));
        }
        if (env.pulseHome().isPresent()) {
            Path installed = env.pulseHome().get().resolve("etc").resolve("pulse.yaml");
            if (Files.isRegularFile(installed)) {
                defaults.put(Flags.CONFIG_FILE, installed.toString());
                return Optional.of(ConfigFile.load(installed));
            }
        }
        return Optional.empty();
    }

    private Set<String> flagKeys() {
        Set<String> keys = new LinkedHashSet<>();
        for (Flag flag : flags.settings()) {
            keys.add(flag.longName());
        }
        return keys;
    }

    private static List<String> knownKeys(Set<String> flagKeys, PluginCatalog catalog) {
        List<String> keys = new ArrayList<>(flagKeys);
        catalog.optionsBySection().forEach((id, options) -> options.forEach(option -> keys.add(id + "." + option)));
        return keys;
    }

    private Exit fail(int code, String message) {
        env.err().println("pulse: " + (message == null ? "failed" : message.replaceAll("\\s*\\R\\s*", " ")));
        env.err().flush();
        return new Exit(code);
    }
}
