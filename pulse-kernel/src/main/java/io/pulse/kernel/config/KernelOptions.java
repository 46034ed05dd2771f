package io.pulse.kernel.config;

import io.pulse.spi.option.HostPort;
import io.pulse.spi.option.Option;
import io.pulse.spi.option.OptionType;

import java.nio.file.Path;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The kernel's own options: relay listener, intervals, retention, directories, logging, plugin selection, and the
 * command-line actions. Everything else - listen addresses of front ends, tokens, database addresses - belongs to the
 * plugin that uses it and is declared there. The original's short and long names and defaults are kept.
 *
 * <p>The defaults of {@code --data-dir} and {@code --plugins-dir} depend on the installation: under
 * {@code ${pulse.home}} when the launcher sets that system property, else relative to the working directory; so an
 * instance holds them. Immutable and thread-safe.
 */
public final class KernelOptions {

    /** Plugin factory ids: lower-case words joined by {@code -}. */
    public static final Pattern PLUGIN_ID = Option.NAME;
    private static final String PLUGIN_ID_TEXT = "a plugin id (lower-case letters, digits and '-')";

    /** The system property the launcher sets to the installation directory. */
    public static final String PULSE_HOME_PROPERTY = "pulse.home";

    private static final Duration MAX_INTERVAL = Duration.ofDays(3650);
    // Written out, not MAX_INTERVAL.multipliedBy(10): Duration's arithmetic goes through BigDecimal, and the first use
    // of BigDecimal runs its class initialiser, which on JDK 25 squares 5 up to 5^65536 - 20-50 ms of the main
    // thread's start-up (docs/performance.md, "Start-up").
    private static final Duration MAX_RETENTION = Duration.ofDays(36_500);

    public static final Option<Duration> AGGREGATE_INTERVAL = Option.builder("aggregate-interval",
            OptionType.interval(ChronoUnit.MINUTES, Duration.ofSeconds(1), MAX_INTERVAL))
        .defaultValue(Duration.ofMinutes(15)).flag("aggregate-interval", 'a')
        .description("Interval at which stats are aggregated, in minutes (or a duration like 30m)").build();
    public static final Option<Duration> BEAT_INTERVAL = Option.builder("beat-interval",
            OptionType.interval(ChronoUnit.SECONDS, Duration.ofSeconds(2), Duration.ofDays(1)))
        .defaultValue(Duration.ofSeconds(30)).flag("beat-interval", 'b')
        .description("Relay heartbeat interval, in seconds (or a duration); a relay silent twice as long is dropped")
        .build();
    public static final Option<Path> CONFIG_FILE = Option.builder("config-file", OptionType.path())
        .flag("config-file", 'c').description("Config file location for server (.json, .yaml or .yml)").build();
    public static final Option<LogLevel> LOG_LEVEL = Option.builder("log-level",
            OptionType.of("level", LogLevel::parseOrThrow, LogLevel::text))
        .defaultValue(LogLevel.INFO).flag("log-level", 'l')
        .description("Level at which to log: trace, debug, info, warn, error or fatal").build();
    public static final Option<String> LOG_FORMAT = Option.builder("log-format", OptionType.oneOf("text", "json"))
        .defaultValue("text").flag("log-format")
        .description("Log format: text (one line per event) or json (one JSON object per line, for log shippers)")
        .build();
    public static final Option<Duration> POLL_INTERVAL = Option.builder("poll-interval",
            OptionType.interval(ChronoUnit.SECONDS, Duration.ZERO, MAX_INTERVAL))
        .defaultValue(Duration.ofSeconds(60)).flag("poll-interval", 'p')
        .description("Interval to request stats from relays, in seconds (or a duration); 0 means 60").build();
    public static final Option<Duration> RETENTION = Option.builder("retention",
            OptionType.interval(ChronoUnit.WEEKS, Duration.ofSeconds(1), MAX_RETENTION))
        .defaultValue(Duration.ofDays(7)).flag("retention", 'r')
        .description("How long aggregated stats are kept, in weeks (or a duration like 30d)").build();
    public static final Option<Boolean> SERVER = Option.builder("server", OptionType.bool())
        .defaultValue(false).flag("server", 's').description("Run as server").build();
    public static final Option<HostPort> SERVER_LISTEN_ADDRESS = Option.builder("server-listen-address",
            OptionType.hostPort())
        .defaultValue(new HostPort("127.0.0.1", 3000)).flag("server-listen-address", 'S')
        .description("Server listen address (where relays connect)").build();
    public static final Option<Boolean> VERSION = Option.builder("version", OptionType.bool())
        .defaultValue(false).flag("version", 'v').description("Print version info and exit").build();
    public static final Option<String> STORAGE = Option.builder("storage", pluginId())
        .flag("storage").description("Storage plugin id (default: chosen by the installed plugins, see below)").build();
    public static final Option<String> ALERTS = Option.builder("alerts", pluginId())
        .flag("alerts").description("Alert plugin id, or none to run without alerts (default: chosen by the installed"
            + " plugins, else none)").build();
    /** The {@link #ALERTS} value that runs no alert plugin even when one is installed or triggered. */
    public static final String NO_ALERTS = "none";
    public static final Option<List<String>> PUBLISHERS = Option.builder("publishers",
            OptionType.words(PLUGIN_ID, PLUGIN_ID_TEXT))
        .flag("publishers")
        .description("Live publisher plugin ids, comma separated (default: chosen by the installed plugins)").build();
    public static final Option<List<String>> FRONT_ENDS = Option.builder("front-ends",
            OptionType.words(PLUGIN_ID, PLUGIN_ID_TEXT))
        .flag("front-ends").description("Front-end plugin ids, comma separated (default: chosen by the installed"
            + " plugins)").build();
    public static final Option<Duration> RAW_RETENTION = Option.builder("raw-retention",
            OptionType.interval(ChronoUnit.HOURS, Duration.ofSeconds(1), MAX_INTERVAL))
        .defaultValue(Duration.ofHours(8)).flag("raw-retention")
        .description("How long raw samples are kept, in hours (or a duration like 90m)").build();
    public static final Option<Integer> MAX_LINE_LENGTH = Option.builder("max-line-length",
            OptionType.integer(1024, 64 * 1024 * 1024))
        .defaultValue(64 * 1024).flag("max-line-length")
        .description("Longest relay protocol line accepted, in bytes; longer lines close the connection").build();
    public static final Option<Boolean> HELP = Option.builder("help", OptionType.bool())
        .defaultValue(false).flag("help", 'h').description("Print this help and exit").build();

