package io.pulse.kernel.config;

import io.pulse.kernel.cli.Flags;
import io.pulse.spi.ConfigException;
import io.pulse.spi.Durations;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Turns the merged configuration into {@link PulseSettings}, checking every value. The first invalid value stops
 * parsing with a {@link ConfigException} whose message names the key, says what is accepted, shows what was given
 * and where it came from, e.g.
 * {@code poll-interval: expected a whole number of seconds or a duration like 90s, got 'soon' (from environment variable PULSE_POLL_INTERVAL)}.
 *
 * <p>Plugin selection follows the configuration: storage is {@code --storage}, else {@code influxdb} when
 * {@code influx-address} was set explicitly (any source but the default), else {@code memory}; alerts are
 * {@code --alerts}, else {@code kapacitor} when {@code kapacitor-address} is set; publishers are
 * {@code --publishers}, else {@code mist} when {@code mist-address} is set; front ends are {@code --front-ends}.
 * Stateless.
 */
public final class SettingsParser {

    /** Plugin factory ids: lower-case words joined by {@code -}. */
    public static final Pattern PLUGIN_ID = Pattern.compile("[a-z][a-z0-9]*(-[a-z0-9]+)*");

    private static final Duration DEFAULT_POLL = Duration.ofSeconds(60);
    private static final int MIN_LINE_LENGTH = 1024;
    private static final int MAX_LINE_LENGTH = 64 * 1024 * 1024;

    private SettingsParser() {
    }

    /**
     * Parses and validates.
     *
     * @throws ConfigException for the first invalid value
     */
    public static PulseSettings parse(ResolvedConfig config) {
        Duration aggregate = interval(config, Flags.AGGREGATE_INTERVAL, ChronoUnit.MINUTES, "minutes");
        requireAtLeast(config, Flags.AGGREGATE_INTERVAL, aggregate, Duration.ofSeconds(1), "1 second");

        Duration beat = interval(config, Flags.BEAT_INTERVAL, ChronoUnit.SECONDS, "seconds");
        requireAtLeast(config, Flags.BEAT_INTERVAL, beat, Duration.ofSeconds(2), "2 seconds");
        if (beat.getNano() != 0) {
            // The relay protocol announces the heartbeat as whole seconds ("beat <N>").
            throw config.invalid(Flags.BEAT_INTERVAL, "must be a whole number of seconds, got " + Durations.format(beat));
        }

        Duration poll = interval(config, Flags.POLL_INTERVAL, ChronoUnit.SECONDS, "seconds");
        if (poll.isZero()) {
            poll = DEFAULT_POLL;
        }
        requireAtLeast(config, Flags.POLL_INTERVAL, poll, Duration.ofSeconds(1), "1 second (or 0 for the default 60)");

        Duration retention = interval(config, Flags.RETENTION, ChronoUnit.WEEKS, "weeks");
        requireAtLeast(config, Flags.RETENTION, retention, Duration.ofSeconds(1), "1 second");

        Duration rawRetention = interval(config, Flags.RAW_RETENTION, ChronoUnit.HOURS, "hours");
        requireAtLeast(config, Flags.RAW_RETENTION, rawRetention, Duration.ofSeconds(1), "1 second");

        int maxLineLength = integer(config, Flags.MAX_LINE_LENGTH, MIN_LINE_LENGTH, MAX_LINE_LENGTH);

        boolean insecure = bool(config, Flags.INSECURE);
        boolean server = bool(config, Flags.SERVER);

        String logText = text(config, Flags.LOG_LEVEL);
        LogLevel logLevel = LogLevel.parse(logText).orElseThrow(() -> config.invalid(Flags.LOG_LEVEL,
            "expected trace, debug, info, warn, error or fatal, got '" + logText + "'"));

        ListenAddress http = address(config, Flags.HTTP_LISTEN_ADDRESS);
        ListenAddress relays = address(config, Flags.SERVER_LISTEN_ADDRESS);
        String influx = url(config, Flags.INFLUX_ADDRESS);
        String kapacitor = url(config, Flags.KAPACITOR_ADDRESS);
        String mist = mistAddress(config);

        Path dataDir = path(config, Flags.DATA_DIR).orElseThrow(() -> config.invalid(Flags.DATA_DIR, "must not be empty"));
        Path pluginsDir = path(config, Flags.PLUGINS_DIR)
            .orElseThrow(() -> config.invalid(Flags.PLUGINS_DIR, "must not be empty"));
        Optional<Path> configFile = path(config, Flags.CONFIG_FILE);
        Optional<Path> tlsCert = readableFile(config, Flags.TLS_CERT);
        Optional<Path> tlsKey = readableFile(config, Flags.TLS_KEY);
        if (tlsCert.isPresent() != tlsKey.isPresent()) {
            String missing = tlsCert.isPresent() ? Flags.TLS_KEY : Flags.TLS_CERT;
            String given = tlsCert.isPresent() ? Flags.TLS_CERT : Flags.TLS_KEY;
            throw config.invalid(missing, "must be set together with --" + given);
        }

        PluginChoice storage = storageChoice(config);
        Optional<PluginChoice> alerts = alertsChoice(config);
        List<PluginChoice> publishers = publishersChoice(config);
        List<PluginChoice> frontEnds = idList(config, Flags.FRONT_ENDS).stream()
            .map(id -> new PluginChoice(id, reason(config, Flags.FRONT_ENDS)))
            .toList();

        return new PulseSettings(aggregate, beat, configFile, text(config, Flags.CORS_ALLOW), http, influx, insecure,
            kapacitor, logLevel, mist, text(config, Flags.MIST_TOKEN), poll, retention, server, relays,
            text(config, Flags.TOKEN), storage, alerts, publishers, frontEnds, dataDir, pluginsDir, rawRetention,
            maxLineLength, tlsCert, tlsKey);
    }

