package io.pulse.storage.memory;

import io.pulse.spi.ConfigException;
import io.pulse.spi.ConfigOption;
import io.pulse.spi.ConfigView;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The {@code memory} section: defaults, accepted values and the errors for the rest. */
class MemoryStorageOptionsTest {

    private static MemoryStorageOptions parse(Map<String, String> values) {
        return MemoryStorageOptions.from(ConfigView.of("memory", values));
    }

    private static String error(Map<String, String> values) {
        return assertThrows(ConfigException.class, () -> parse(values)).getMessage();
    }

    @Test
    void defaults() {
        assertEquals(MemoryStorageOptions.defaults(), parse(Map.of()));
        assertEquals(new MemoryStorageOptions(true, Duration.ofMinutes(15), Duration.ofSeconds(1)), parse(Map.of()));
    }

    @Test
    void acceptedValues() {
        assertEquals(new MemoryStorageOptions(false, Duration.ofSeconds(10), Duration.ZERO),
            parse(Map.of("durable", "FALSE", "snapshot-interval", "10s", "wal-sync-interval", "0")));
        assertEquals(new MemoryStorageOptions(true, Duration.ofHours(24), Duration.ofMinutes(1)),
            parse(Map.of("snapshot-interval", "1d", "wal-sync-interval", "1m")));
    }

    @Test
    void invalidValuesNameTheKeyAndWhatIsAccepted() {
        assertTrue(error(Map.of("snapshot-interval", "5s")).startsWith("memory.snapshot-interval: expected a duration from 10s to 24h"));
        assertTrue(error(Map.of("snapshot-interval", "2d")).startsWith("memory.snapshot-interval:"));
        assertTrue(error(Map.of("snapshot-interval", "soon")).startsWith("memory.snapshot-interval:"));
        assertTrue(error(Map.of("wal-sync-interval", "2m")).startsWith("memory.wal-sync-interval: expected a duration from 0 to 1m"));
        assertTrue(error(Map.of("durable", "yes")).startsWith("memory.durable: expected true or false"));
        String unknown = error(Map.of("snapshot-intervall", "1m"));
        assertTrue(unknown.startsWith("memory.snapshot-intervall: unknown key") && unknown.contains("snapshot-interval"), unknown);
    }

    @Test
    void theFactoryListsEveryOptionWithItsDefault() {
        Map<String, String> defaults = new java.util.TreeMap<>();
        for (ConfigOption o : new MemoryStorageFactory().options()) {
            defaults.put(o.key(), o.defaultValue());
            assertTrue(!o.description().isBlank(), o.key());
        }
        assertEquals(Map.of("durable", "true", "snapshot-interval", "15m", "wal-sync-interval", "1s"), defaults);
        assertEquals(MemoryStorageOptions.defaults(), parse(defaults), "the listed defaults parse to the defaults");
    }
}
