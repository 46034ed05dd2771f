package io.pulse.kernel.cli;

import io.pulse.kernel.cli.Flag.Scope;
import io.pulse.kernel.cli.Flag.Type;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every flag Pulse accepts: the original pulse's flags with their short forms and defaults, then what Pulse adds
 * (long form only). The list order is the order of {@code --help}.
 *
 * <p>Defaults of {@code --data-dir} and {@code --plugins-dir} depend on the installation: under
 * {@code ${pulse.home}} when the launcher sets that system property, else relative to the working directory.
 * Immutable and thread-safe.
 */
public final class Flags {

    public static final String AGGREGATE_INTERVAL = "aggregate-interval";
    public static final String BEAT_INTERVAL = "beat-interval";
    public static final String CONFIG_FILE = "config-file";
    public static final String CORS_ALLOW = "cors-allow";
    public static final String HTTP_LISTEN_ADDRESS = "http-listen-address";
    public static final String INFLUX_ADDRESS = "influx-address";
    public static final String INSECURE = "insecure";
    public static final String KAPACITOR_ADDRESS = "kapacitor-address";
    public static final String LOG_LEVEL = "log-level";
    public static final String MIST_ADDRESS = "mist-address";
    public static final String MIST_TOKEN = "mist-token";
    public static final String POLL_INTERVAL = "poll-interval";
    public static final String RETENTION = "retention";
    public static final String SERVER = "server";
    public static final String SERVER_LISTEN_ADDRESS = "server-listen-address";
    public static final String TOKEN = "token";
    public static final String VERSION = "version";
    public static final String STORAGE = "storage";
    public static final String ALERTS = "alerts";
    public static final String PUBLISHERS = "publishers";
    public static final String FRONT_ENDS = "front-ends";
    public static final String DATA_DIR = "data-dir";
    public static final String PLUGINS_DIR = "plugins-dir";
    public static final String RAW_RETENTION = "raw-retention";
    public static final String MAX_LINE_LENGTH = "max-line-length";
    public static final String TLS_CERT = "tls-cert";
    public static final String TLS_KEY = "tls-key";
    public static final String HELP = "help";

    /** The system property the launcher sets to the installation directory. */
    public static final String PULSE_HOME_PROPERTY = "pulse.home";

    private final Map<String, Flag> byLongName = new LinkedHashMap<>();
    private final Map<Character, Flag> byShortName = new LinkedHashMap<>();

