package io.pulse.kernel;

import io.pulse.kernel.cli.CommandLine;
import io.pulse.kernel.cli.CommandLineParser;
import io.pulse.kernel.cli.HelpPrinter;
import io.pulse.kernel.cli.Subcommand;
import io.pulse.kernel.cli.UsageException;
import io.pulse.kernel.config.ConfigFile;
import io.pulse.kernel.config.ConfigSources;
import io.pulse.kernel.config.ConfigTemplate;
import io.pulse.kernel.config.EffectiveConfiguration;
import io.pulse.kernel.config.EnvironmentSettings;
import io.pulse.kernel.config.KernelOptions;
import io.pulse.kernel.config.KernelSettings;
import io.pulse.kernel.config.LogFormat;
import io.pulse.kernel.config.LogLevel;
import io.pulse.kernel.config.OptionOwner;
import io.pulse.kernel.config.OptionRegistry;
import io.pulse.kernel.config.OptionsTable;
import io.pulse.kernel.config.ParsedOptions;
import io.pulse.kernel.config.ResolvedConfig;
import io.pulse.kernel.logging.Logging;
import io.pulse.kernel.logging.SecretMask;
import io.pulse.kernel.metrics.Metrics;
import io.pulse.kernel.plugin.DiscoveredFactory;
import io.pulse.kernel.plugin.PluginCatalog;
import io.pulse.kernel.plugin.PluginKind;
import io.pulse.kernel.plugin.PluginLoadException;
import io.pulse.kernel.plugin.PluginLoader;
import io.pulse.kernel.plugin.PluginSelection;
import io.pulse.kernel.plugin.PluginSelector;
import io.pulse.kernel.plugin.PluginsReport;
import io.pulse.kernel.server.PulseServer;
import io.pulse.kernel.server.StartupException;
import io.pulse.spi.ConfigException;
import io.pulse.spi.option.OptionValues;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.function.Function;

