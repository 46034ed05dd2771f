package io.pulse.storage.influxdb;

import io.pulse.spi.ConfigException;
import io.pulse.spi.ServerSettings;
import io.pulse.spi.option.OptionValues;

import java.net.URI;
import java.time.Duration;

import static io.pulse.storage.influxdb.InfluxDbOptions.ADDRESS;
import static io.pulse.storage.influxdb.InfluxDbOptions.AGGREGATE_MEASUREMENT;
import static io.pulse.storage.influxdb.InfluxDbOptions.AGGREGATE_POLICY;
import static io.pulse.storage.influxdb.InfluxDbOptions.BATCH_MAX_POINTS;
import static io.pulse.storage.influxdb.InfluxDbOptions.BUFFER_MAX_SIZE;
import static io.pulse.storage.influxdb.InfluxDbOptions.CONTINUOUS_QUERY;
import static io.pulse.storage.influxdb.InfluxDbOptions.DATABASE;
import static io.pulse.storage.influxdb.InfluxDbOptions.QUERY_TIMEOUT;
import static io.pulse.storage.influxdb.InfluxDbOptions.RAW_POLICY;
import static io.pulse.storage.influxdb.InfluxDbOptions.RETRY_INTERVAL;
import static io.pulse.storage.influxdb.InfluxDbOptions.TIMEOUT;
import static io.pulse.storage.influxdb.InfluxDbOptions.WRITE_INTERVAL;

/**
 * The validated configuration of one InfluxDB storage instance: where InfluxDB is, the names of the layout, retention
 * and intervals (from the server settings), and write/buffer tuning. The options ({@link InfluxDbOptions}) arrive
 * parsed and range-checked; this adds the checks that span several values.
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
 * @param writeInterval        how long lines are gathered into one write request; zero: one request per write
 * @param bufferMaxBytes       bound of the on-disk buffer
 * @param timeout              HTTP timeout of writes, pings and DDL
 * @param queryTimeout         HTTP timeout of queries and aggregation runs
 * @param retryInterval        how often the background task retries DDL and replays the buffer
 */
record InfluxDbSettings(URI address, String database, String rawPolicy, String aggregatePolicy,
                      String aggregateMeasurement, String continuousQuery, Duration rawRetention, Duration retention,
                      Duration aggregateInterval, int batchMaxPoints, Duration writeInterval, long bufferMaxBytes, Duration timeout,
                      Duration queryTimeout, Duration retryInterval) {

    private static final Duration MIN_POLICY_DURATION = Duration.ofHours(1);

    /**
     * Combines the parsed options with the server settings and checks what no single option can: the two policies
     * differ, and the server's durations suit InfluxDB.
     *
     * @throws ConfigException naming the keys
     */
    static InfluxDbSettings from(OptionValues options, ServerSettings server) {
        String rawPolicy = options.get(RAW_POLICY);
        String aggregatePolicy = options.get(AGGREGATE_POLICY);
        if (rawPolicy.equals(aggregatePolicy)) {
            throw new ConfigException(key(AGGREGATE_POLICY.key()) + ": must differ from " + key(RAW_POLICY.key())
                + " ('" + rawPolicy + "'), or raw samples and means would share a retention");
        }
        Duration rawRetention = policyDuration("raw retention", server.rawRetention());
        Duration retention = policyDuration("retention", server.retention());
        Duration aggregateInterval = server.aggregateInterval();
        if (aggregateInterval.toMillis() < 1000 || !aggregateInterval.equals(Duration.ofMillis(aggregateInterval.toMillis()))) {
            throw new ConfigException("aggregate-interval: must be a whole number of milliseconds of at least 1s for InfluxDB, got " + aggregateInterval);
        }
        return new InfluxDbSettings(options.get(ADDRESS), options.get(DATABASE), rawPolicy, aggregatePolicy,
            options.get(AGGREGATE_MEASUREMENT), options.get(CONTINUOUS_QUERY), rawRetention, retention,
            aggregateInterval, options.get(BATCH_MAX_POINTS), options.get(WRITE_INTERVAL), options.get(BUFFER_MAX_SIZE), options.get(TIMEOUT),
            options.get(QUERY_TIMEOUT), options.get(RETRY_INTERVAL));
    }

    /** How messages name an option of this section. */
    private static String key(String key) {
        return InfluxDbStorageFactory.ID + "." + key;
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

    /** The address without a trailing slash, for messages and the client. */
    String addressText() {
        String s = address.toString();
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }
}