    /** Whether the merged configuration asks to run as a server ({@code -s}, {@code server: true}, ...). */
    public static boolean isServer(ResolvedConfig config) {
        return bool(config, Flags.SERVER);
    }

    /** The log level if it is valid (used to set up logging before full validation); else info. */
    public static LogLevel logLevelOrInfo(ResolvedConfig config) {
        return LogLevel.parse(text(config, Flags.LOG_LEVEL)).orElse(LogLevel.INFO);
    }

    private static PluginChoice storageChoice(ResolvedConfig config) {
        String given = text(config, Flags.STORAGE).strip();
        if (!given.isEmpty()) {
            return new PluginChoice(pluginId(config, Flags.STORAGE, given), reason(config, Flags.STORAGE));
        }
        if (config.isExplicit(Flags.INFLUX_ADDRESS)) {
            return new PluginChoice("influxdb", reason(config, Flags.INFLUX_ADDRESS));
        }
        return new PluginChoice("memory", "it is the default (set --storage or --influx-address to choose another)");
    }

    private static Optional<PluginChoice> alertsChoice(ResolvedConfig config) {
        String given = text(config, Flags.ALERTS).strip();
        if (!given.isEmpty()) {
            return Optional.of(new PluginChoice(pluginId(config, Flags.ALERTS, given), reason(config, Flags.ALERTS)));
        }
        if (!text(config, Flags.KAPACITOR_ADDRESS).isBlank()) {
            return Optional.of(new PluginChoice("kapacitor", reason(config, Flags.KAPACITOR_ADDRESS)));
        }
        return Optional.empty();
    }

    private static List<PluginChoice> publishersChoice(ResolvedConfig config) {
        if (config.isExplicit(Flags.PUBLISHERS)) {
            return idList(config, Flags.PUBLISHERS).stream()
                .map(id -> new PluginChoice(id, reason(config, Flags.PUBLISHERS)))
                .toList();
        }
        if (!text(config, Flags.MIST_ADDRESS).isBlank()) {
            return List.of(new PluginChoice("mist", reason(config, Flags.MIST_ADDRESS)));
        }
        return List.of();
    }

    private static String reason(ResolvedConfig config, String key) {
        return config.isExplicit(key) ? "--" + key + " is set (" + config.origin(key) + ")"
            : "it is the default of --" + key;
    }

    private static List<String> idList(ResolvedConfig config, String key) {
        Set<String> ids = new LinkedHashSet<>();
        for (String part : text(config, key).split(",")) {
            String id = part.strip();
            if (!id.isEmpty()) {
                ids.add(pluginId(config, key, id));
            }
        }
        return new ArrayList<>(ids);
    }

    private static String pluginId(ResolvedConfig config, String key, String id) {
        if (!PLUGIN_ID.matcher(id).matches()) {
            throw config.invalid(key, "'" + id + "' is not a plugin id (lower-case letters, digits and '-')");
        }
        return id;
    }

    private static String text(ResolvedConfig config, String key) {
        return config.get(key).orElse("");
    }