    public static final Option<Boolean> CONFIG_TEMPLATE = Option.builder("config-template", OptionType.bool())
        .defaultValue(false).flag("config-template")
        .description("Print a config file documenting every option of the server and the installed plugins, and exit")
        .build();

    public static final Option<Path> DATA_DIR = Option.builder("data-dir", OptionType.path()).flag("data-dir")
        .description("Data directory; each plugin gets <data-dir>/<id> (default: data/ in the installation)").build();
    public static final Option<Path> PLUGINS_DIR = Option.builder("plugins-dir", OptionType.path()).flag("plugins-dir")
        .description("Plugin folders: each <plugins-dir>/<name>/ holds one plugin's jars (default: plugins/ in the"
            + " installation)").build();

    private static final List<Option<?>> ALL = List.of(AGGREGATE_INTERVAL, BEAT_INTERVAL, CONFIG_FILE, LOG_LEVEL,
        LOG_FORMAT, POLL_INTERVAL, RETENTION, SERVER, SERVER_LISTEN_ADDRESS, VERSION, STORAGE, ALERTS, PUBLISHERS, FRONT_ENDS,
        DATA_DIR, PLUGINS_DIR, RAW_RETENTION, MAX_LINE_LENGTH, CONFIG_TEMPLATE, HELP);
    /**
     * {@link #ALL}, the relay listener's security options ({@link RelaySecurityOptions}) and the relay limits
     * ({@link RelayLimitsOptions}).
     */
    private static final List<Option<?>> EVERY = java.util.stream.Stream.of(ALL, RelaySecurityOptions.ALL,
        RelayLimitsOptions.ALL).flatMap(List::stream).toList();

    private final Path defaultDataDir;
    private final Path defaultPluginsDir;

    private KernelOptions(Optional<Path> pulseHome) {
        // Not option defaults: they would print the build machine's paths into help and the shipped template.
        defaultDataDir = pulseHome.map(home -> home.resolve("data")).orElse(Path.of("./data"));
        defaultPluginsDir = pulseHome.map(home -> home.resolve("plugins")).orElse(Path.of("./plugins"));
    }

    /** The options of an installation rooted at {@code pulseHome} (the {@code pulse.home} system property), if any. */
    public static KernelOptions forHome(Optional<Path> pulseHome) {
        return new KernelOptions(pulseHome);
    }

    /** The data directory when {@code --data-dir} is not set: {@code data/} in the installation, else {@code ./data}. */
    public Path defaultDataDir() {
        return defaultDataDir;
    }

    /** The plugins directory when {@code --plugins-dir} is not set: {@code plugins/} in the installation. */
    public Path defaultPluginsDir() {
        return defaultPluginsDir;
    }

    /** Every kernel option, in {@code --help} order. */
    public List<Option<?>> all() {
        return EVERY;
    }

    /** Where an option may be set: the actions only on the command line, the config file's path not in the file. */
    public static DeclaredOption.Scope scopeOf(Option<?> option) {
        if (option == HELP || option == VERSION || option == CONFIG_TEMPLATE) {
            return DeclaredOption.Scope.COMMAND_LINE_ONLY;
        }
        return option == CONFIG_FILE ? DeclaredOption.Scope.NOT_IN_FILE : DeclaredOption.Scope.EVERYWHERE;
    }

    private static OptionType<String> pluginId() {
        return OptionType.of("id", text -> {
            String id = text.strip();
            if (!PLUGIN_ID.matcher(id).matches()) {
                throw new IllegalArgumentException("'" + id + "' is not " + PLUGIN_ID_TEXT);
            }
            return id;
        }, id -> id);
    }
}
