package io.pulse.storage.influxdb;

import io.pulse.spi.ConfigException;
import io.pulse.storage.tck.TckPluginContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The {@code influxdb} options as the kernel parses them (each bad value named by its key), and the checks this
 * plugin adds across options and server settings.
 */
class InfluxDbOptionsTest {

    @TempDir
    Path dir;

    private InfluxDbSettings settings(String address, Map<String, String> options) {
        return settings(address, options, TckPluginContext.RETENTION);
    }

    private InfluxDbSettings settings(String address, Map<String, String> options, Duration retention) {
        TckPluginContext context =
            StorageHarness.contextBuilder(address, dir, options, retention, TckPluginContext.AGGREGATE_INTERVAL).build();
        return InfluxDbSettings.from(context.options(), context.server());
    }

    @Test
    void defaultsAreTheOriginalLayout() {
        InfluxDbSettings s = settings("", Map.of("retry-interval", "2s", "timeout", "5s", "write-interval", "1s"));
        assertEquals("http://127.0.0.1:8086", s.addressText());
        assertEquals("statistics", s.database());
        assertEquals("one_day", s.rawPolicy());
        assertEquals("one_week", s.aggregatePolicy());
        assertEquals("aggregate", s.aggregateMeasurement());
        assertEquals("aggregate", s.continuousQuery());
        assertEquals(Duration.ofHours(8), s.rawRetention());
        assertEquals(Duration.ofDays(7), s.retention());
        assertEquals(5000, s.batchMaxPoints());
        assertEquals(Duration.ofSeconds(1), s.writeInterval());
        assertEquals(256L << 20, s.bufferMaxBytes());
        assertEquals(Duration.ofSeconds(5), s.timeout());
        assertEquals(Duration.ofSeconds(30), s.queryTimeout());
        assertEquals(Duration.ofSeconds(2), s.retryInterval());
    }

    @Test
    void theDeclaredDefaultsAreTheOriginals() {
        Map<String, String> defaults = new java.util.TreeMap<>();
        InfluxDbOptions.ALL.forEach(o -> defaults.put(o.key(), o.defaultText()));
        assertEquals(Map.ofEntries(Map.entry("address", "http://127.0.0.1:8086"), Map.entry("database", "statistics"),
            Map.entry("raw-policy", "one_day"), Map.entry("aggregate-policy", "one_week"),
            Map.entry("aggregate-measurement", "aggregate"), Map.entry("continuous-query", "aggregate"),
            Map.entry("batch-max-points", "5000"), Map.entry("write-interval", "1s"), Map.entry("buffer-max-size", "256m"),
            Map.entry("timeout", "5s"),
            Map.entry("query-timeout", "30s"), Map.entry("retry-interval", "2s")), defaults);
        InfluxDbOptions.ALL.forEach(o -> assertTrue(!o.description().isBlank() && !o.secret(), o.key()));
    }

    @Test
    void valuesAreTakenAsWritten() {
        InfluxDbSettings s = settings("https://db.example:8086/", Map.of("database", " pulse stats ", "batch-max-points",
            "1000000", "query-timeout", "1m"));
        assertEquals("https://db.example:8086", s.addressText(), "without the trailing slash");
        assertEquals("pulse stats", s.database(), "any name on one line; InfluxQL quotes it");
        assertEquals(1_000_000, s.batchMaxPoints());
        assertEquals(Duration.ofMinutes(1), s.queryTimeout());
        assertEquals(Duration.ZERO, settings("http://db:8086", Map.of("write-interval", "0s")).writeInterval(),
            "zero: a request per write");
        assertEquals(Duration.ofMillis(250), settings("http://db:8086", Map.of("write-interval", "250ms")).writeInterval());
    }

    @Test
    void sizesAcceptSuffixes() {
        assertEquals(64L << 10, settings("http://db:8086", Map.of("buffer-max-size", "64k")).bufferMaxBytes());
        assertEquals(2L << 30, settings("http://db:8086", Map.of("buffer-max-size", "2GiB")).bufferMaxBytes());
        assertEquals(100_000L, settings("http://db:8086", Map.of("buffer-max-size", "100000")).bufferMaxBytes());
    }

    @Test
    void invalidValuesNameTheKeyAndWhatIsAccepted() {
        assertMessage("influx-address: expected an http:// or https:// URL such as http://127.0.0.1:8086, got 'db:8086'",
            () -> settings("db:8086", Map.of()));
        assertMessage("influx-address: expected an http:// or https:// URL", () -> settings("ftp://db", Map.of()));
        assertMessage("influxdb.buffer-max-size: expected a size from 64k to 1024g like 512k, 256m or 2g, got 'lots'",
            () -> settings("http://db:8086", Map.of("buffer-max-size", "lots")));
        assertMessage("influxdb.buffer-max-size: expected a size from 64k", () -> settings("http://db:8086", Map.of("buffer-max-size", "1k")));
        assertMessage("influxdb.batch-max-points: expected a whole number from 1 to 1000000, got '0'",
            () -> settings("http://db:8086", Map.of("batch-max-points", "0")));
        assertMessage("influxdb.timeout: expected a duration from 1ms to 1d", () -> settings("http://db:8086", Map.of("timeout", "soon")));
        assertMessage("influxdb.retry-interval: expected a duration from 1ms", () -> settings("http://db:8086", Map.of("retry-interval", "0s")));
        assertMessage("influxdb.write-interval: expected a duration from 0s to 1m",
            () -> settings("http://db:8086", Map.of("write-interval", "2m")));
        assertMessage("influxdb.query-timeout: expected a duration from 1ms", () -> settings("http://db:8086", Map.of("query-timeout", "500us")));
        assertMessage("influxdb.database: expected a name on one line, got 'a\\nb'",
            () -> settings("http://db:8086", Map.of("database", "a\nb")));
        assertMessage("influxdb.continuous-query: expected a name on one line",
            () -> settings("http://db:8086", Map.of("continuous-query", "c\rq")));
        assertMessage("influxdb.databse: unknown key", () -> settings("http://db:8086", Map.of("databse", "x")));
    }

    @Test
    void checksAcrossOptionsAndServerSettingsNameWhatToChange() {
        assertMessage("influxdb.aggregate-policy: must differ from influxdb.raw-policy ('same')",
            () -> settings("http://db:8086", Map.of("raw-policy", "same", "aggregate-policy", "same")));
        assertMessage("influxdb.aggregate-policy: must differ from influxdb.raw-policy ('one_day')",
            () -> settings("http://db:8086", Map.of("aggregate-policy", "one_day")));
        assertMessage("retention: InfluxDB keeps data at least 1h",
            () -> settings("http://db:8086", Map.of(), Duration.ofMinutes(30)));
    }

    private static void assertMessage(String start, org.junit.jupiter.api.function.Executable call) {
        ConfigException e = assertThrows(ConfigException.class, call);
        assertTrue(e.getMessage().startsWith(start), e.getMessage());
    }
}