/**
 * What {@code pulse} does with its arguments: help, version, the config template, or configure, load the plugins and
 * start the server.
 *
 * <p>Steps: read the kernel's own flags leniently (the other flags belong to plugins not loaded yet); find the config
 * file ({@code -c}, else {@code PULSE_CONFIG_FILE}, else {@code ${pulse.home}/etc/pulse.yaml} if present) and the
 * plugins directory; set up logging; load the plugins; parse the command line strictly against every option the
 * kernel and the plugins declare; {@code --help}/{@code --version}/{@code --config-template}; merge flags,
 * environment and file; without {@code server} print help and stop; validate every option; select the plugins; start
 * the server. The commands {@code plugins} and {@code check-config} go as far as the selection, print what it found
 * and exit without starting anything.
 *
 * <p>Exit codes: {@value #OK} for help, version and a clean stop; {@value #INVALID_CONFIGURATION} for a bad command
 * line or configuration; {@value #START_FAILED} when the installation or a component fails (broken plugin folder,
 * two plugins claiming one flag, port in use, a plugin's start() throws). Every failure is one line on stderr:
 * {@code pulse: <message>}.
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
    private final KernelOptions kernelOptions;

    public Launcher(LaunchEnvironment env) {
        this.env = env;
        this.kernelOptions = KernelOptions.forHome(env.pulseHome());
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
    public Outcome launch(String[] args, Consumer<PulseServer> beforeStart) {
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

    private Outcome launchOrThrow(String[] arguments, Consumer<PulseServer> beforeStart) throws StartupException {
        Subcommand.Invocation invocation = Subcommand.parse(arguments);
        String[] args = invocation.flags();
        // 1. The kernel's own flags, enough to find the config file, the plugins and the log level.
        OptionRegistry kernelOnly = OptionRegistry.kernelOnly(kernelOptions);
        CommandLine early = CommandLineParser.lenient(kernelOnly).parse(args);
        EnvironmentSettings environment = EnvironmentSettings.of(env.environment());
        if (early.version()) {
            env.out().println(env.version().banner());
            env.out().flush();
            return new Exit(OK);
        }
        Optional<ConfigFile> file = early.help() || early.configTemplate() ? Optional.empty()
            : configFile(early, environment, kernelOnly);
        ConfigSources sources = new ConfigSources(early, environment, file);
        ResolvedConfig kernelConfig = sources.resolve(kernelOnly, false);
        Logging.configure(logLevelOrInfo(kernelConfig), logFormatOrText(kernelConfig), env.err());
        Path pluginsDir = pluginsDirOf(kernelConfig);

        // 2. The plugins, and with them every option there is.
        PluginCatalog catalog;
        OptionRegistry registry;
        // pulse plugins reports every problem of every broken plugin folder and lists the rest; all else refuses them.
        Map<String, List<String>> folderProblems = Map.of();
        try {
            if (invocation.command().equals(Optional.of(Subcommand.PLUGINS))) {
                PluginLoader.PluginSurvey survey = new PluginLoader().survey(pluginsDir);
                catalog = survey.catalog();
                folderProblems = survey.problems();
            } else {
                catalog = new PluginLoader().load(pluginsDir);
            }
            registry = catalog.optionRegistry(kernelOptions);
        } catch (PluginLoadException e) {
            if (early.help()) {
                // Help still helps with a broken installation: the server's options, and why the rest is missing.
                help(kernelOnly, PluginCatalog.builder().build(),
                    List.of("", "The plugins' options are not listed: " + e.getMessage()));
                return new Exit(OK);
            }
            throw e;
        }
        CommandLine commandLine = CommandLineParser.strict(registry).parse(args);
        if (commandLine.help()) {
            help(registry, catalog, List.of());
            return new Exit(OK);
        }
        if (commandLine.configTemplate()) {
            env.out().print(ConfigTemplate.render(registry, headings(catalog, true)));
            env.out().flush();
            return new Exit(OK);
        }

        // 3. Every source, every option, validated.
        ResolvedConfig config = new ConfigSources(commandLine, environment, file).resolve(registry, true);
        ParsedOptions options = ParsedOptions.parse(registry, config);
        SecretMask.register(options.secretValues());
        OptionValues kernelValues = options.of(OptionOwner.KERNEL);
        KernelSettings settings = KernelSettings.from(kernelOptions, kernelValues, config);
        if (invocation.command().isPresent()) {
            PluginSelection selection = new PluginSelector(catalog, registry, options, config, pluginsDir)
                .select(settings);
            env.out().print(switch (invocation.command().get()) {
                case PLUGINS -> new PluginsReport(catalog, selection, alertsUnavailableReason(catalog, pluginsDir),
                    folderProblems).text();
                case CHECK_CONFIG -> new EffectiveConfiguration(kernelOptions, file.map(ConfigFile::path), registry, config,
                    selection.inStartOrder().stream().map(selected -> selected.factory().owner())
                        .collect(Collectors.toSet())).text();
                case OPTIONS -> OptionsTable.render(registry, headings(catalog, true));
            });
            env.out().flush();
            if (!folderProblems.isEmpty()) {
                return fail(START_FAILED, folderProblems.size() + " plugin folder(s) cannot be loaded: see 'Problems"
                    + " found' above");
            }
            return new Exit(OK);
        }
        if (!settings.server()) {
            help(registry, catalog, List.of());
            return new Exit(OK);
        }
        Logging.configure(settings.logLevel(),
            LogFormat.parse(kernelValues.get(KernelOptions.LOG_FORMAT)).orElse(LogFormat.TEXT), env.err());
        logConfiguration(file, catalog, config, options);

        // 4. The plugins of this run, and the server.
        PluginSelection selection = new PluginSelector(catalog, registry, options, config, pluginsDir)
            .select(settings);
        for (PluginSelection.Selected selected : selection.inStartOrder()) {
            LOG.log(System.Logger.Level.INFO, "selected {0} because {1}", selected.factory().label(),
                selected.reason());
        }
        String noAlerts = settings.alerts().filter(KernelOptions.NO_ALERTS::equals).isPresent()
            ? "alerts are turned off (--alerts none)"
            : alertsUnavailableReason(catalog, pluginsDir);
        if (selection.alerts().isEmpty()) {
            LOG.log(System.Logger.Level.INFO, "no alert backend: {0}", noAlerts);
        }
        PulseServer server = new PulseServer(settings, env.version().version(), options, selection, noAlerts,
            new Metrics(), env.clock(), env.stopTimeout());
        beforeStart.accept(server);
        server.start();
        return new Running(server);
    }

    private void logConfiguration(Optional<ConfigFile> file, PluginCatalog catalog, ResolvedConfig config,
                                  ParsedOptions options) {
        file.ifPresent(f -> LOG.log(System.Logger.Level.INFO, "configuration file {0}", f.path()));
        for (DiscoveredFactory<?> found : catalog.all()) {
            LOG.log(System.Logger.Level.INFO, "found {0}", found);
        }
        if (!options.setSummary().isEmpty()) {
            LOG.log(System.Logger.Level.INFO, "settings: {0}", String.join(", ", options.setSummary()));
        }
        options.secretValues().stream().filter(v -> v.length() < SecretMask.MIN_LENGTH).findAny().ifPresent(v ->
            LOG.log(System.Logger.Level.WARNING, "a secret option is set to fewer than {0} characters: too short to be"
                + " safe, and too short to be masked in log text", SecretMask.MIN_LENGTH));
        if (!config.unknownEnvironmentVariables().isEmpty()) {
            LOG.log(System.Logger.Level.WARNING, "ignoring environment variables that match no option: {0}"
                + " (see --help: PULSE_<NAME>, PULSE_<FLAG> or PULSE_<PLUGIN ID>_<KEY>)",
                String.join(", ", config.unknownEnvironmentVariables()));
        }
    }

    private void help(OptionRegistry registry, PluginCatalog catalog, List<String> notes) {
        new HelpPrinter(registry, headings(catalog, false), notes).print(env.out());
    }

    /**
     * The server's group, and for a factory what it is, where it came from and when it is used. The config template
     * names a plugin folder relative to the plugins directory: the shipped file must not carry the build's paths.
     */
    private static Function<OptionOwner, String> headings(PluginCatalog catalog, boolean forTemplate) {
        return owner -> {
            if (owner.isKernel()) {
                return forTemplate ? "server" : "Server options:";
            }
            for (DiscoveredFactory<?> factory : catalog.all()) {
                if (factory.owner().equals(owner)) {
                    String location = factory.origin().isBootLayer() || !forTemplate ? owner.location()
                        : "<plugins-dir>/" + Path.of(owner.location()).getFileName();
                    return factory.label() + ": " + factory.factory().description() + " [" + location + "; "
                        + factory.usedWhen() + "]";
                }
            }
            return owner.toString();
        };
    }

    /** What front ends say when no alert backend runs: how to get one, from what is installed. */
    private static String alertsUnavailableReason(PluginCatalog catalog, Path pluginsDir) {
        List<String> installed = new ArrayList<>();
        for (DiscoveredFactory<?> factory : catalog.factories(PluginKind.ALERTS)) {
            installed.add("'" + factory.id() + "' (" + factory.usedWhen() + ")");
        }
        if (installed.isEmpty()) {
            return "alerts are not configured: no alert plugin is installed (plugins go in "
                + pluginsDir.resolve("<name>") + "/)";
        }
        return "alerts are not configured: installed alert plugins are " + String.join(", ", installed);
    }

    /**
     * The config file: {@code -c}, else {@code PULSE_CONFIG_FILE}, else {@code ${pulse.home}/etc/pulse.yaml} when
     * it exists.
     */
    private Optional<ConfigFile> configFile(CommandLine commandLine, EnvironmentSettings environment,
                                            OptionRegistry kernelOnly) {
        String key = KernelOptions.CONFIG_FILE.key();
        String given = commandLine.values().get(key);
        if (given == null) {
            given = environment.map(kernelOnly).values().get(key);
        }
        if (given != null && !given.isBlank()) {
            return Optional.of(ConfigFile.load(Path.of(given.strip())));
        }
        if (env.pulseHome().isPresent()) {
            Path installed = env.pulseHome().get().resolve("etc").resolve("pulse.yaml");
            if (Files.isRegularFile(installed)) {
                return Optional.of(ConfigFile.load(installed));
            }
        }
        return Optional.empty();
    }

    /** The plugins directory from the kernel's sources, before full validation. */
    private Path pluginsDirOf(ResolvedConfig kernelConfig) {
        String key = KernelOptions.PLUGINS_DIR.key();
        try {
            return kernelConfig.get(key).filter(s -> !s.isBlank())
                .map(s -> KernelOptions.PLUGINS_DIR.type().parse(s))
                .orElseGet(kernelOptions::defaultPluginsDir);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(key + ": " + e.getMessage() + " (from " + kernelConfig.origin(key) + ")");
        }
    }

    /** The log level if it is valid (logging is set up before full validation); else info. */
    private static LogLevel logLevelOrInfo(ResolvedConfig kernelConfig) {
        return kernelConfig.get(KernelOptions.LOG_LEVEL.key()).flatMap(LogLevel::parse).orElse(LogLevel.INFO);
    }

    /** The log format if it is valid; else text. */
    private static LogFormat logFormatOrText(ResolvedConfig kernelConfig) {
        return kernelConfig.get(KernelOptions.LOG_FORMAT.key()).flatMap(LogFormat::parse).orElse(LogFormat.TEXT);
    }

    private Exit fail(int code, String message) {
        env.err().println("pulse: " + SecretMask.apply(message == null ? "failed"
            : message.replaceAll("\\s*\\R\\s*", " ")));
        env.err().flush();
        return new Exit(code);
    }
}
