package io.pulse.alert.builtin;

import io.pulse.spi.ConfigException;
import io.pulse.spi.Plugin;
import io.pulse.spi.alert.AlertBackendFactory;
import io.pulse.spi.option.OptionValues;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BuiltinAlertBackendFactoryTest {

    @Test
    void isFoundThroughTheModuleAndIsTheDefault() {
        // The kernel's ServiceLoader finds what module-info provides.
        assertTrue(BuiltinAlertPlugin.class.getModule().getDescriptor().provides().stream().anyMatch(p ->
            p.service().equals(Plugin.class.getName()) && p.providers().equals(List.of(BuiltinAlertPlugin.class.getName()))));
        List<AlertBackendFactory> factories = new BuiltinAlertPlugin().alertBackendFactories();
        assertEquals(List.of("builtin"), factories.stream().map(AlertBackendFactory::id).toList());
        assertTrue(factories.getFirst().selection().isDefault());
    }

    @Test
    void optionsHaveDefaultsAndRanges() {
        BuiltinAlertBackendFactory f = new BuiltinAlertBackendFactory();
        OptionValues defaults = OptionValues.parse("builtin", f.options(), Map.of());
        assertEquals(Duration.ofSeconds(5), defaults.get(BuiltinAlertBackendFactory.TIMEOUT));
        assertEquals(3, defaults.get(BuiltinAlertBackendFactory.RETRIES));
        assertEquals(Duration.ofSeconds(1), defaults.get(BuiltinAlertBackendFactory.RETRY_BACKOFF));
        ConfigException e = assertThrows(ConfigException.class,
            () -> OptionValues.parse("builtin", f.options(), Map.of("retries", "11")));
        assertTrue(e.getMessage().startsWith("builtin.retries: "), e.getMessage());
    }
}
