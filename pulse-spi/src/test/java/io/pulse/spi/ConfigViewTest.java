package io.pulse.spi;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConfigViewTest {

    private final ConfigView root = ConfigView.of("", Map.of(
        "poll-interval", "60",
        "influxdb.batch-size", "ten",
        "influxdb.buffer.max-size", "64",
        "influxdb.enabled", "TRUE",
        "memory.snapshot-interval", "5m",
        "ratio", "0.5"));

    @Test
    void sectionsSeeTheirKeysRelativeToThemAndKnowTheirPath() {
        ConfigView influx = root.section("influxdb");
        assertEquals("influxdb", influx.path());
        assertEquals(Set.of("batch-size", "buffer.max-size", "enabled"), influx.keys());
        assertEquals(64, influx.section("buffer").getInt("max-size", 1, 1, 100));
        assertEquals("influxdb.buffer", influx.section("buffer").path());
        assertTrue(influx.getBoolean("enabled", false));
        assertTrue(root.section("absent").keys().isEmpty());
    }

    @Test
    void typedGettersNameTheFullKeyAndWhatIsAccepted() {
        ConfigException e = assertThrows(ConfigException.class,
            () -> root.section("influxdb").getInt("batch-size", 1, 1, 100));
        assertEquals("influxdb.batch-size: expected a whole number, got 'ten'", e.getMessage());
        e = assertThrows(ConfigException.class, () -> root.getInt("poll-interval", 1, 1, 10));
        assertEquals("poll-interval: expected a whole number from 1 to 10, got 60", e.getMessage());
        e = assertThrows(ConfigException.class, () -> root.getBoolean("ratio", false));
        assertTrue(e.getMessage().startsWith("ratio: expected true or false"), e.getMessage());
        e = assertThrows(ConfigException.class, () -> root.getDuration("poll-interval", Duration.ZERO));
        assertTrue(e.getMessage().startsWith("poll-interval: expected a duration"), e.getMessage());
        e = assertThrows(ConfigException.class, () -> root.require("missing"));
        assertEquals("missing: is required", e.getMessage());
    }

    @Test
    void defaultsApplyOnlyWhenUnset() {
        assertEquals(Duration.ofMinutes(5), root.section("memory").getDuration("snapshot-interval", Duration.ZERO));
        assertEquals(Duration.ofSeconds(1), root.getDuration("absent", Duration.ofSeconds(1)));
        assertEquals(0.5, root.getDouble("ratio", 0));
        assertEquals(7, root.getLong("absent", 7));
        assertEquals("x", root.get("absent", "x"));
        assertFalse(root.get("absent").isPresent());
    }

    @Test
    void isImmutable() {
        assertThrows(UnsupportedOperationException.class, () -> root.asMap().clear());
    }
}
