package io.pulse.storage.memory;

import io.pulse.spi.ConfigException;
import io.pulse.spi.option.Option;
import io.pulse.spi.option.OptionValues;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The {@code memory} section: defaults, accepted values and the errors for the rest, as the kernel parses them. */
class MemoryStorageOptionsTest {

    private static MemoryStorageOptions parse(Map<String, String> values) {
        return MemoryStorageOptions.from(OptionValues.parse("memory", new MemoryStorageFactory().options(), values));
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
        assertEquals(MemoryStorageOptions.defaults(), parse(Map.of("snapshot-interval", " ")),
            "a blank value leaves the option at its default");
    }

    @Test
    void invalidValuesNameTheKeyAndWhatIsAccepted() {
        assertEquals("memory.snapshot-interval: expected a duration from 10s to 1d (like 30s, 5m or 1h), got '5s'",
            error(Map.of("snapshot-interval", "5s")));
        assertTrue(error(Map.of("snapshot-interval", "2d")).startsWith("memory.snapshot-interval: expected"));
        assertTrue(error(Map.of("snapshot-interval", "soon")).startsWith("memory.snapshot-interval: expected"));
        assertEquals("memory.wal-sync-interval: expected a duration from 0s to 1m (like 30s, 5m or 1h), got '2m'",
            error(Map.of("wal-sync-interval", "2m")));
        assertEquals("memory.durable: expected true or false, got 'yes'", error(Map.of("durable", "yes")));
        String unknown = error(Map.of("snapshot-intervall", "1m"));
        assertTrue(unknown.startsWith("memory.snapshot-intervall: unknown key") && unknown.contains("snapshot-interval"), unknown);
    }

    @Test
    void theFactoryListsEveryOptionWithItsDefault() {
        Map<String, String> defaults = new TreeMap<>();
        for (Option<?> o : new MemoryStorageFactory().options()) {
            defaults.put(o.key(), o.defaultText());
            assertFalse(o.description().isBlank(), o.key());
            assertFalse(o.secret(), o.key());
            assertTrue(o.flag().isEmpty(), o.key() + ": the memory store's options live in its section only");
        }
        assertEquals(Map.of("durable", "true", "snapshot-interval", "15m", "wal-sync-interval", "1s"), defaults);
        assertEquals(MemoryStorageOptions.defaults(), parse(defaults), "the listed defaults parse to the defaults");
    }
}