    private Flags(Optional<Path> pulseHome) {
        Path base = pulseHome.orElse(Path.of("."));
        String dataDir = pulseHome.isPresent() ? base.resolve("data").toString() : "./data";
        String pluginsDir = pulseHome.isPresent() ? base.resolve("plugins").toString() : "./plugins";
        List<Flag> all = List.of(
            new Flag(AGGREGATE_INTERVAL, 'a', Type.INTERVAL, "15",
                "Interval at which stats are aggregated, in minutes (or a duration like 30m)", Scope.EVERYWHERE),
            new Flag(BEAT_INTERVAL, 'b', Type.INTERVAL, "30",
                "Relay heartbeat interval, in seconds (or a duration); a relay silent twice as long is dropped",
                Scope.EVERYWHERE),
            new Flag(CONFIG_FILE, 'c', Type.PATH, "",
                "Config file location for server (.json, .yaml or .yml)", Scope.NOT_IN_FILE),
            new Flag(CORS_ALLOW, 'C', Type.STRING, "*",
                "Sets the 'Access-Control-Allow-Origin' header", Scope.EVERYWHERE),
            new Flag(HTTP_LISTEN_ADDRESS, 'H', Type.ADDRESS, "127.0.0.1:8080",
                "Http listen address", Scope.EVERYWHERE),
            new Flag(INFLUX_ADDRESS, 'i', Type.URL, "http://127.0.0.1:8086",
                "InfluxDB server address (setting it selects the influxdb storage)", Scope.EVERYWHERE),
            new Flag(INSECURE, 'I', Type.BOOLEAN, "true",
                "Run insecure: plain HTTP (false: HTTPS with --tls-cert/--tls-key or a self-signed certificate)",
                Scope.EVERYWHERE),
            new Flag(KAPACITOR_ADDRESS, 'k', Type.URL, "",
                "Kapacitor server address, e.g. http://127.0.0.1:9092 (setting it enables kapacitor alerts)",
                Scope.EVERYWHERE),
            new Flag(LOG_LEVEL, 'l', Type.STRING, "info",
                "Level at which to log: trace, debug, info, warn, error or fatal", Scope.EVERYWHERE),
            new Flag(MIST_ADDRESS, 'm', Type.STRING, "",
                "Mist server address, e.g. 127.0.0.1:1445 (setting it enables the mist publisher)", Scope.EVERYWHERE),
            new Flag(MIST_TOKEN, 'M', Type.STRING, "", "Mist server token", Scope.EVERYWHERE),
            new Flag(POLL_INTERVAL, 'p', Type.INTERVAL, "60",
                "Interval to request stats from relays, in seconds (or a duration); 0 means 60", Scope.EVERYWHERE),
            new Flag(RETENTION, 'r', Type.INTERVAL, "1",
                "How long aggregated stats are kept, in weeks (or a duration like 30d)", Scope.EVERYWHERE),
            new Flag(SERVER, 's', Type.BOOLEAN, "false", "Run as server", Scope.EVERYWHERE),
            new Flag(SERVER_LISTEN_ADDRESS, 'S', Type.ADDRESS, "127.0.0.1:3000",
                "Server listen address (where relays connect)", Scope.EVERYWHERE),
            new Flag(TOKEN, 't', Type.STRING, "secret",
                "Security token (recommend placing in config file)", Scope.EVERYWHERE),
            new Flag(VERSION, 'v', Type.BOOLEAN, "false", "Print version info and exit", Scope.COMMAND_LINE_ONLY),
            new Flag(STORAGE, (char) 0, Type.STRING, "",
                "Storage plugin id (default: influxdb when --influx-address is set, else memory)", Scope.EVERYWHERE),
            new Flag(ALERTS, (char) 0, Type.STRING, "",
                "Alert plugin id (default: kapacitor when --kapacitor-address is set, else none)", Scope.EVERYWHERE),
            new Flag(PUBLISHERS, (char) 0, Type.LIST, "",
                "Live publisher plugin ids, comma separated (default: mist when --mist-address is set)",
                Scope.EVERYWHERE),
            new Flag(FRONT_ENDS, (char) 0, Type.LIST, "http",
                "Front-end plugin ids, comma separated", Scope.EVERYWHERE),
            new Flag(DATA_DIR, (char) 0, Type.PATH, dataDir,
                "Data directory; each plugin gets <data-dir>/<id>", Scope.EVERYWHERE),
            new Flag(PLUGINS_DIR, (char) 0, Type.PATH, pluginsDir,
                "Plugin folders: each <plugins-dir>/<name>/ holds one plugin's jars", Scope.EVERYWHERE),
            new Flag(RAW_RETENTION, (char) 0, Type.INTERVAL, "8h",
                "How long raw samples are kept, in hours (or a duration like 90m)", Scope.EVERYWHERE),
            new Flag(MAX_LINE_LENGTH, (char) 0, Type.INTEGER, "65536",
                "Longest relay protocol line accepted, in bytes; longer lines close the connection", Scope.EVERYWHERE),
            new Flag(TLS_CERT, (char) 0, Type.PATH, "",
                "PEM certificate (chain) for HTTPS, used with --tls-key when --insecure=false", Scope.EVERYWHERE),
            new Flag(TLS_KEY, (char) 0, Type.PATH, "",
                "PEM private key for HTTPS, used with --tls-cert when --insecure=false", Scope.EVERYWHERE),
            new Flag(HELP, 'h', Type.BOOLEAN, "false", "Print this help and exit", Scope.COMMAND_LINE_ONLY));
        for (Flag flag : all) {
            byLongName.put(flag.longName(), flag);
            flag.shortForm().ifPresent(c -> byShortName.put(c, flag));
        }
    }

    /** The flags of an installation rooted at {@code pulseHome} (the {@code pulse.home} system property), if any. */
    public static Flags forHome(Optional<Path> pulseHome) {
        return new Flags(pulseHome);
    }

    /** Every flag, in help order. */
    public List<Flag> all() {
        return List.copyOf(byLongName.values());
    }

    /** The flag with that long name. */
    public Optional<Flag> byLongName(String name) {
        return Optional.ofNullable(byLongName.get(name));
    }

    /** The flag with that short name. */
    public Optional<Flag> byShortName(char name) {
        return Optional.ofNullable(byShortName.get(name));
    }

    /** The flag with that long name; for names this class defines. */
    public Flag get(String longName) {
        Flag flag = byLongName.get(longName);
        if (flag == null) {
            throw new IllegalArgumentException("no flag --" + longName);
        }
        return flag;
    }

    /** The flags that are settings (everything but {@code --help} and {@code --version}), in help order. */
    public List<Flag> settings() {
        return byLongName.values().stream().filter(f -> f.scope() != Scope.COMMAND_LINE_ONLY).toList();
    }

    /** Long name to default text, for every setting that has a default. */
    public Map<String, String> defaults() {
        Map<String, String> out = new LinkedHashMap<>();
        for (Flag flag : settings()) {
            if (!flag.defaultText().isEmpty()) {
                out.put(flag.longName(), flag.defaultText());
            }
        }
        return out;
    }
}
