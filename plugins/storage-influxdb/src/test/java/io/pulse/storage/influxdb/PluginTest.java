package io.pulse.storage.influxdb;

import io.pulse.spi.ConfigException;
import io.pulse.spi.ConfigOption;
import io.pulse.spi.Plugin;
import io.pulse.spi.storage.StorageFactory;
import io.pulse.storage.tck.TckPluginContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Discovery through the module's {@code provides}, the factory's options and configuration validation. */
class PluginTest {

    @TempDir
    Path dir;

    @Test
    void theModuleProvidesThePluginWithTheInfluxdbStorage() {
        // The kernel declares `uses`; this test runs inside the plugin module, which does not.
        PluginTest.class.getModule().addUses(Plugin.class);
        List<Plugin> plugins = ServiceLoader.load(ModuleLayer.boot(), Plugin.class).stream().map(ServiceLoader.Provider::get)
            .filter(p -> p instanceof InfluxDbPlugin).toList();
        assertEquals(1, plugins.size());
        StorageFactory factory = plugins.get(0).storageFactories().get(0);
        assertEquals("influxdb", factory.id());
        assertEquals(List.of("database", "raw-policy", "aggregate-policy", "aggregate-measurement", "continuous-query",
            "batch-max-points", "buffer-max-size", "timeout", "query-timeout", "retry-interval"),
            factory.options().stream().map(ConfigOption::key).toList());
        assertEquals("statistics", factory.options().get(0).defaultValue());
    }

    private InfluxSettings settings(String address, Map<String, String> options) {
        return settings(address, options, TckPluginContext.RETENTION);
    }

    private InfluxSettings settings(String address, Map<String, String> options, Duration retention) {
        return InfluxSettings.from(
            StorageHarness.contextBuilder(address, dir, options, retention, TckPluginContext.AGGREGATE_INTERVAL).build());
    }

    @Test
    void defaultsAreTheOriginalLayout() {
        InfluxSettings s = settings("", Map.of("retry-interval", "2s", "timeout", "5s"));
        assertEquals("http://127.0.0.1:8086", s.addressText());
        assertEquals("statistics", s.database());
        assertEquals("one_day", s.rawPolicy());
        assertEquals("one_week", s.aggregatePolicy());
        assertEquals("aggregate", s.aggregateMeasurement());
        assertEquals("aggregate", s.continuousQuery());
        assertEquals(Duration.ofHours(8), s.rawRetention());
        assertEquals(Duration.ofDays(7), s.retention());
        assertEquals(5000, s.batchMaxPoints());
        assertEquals(256L << 20, s.bufferMaxBytes());
        assertEquals(Duration.ofSeconds(5), s.timeout());
        assertEquals(Duration.ofSeconds(30), s.queryTimeout());
    }

    @Test
    void sizesAcceptSuffixes() {
        assertEquals(64L << 10, settings("http://db:8086", Map.of("buffer-max-size", "64k")).bufferMaxBytes());
        assertEquals(2L << 30, settings("http://db:8086", Map.of("buffer-max-size", "2GiB")).bufferMaxBytes());
        assertEquals(100_000L, settings("http://db:8086", Map.of("buffer-max-size", "100000")).bufferMaxBytes());
    }

    @Test
    void invalidConfigurationNamesTheKey() {
        assertMessage("influx-address: expected an InfluxDB URL", () -> settings("db:8086", Map.of()));
        assertMessage("influx-address: expected an InfluxDB URL", () -> settings("ftp://db", Map.of()));
        assertMessage("influxdb.aggregate-policy: must differ from influxdb.raw-policy",
            () -> settings("http://db:8086", Map.of("raw-policy", "same", "aggregate-policy", "same")));
        assertMessage("influxdb.buffer-max-size: expected a size like 512k", () -> settings("http://db:8086", Map.of("buffer-max-size", "lots")));
        assertMessage("influxdb.buffer-max-size: expected at least 64k", () -> settings("http://db:8086", Map.of("buffer-max-size", "1k")));
        assertMessage("influxdb.batch-max-points: expected a whole number from 1", () -> settings("http://db:8086", Map.of("batch-max-points", "0")));
        assertMessage("influxdb.timeout:", () -> settings("http://db:8086", Map.of("timeout", "soon")));
        assertMessage("influxdb.database: expected a name on one line", () -> settings("http://db:8086", Map.of("database", "a\nb")));
        assertMessage("retention: InfluxDB keeps data at least 1h",
            () -> settings("http://db:8086", Map.of(), Duration.ofMinutes(30)));
    }

    private static void assertMessage(String start, org.junit.jupiter.api.function.Executable call) {
        ConfigException e = assertThrows(ConfigException.class, call);
        assertTrue(e.getMessage().startsWith(start), e.getMessage());
    }
}
