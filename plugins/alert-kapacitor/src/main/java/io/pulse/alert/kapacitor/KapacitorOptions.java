package io.pulse.alert.kapacitor;

import io.pulse.spi.option.Option;
import io.pulse.spi.option.OptionType;

import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * The options of the {@code kapacitor} alert backend: Kapacitor's address (the original's {@code -k}, whose setting
 * selects this backend), where the tasks read from (the original layout: database {@code statistics}, retention
 * policy {@code one_day}), an optional {@code .log(...)} file and the HTTP tuning. Each type carries its range, so the
 * kernel rejects a bad value naming the option.
 */
final class KapacitorOptions {

    /**
     * An InfluxDB database or retention policy name: any text on one line. The script quotes and escapes it, so
     * nothing else is excluded; a line break would end the InfluxQL statement.
     */
    private static final OptionType<String> NAME = OptionType.of("name", text -> {
        String name = text.strip();
        if (name.isEmpty() || name.indexOf('\n') >= 0 || name.indexOf('\r') >= 0) {
            throw new IllegalArgumentException("expected a name on one line, got '" + text + "'");
        }
        return name;
    }, name -> name);

    /**
     * A file on the Kapacitor host. It becomes a TICKscript single-quoted string, in which a trailing backslash
     * would escape the closing quote, so that is refused here rather than by Kapacitor on every alert.
     */
    private static final OptionType<String> REMOTE_PATH = OptionType.of("path", text -> {
        String path = text.strip();
        if (path.isEmpty() || path.endsWith("\\") || path.indexOf('\n') >= 0 || path.indexOf('\r') >= 0) {
            throw new IllegalArgumentException("expected a file path on the Kapacitor host such as /tmp/alerts.log"
                + " (one line, not ending in a backslash), got '" + text + "'");
        }
        return path;
    }, path -> path);

    static final Option<URI> ADDRESS = Option.builder("address", OptionType.httpUrl())
        .flag("kapacitor-address", 'k')
        .description("Kapacitor server address, e.g. http://127.0.0.1:9092 (setting it selects the kapacitor alerts)")
        .build();
    static final Option<String> DATABASE = Option.builder("database", NAME)
        .defaultValue("statistics")
        .description("InfluxDB database the alert tasks query (the influxdb storage's database)")
        .build();
    static final Option<String> RETENTION_POLICY = Option.builder("retention-policy", NAME)
        .defaultValue("one_day")
        .description("retention policy of the raw samples the alert tasks query (the influxdb storage's raw-policy)")
        .build();
    static final Option<String> LOG = Option.builder("log", REMOTE_PATH)
        .description("file on the Kapacitor host every alert task also logs to (.log(...)); none when unset")
        .build();
    static final Option<Duration> TIMEOUT = Option.builder("timeout",
            OptionType.duration(Duration.ofMillis(100), Duration.ofMinutes(2)))
        .defaultValue(Duration.ofSeconds(5))
        .description("HTTP timeout of one call to Kapacitor (connect, send and read)")
        .build();
    static final Option<Duration> RETRY_INTERVAL = Option.builder("retry-interval",
            OptionType.duration(Duration.ofMillis(100), Duration.ofHours(1)))
        .defaultValue(Duration.ofSeconds(10))
        .description("how often Kapacitor is pinged to keep the health current (and retried while it is down)")
        .build();

    /** Every option, in {@code --help} order. */
    static final List<Option<?>> ALL = List.of(ADDRESS, DATABASE, RETENTION_POLICY, LOG, TIMEOUT, RETRY_INTERVAL);

    private KapacitorOptions() {
    }
}