    /**
     * An interval: a plain whole number in the flag's unit (as the original took it), or a duration literal.
     */
    private static Duration interval(ResolvedConfig config, String key, ChronoUnit unit, String unitName) {
        String value = text(config, key).strip();
        String expected = "expected a whole number of " + unitName + " or a duration like "
            + example(unit) + ", got '" + value + "'";
        if (value.isEmpty()) {
            throw config.invalid(key, expected);
        }
        if (value.matches("[+-]?\\d+")) {
            long amount;
            try {
                amount = Long.parseLong(value);
            } catch (NumberFormatException e) {
                throw config.invalid(key, "'" + value + "' is too large");
            }
            if (amount < 0) {
                throw config.invalid(key, "must not be negative, got " + value);
            }
            try {
                return unit.getDuration().multipliedBy(amount);
            } catch (ArithmeticException e) {
                throw config.invalid(key, "'" + value + "' is too large");
            }
        }
        if (value.startsWith("-")) {
            throw config.invalid(key, "must not be negative, got '" + value + "'");
        }
        try {
            return Durations.parse(value);
        } catch (IllegalArgumentException e) {
            throw config.invalid(key, expected);
        }
    }

    private static String example(ChronoUnit unit) {
        return switch (unit) {
            case MINUTES -> "30m";
            case WEEKS -> "30d";
            case HOURS -> "90m";
            default -> "90s";
        };
    }

    private static void requireAtLeast(ResolvedConfig config, String key, Duration value, Duration min, String minText) {
        if (value.compareTo(min) < 0) {
            throw config.invalid(key, "must be at least " + minText + ", got " + Durations.format(value));
        }
    }

    private static int integer(ResolvedConfig config, String key, int min, int max) {
        String value = text(config, key).strip();
        long n;
        try {
            n = Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw config.invalid(key, "expected a whole number from " + min + " to " + max + ", got '" + value + "'");
        }
        if (n < min || n > max) {
            throw config.invalid(key, "expected a whole number from " + min + " to " + max + ", got " + n);
        }
        return (int) n;
    }

    private static boolean bool(ResolvedConfig config, String key) {
        String value = text(config, key).strip();
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw config.invalid(key, "expected true or false, got '" + value + "'");
        };
    }

    private static ListenAddress address(ResolvedConfig config, String key) {
        String value = text(config, key);
        return ListenAddress.parse(value).orElseThrow(() -> config.invalid(key,
            "expected host:port (e.g. 127.0.0.1:3000, [::1]:3000 or :3000), got '" + value + "'"));
    }

    /** An http(s) URL with a host, or empty. */
    private static String url(ResolvedConfig config, String key) {
        String value = text(config, key).strip();
        if (value.isEmpty()) {
            return value;
        }
        String expected = "expected an http:// or https:// URL such as http://127.0.0.1:8086, got '" + value + "'";
        try {
            URI uri = new URI(value);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
                throw config.invalid(key, expected);
            }
        } catch (URISyntaxException e) {
            throw config.invalid(key, expected);
        }
        return value;
    }

    /** Mist is a TCP address: {@code host:port}, optionally written {@code tcp://host:port}; or empty. */
    private static String mistAddress(ResolvedConfig config) {
        String value = text(config, Flags.MIST_ADDRESS).strip();
        if (value.isEmpty()) {
            return value;
        }
        String hostPort = value.startsWith("tcp://") ? value.substring("tcp://".length()) : value;
        Optional<ListenAddress> parsed = ListenAddress.parse(hostPort);
        if (parsed.isEmpty() || parsed.get().host().isEmpty() || parsed.get().port() == 0) {
            throw config.invalid(Flags.MIST_ADDRESS, "expected host:port such as 127.0.0.1:1445, got '" + value + "'");
        }
        return value;
    }

    private static Optional<Path> path(ResolvedConfig config, String key) {
        String value = text(config, key).strip();
        if (value.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Path.of(value));
        } catch (InvalidPathException e) {
            throw config.invalid(key, "'" + value + "' is not a valid path: " + e.getReason());
        }
    }

    private static Optional<Path> readableFile(ResolvedConfig config, String key) {
        Optional<Path> path = path(config, key);
        if (path.isPresent() && !(Files.isRegularFile(path.get()) && Files.isReadable(path.get()))) {
            throw config.invalid(key, "cannot read the file " + path.get());
        }
        return path;
    }
}
