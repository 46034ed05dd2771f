package io.pulse.storage.influxdb;

import io.pulse.spi.option.Option;
import io.pulse.spi.option.OptionType;

import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * The options of the {@code influxdb} storage: InfluxDB's address (the original's {@code -i}/{@code --influx-address},
 * whose setting selects this storage), the names of the layout (defaults = the original's layout) and the write and
 * buffer tuning. Each type carries its range, so the kernel rejects a bad value naming the option; what spans several
 * options is checked by {@link InfluxDbSettings#from}.
 */
final class InfluxDbOptions {

    /** Timeouts and the retry interval: at least a millisecond (InfluxDB's clients count in ms), at most a day. */
    private static final OptionType<Duration> POSITIVE_DURATION =
        OptionType.duration(Duration.ofMillis(1), Duration.ofDays(1));

    /**
     * The name of a database, policy, measurement or query: any text on one line. InfluxQL quotes every identifier,
     * so nothing else is excluded; a line break would end the statement (and blank text means "not set").
     */
    private static final OptionType<String> NAME = OptionType.of("name", text -> {
        String name = text.strip();
        if (name.isEmpty() || name.indexOf('\n') >= 0 || name.indexOf('\r') >= 0) {
            throw new IllegalArgumentException("expected a name on one line, got '" + LineProtocol.printable(text) + "'");
        }
        return name;
    }, name -> name);

    static final Option<URI> ADDRESS = Option.builder("address", OptionType.httpUrl())
        .defaultValue(URI.create("http://127.0.0.1:8086"))
        .flag("influx-address", 'i')
        .description("InfluxDB server address (setting it selects the influxdb storage)")
        .build();
    static final Option<String> DATABASE = name("database", "statistics",
        "InfluxDB database holding raw and down-sampled stats");
    static final Option<String> RAW_POLICY = name("raw-policy", "one_day",
        "retention policy for raw samples (made the database default; keeps the raw retention, 8h)");
    static final Option<String> AGGREGATE_POLICY = name("aggregate-policy", "one_week",
        "retention policy for down-sampled means (keeps --retention weeks)");
    static final Option<String> AGGREGATE_MEASUREMENT = name("aggregate-measurement", "aggregate",
        "measurement in the aggregate policy that receives the means");
    static final Option<String> CONTINUOUS_QUERY = name("continuous-query", "aggregate",
        "name of the continuous query that down-samples");
    static final Option<Integer> BATCH_MAX_POINTS = Option.builder("batch-max-points", OptionType.integer(1, 1_000_000))
        .defaultValue(5000)
        .description("most samples per write request; bigger writes are split")
        .build();
    static final Option<Duration> WRITE_INTERVAL = Option.builder("write-interval",
            OptionType.duration(Duration.ZERO, Duration.ofMinutes(1)))
        .defaultValue(Duration.ofSeconds(1))
        .description("how long samples are gathered into one write request (0s: a request per kernel write); queries"
            + " through Pulse see them at once, other InfluxDB clients within this interval")
        .build();
    static final Option<Long> BUFFER_MAX_SIZE = Option.builder("buffer-max-size", OptionType.bytes(64L << 10, 1L << 40))
        .defaultValue(256L << 20)
        .description("bound of the on-disk buffer used while InfluxDB is unreachable (k, m, g suffixes); when full the"
            + " oldest samples are dropped")
        .build();
    static final Option<Duration> TIMEOUT = Option.builder("timeout", POSITIVE_DURATION)
        .defaultValue(Duration.ofSeconds(5))
        .description("HTTP timeout for writes, pings and schema statements")
        .build();
    static final Option<Duration> QUERY_TIMEOUT = Option.builder("query-timeout", POSITIVE_DURATION)
        .defaultValue(Duration.ofSeconds(30))
        .description("HTTP timeout for queries and aggregation runs")
        .build();
    static final Option<Duration> RETRY_INTERVAL = Option.builder("retry-interval", POSITIVE_DURATION)
        .defaultValue(Duration.ofSeconds(2))
        .description("how often an unreachable InfluxDB is retried and the buffer replayed")
        .build();

    /** Every option, in {@code --help} order. */
    static final List<Option<?>> ALL = List.of(ADDRESS, DATABASE, RAW_POLICY, AGGREGATE_POLICY, AGGREGATE_MEASUREMENT,
        CONTINUOUS_QUERY, BATCH_MAX_POINTS, WRITE_INTERVAL, BUFFER_MAX_SIZE, TIMEOUT, QUERY_TIMEOUT, RETRY_INTERVAL);

    private InfluxDbOptions() {
    }

    private static Option<String> name(String key, String defaultValue, String description) {
        return Option.builder(key, NAME).defaultValue(defaultValue).description(description).build();
    }
}
