package io.pulse.storage.influxdb;

import io.pulse.spi.ConfigException;
import io.pulse.spi.ConfigOption;
import io.pulse.spi.ConfigView;
import io.pulse.spi.PluginContext;
import io.pulse.spi.ServerSettings;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The validated configuration of one InfluxDB storage instance: where InfluxDB is (the server flag
 * {@code influx-address}), the names of the layout (section {@code influxdb}, defaults = the original's layout),
 * retention and intervals (from the server settings), and write/buffer tuning.
 *
 * @param address              InfluxDB's base URL, e.g. {@code http://127.0.0.1:8086}
 * @param database             database name ({@code statistics})
 * @param rawPolicy            retention policy of raw samples ({@code one_day}), made the database's default
 * @param aggregatePolicy      retention policy of the down-sampled data ({@code one_week})
 * @param aggregateMeasurement measurement the down-sampled means go to ({@code aggregate})
 * @param continuousQuery      name of the continuous query that down-samples ({@code aggregate})
 * @param rawRetention         duration of {@code rawPolicy} (server setting, 8 h)
 * @param retention            duration of {@code aggregatePolicy} ({@code --retention} weeks)
 * @param aggregateInterval    down-sampling bucket ({@code --aggregate-interval})
 * @param batchMaxPoints       most lines per write request
 * @param bufferMaxBytes       bound of the on-disk buffer
 * @param timeout              HTTP timeout of writes, pings and DDL
 * @param queryTimeout         HTTP timeout of queries and aggregation runs
 * @param retryInterval        how often the background task retries DDL and replays the buffer
 */
record InfluxSettings(URI address, String database, String rawPolicy, String aggregatePolicy,
                      String aggregateMeasurement, String continuousQuery, Duration rawRetention, Duration retention,
                      Duration aggregateInterval, int batchMaxPoints, long bufferMaxBytes, Duration timeout,
                      Duration queryTimeout, Duration retryInterval) {

    /** The server flag (top-level key) holding InfluxDB's address, as in the original. */
    static final String ADDRESS_KEY = "influx-address";
    static final String DEFAULT_ADDRESS = "http://127.0.0.1:8086";

    /** The keys of the {@code influxdb} section. */
    static final List<ConfigOption> OPTIONS = List.of(
        new ConfigOption("database", "statistics", "InfluxDB database holding raw and down-sampled stats"),
        new ConfigOption("raw-policy", "one_day", "retention policy for raw samples (made the database default; keeps the raw retention, 8h)"),
        new ConfigOption("aggregate-policy", "one_week", "retention policy for down-sampled means (keeps --retention weeks)"),
        new ConfigOption("aggregate-measurement", "aggregate", "measurement in the aggregate policy that receives the means"),
        new ConfigOption("continuous-query", "aggregate", "name of the continuous query that down-samples"),
        new ConfigOption("batch-max-points", "5000", "most samples per write request; bigger writes are split"),
        new ConfigOption("buffer-max-size", "256m", "bound of the on-disk buffer used while InfluxDB is unreachable (k, m, g suffixes); when full the oldest samples are dropped"),
        new ConfigOption("timeout", "5s", "HTTP timeout for writes, pings and schema statements"),
        new ConfigOption("query-timeout", "30s", "HTTP timeout for queries and aggregation runs"),
        new ConfigOption("retry-interval", "2s", "how often an unreachable InfluxDB is retried and the buffer replayed"));

    private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*([kmg]?)(i?b)?", Pattern.CASE_INSENSITIVE);
    private static final Duration MIN_POLICY_DURATION = Duration.ofHours(1);

    /** Reads and validates the settings; throws {@link ConfigException} naming the key. */
    static InfluxSettings from(PluginContext context) {
        ConfigView config = context.config();
        ServerSettings server = context.settings();
        URI address = address(context.serverConfig());
        String database = name(config, "database");
        String rawPolicy = name(config, "raw-policy");
        String aggregatePolicy = name(config, "aggregate-policy");
        if (rawPolicy.equals(aggregatePolicy)) {
            throw new ConfigException(config.fullKey("aggregate-policy") + ": must differ from "
                + config.fullKey("raw-policy") + " ('" + rawPolicy + "'), or raw samples and means would share a retention");
        }
        String aggregateMeasurement = name(config, "aggregate-measurement");
        String continuousQuery = name(config, "continuous-query");
        Duration rawRetention = policyDuration("raw retention", server.rawRetention());
        Duration retention = policyDuration("retention", server.retention());
        Duration aggregateInterval = server.aggregateInterval();
        if (aggregateInterval.toMillis() < 1000 || !aggregateInterval.equals(Duration.ofMillis(aggregateInterval.toMillis()))) {
            throw new ConfigException("aggregate-interval: must be a whole number of milliseconds of at least 1s for InfluxDB, got " + aggregateInterval);
        }
        int batchMaxPoints = config.getInt("batch-max-points", 5000, 1, 1_000_000);
        long bufferMaxBytes = size(config, "buffer-max-size", 256L << 20);
        Duration timeout = positive(config, "timeout", Duration.ofSeconds(5));
        Duration queryTimeout = positive(config, "query-timeout", Duration.ofSeconds(30));
        Duration retryInterval = positive(config, "retry-interval", Duration.ofSeconds(2));
        return new InfluxSettings(address, database, rawPolicy, aggregatePolicy, aggregateMeasurement, continuousQuery,
            rawRetention, retention, aggregateInterval, batchMaxPoints, bufferMaxBytes, timeout, queryTimeout, retryInterval);
    }

    private static URI address(ConfigView serverConfig) {
        String text = serverConfig.get(ADDRESS_KEY).filter(s -> !s.isBlank()).orElse(DEFAULT_ADDRESS).strip();
        try {
            URI uri = new URI(text);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
                throw new URISyntaxException(text, "expected http://host:port or https://host:port");
            }
            if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
                throw new URISyntaxException(text, "expected no query or fragment");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new ConfigException(serverConfig.fullKey(ADDRESS_KEY) + ": expected an InfluxDB URL like "
                + DEFAULT_ADDRESS + ", got '" + text + "'");
        }
    }

    private static String name(ConfigView config, String key) {
        String defaultValue = OPTIONS.stream().filter(o -> o.key().equals(key)).findFirst().orElseThrow().defaultValue();
        String value = config.get(key, defaultValue).strip();
        if (value.isEmpty() || value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0) {
            throw new ConfigException(config.fullKey(key) + ": expected a name on one line, got '"
                + LineProtocol.printable(value) + "'");
        }
        return value;
    }

    private static Duration policyDuration(String what, Duration duration) {
        if (duration.compareTo(MIN_POLICY_DURATION) < 0) {
            throw new ConfigException(what + ": InfluxDB keeps data at least 1h, got " + duration);
        }
        if (!duration.equals(Duration.ofMillis(duration.toMillis()))) {
            throw new ConfigException(what + ": must be a whole number of milliseconds, got " + duration);
        }
        return duration;
    }

    private static Duration positive(ConfigView config, String key, Duration defaultValue) {
        Duration d = config.getDuration(key, defaultValue);
        if (d.toMillis() <= 0) {
            throw new ConfigException(config.fullKey(key) + ": expected a positive duration like 5s, got '"
                + config.get(key, "") + "'");
        }
        return d;
    }

    /** A byte size: a whole number with an optional k, m or g suffix (powers of 1024), e.g. {@code 64m}. */
    static long size(ConfigView config, String key, long defaultValue) {
        String text = config.get(key).map(String::strip).orElse("");
        if (text.isEmpty()) {
            return defaultValue;
        }
        Matcher m = SIZE.matcher(text);
        long value;
        try {
            if (!m.matches()) {
                throw new NumberFormatException();
            }
            long n = Long.parseLong(m.group(1));
            int shift = switch (m.group(2).toLowerCase(Locale.ROOT)) {
                case "k" -> 10;
                case "m" -> 20;
                case "g" -> 30;
                default -> 0;
            };
            value = Math.multiplyExact(n, 1L << shift);
        } catch (NumberFormatException | ArithmeticException e) {
            throw new ConfigException(config.fullKey(key) + ": expected a size like 512k, 256m or 2g, got '" + text + "'");
        }
        if (value < 64 * 1024) {
            throw new ConfigException(config.fullKey(key) + ": expected at least 64k, got '" + text + "'");
        }
        return value;
    }

    /** The address without a trailing slash, for messages and the client. */
    String addressText() {
        String s = address.toString();
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }
}
