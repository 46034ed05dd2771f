package io.pulse.alert.kapacitor;

import io.pulse.spi.ConfigException;
import io.pulse.spi.Health;
import io.pulse.spi.Plugin;
import io.pulse.spi.Selection;
import io.pulse.spi.alert.AlertBackend;
import io.pulse.spi.alert.AlertBackendFactory;
import io.pulse.spi.option.Option;
import io.pulse.spi.option.OptionValues;
import io.pulse.storage.tck.ManualScheduler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Discovery through the module's {@code provides}, the options as the kernel parses them, the selection by
 * {@code -k}, and a backend created through the SPI with a testing context, started and closed.
 */
class KapacitorPluginTest {

    @TempDir
    Path dir;

    private static AlertBackendFactory discovered() {
        // The kernel declares `uses`; this test runs inside the plugin module, which does not.
        KapacitorPluginTest.class.getModule().addUses(Plugin.class);
        List<Plugin> plugins = ServiceLoader.load(ModuleLayer.boot(), Plugin.class).stream()
            .map(ServiceLoader.Provider::get).filter(p -> p instanceof KapacitorPlugin).toList();
        assertEquals(1, plugins.size());
        return plugins.get(0).alertBackendFactories().get(0);
    }

    @Test
    void theModuleProvidesTheKapacitorAlertBackendSelectedByDashK() {
        AlertBackendFactory factory = discovered();
        assertEquals("kapacitor", factory.id());
        assertEquals(List.of("address", "database", "retention-policy", "log", "timeout", "retry-interval"),
            factory.options().stream().map(Option::key).toList());
        Selection selection = factory.selection();
        assertFalse(selection.isDefault());
        Option<?> trigger = selection.trigger().orElseThrow();
        assertEquals("address", trigger.key());
        assertEquals("kapacitor-address", trigger.flag().orElseThrow());
        assertEquals('k', (char) trigger.shortFlag().orElseThrow());
    }

    @Test
    void badValuesAreNamedByTheirKey() {
        AlertBackendFactory factory = discovered();
        ConfigException address = assertThrows(ConfigException.class,
            () -> OptionValues.parse("kapacitor", factory.options(), Map.of("address", "ftp://kapacitor:9092")));
        assertTrue(address.getMessage().startsWith("kapacitor-address:"), address.getMessage());
        ConfigException timeout = assertThrows(ConfigException.class,
            () -> OptionValues.parse("kapacitor", factory.options(), Map.of("timeout", "5h")));
        assertTrue(timeout.getMessage().startsWith("kapacitor.timeout:"), timeout.getMessage());
        ConfigException log = assertThrows(ConfigException.class,
            () -> OptionValues.parse("kapacitor", factory.options(), Map.of("log", "C:\\logs\\")));
        assertTrue(log.getMessage().contains("backslash"), log.getMessage());
        // --alerts kapacitor without an address: one line saying what to set.
        ConfigException missing = assertThrows(ConfigException.class,
            () -> factory.create(new KapacitorTestContext(Map.of(), new ManualScheduler(), dir)));
        assertTrue(missing.getMessage().contains("-k/--kapacitor-address"), missing.getMessage());
    }

    @Test
    void aBackendCreatedThroughTheSpiStartsWithoutKapacitorAndCloses() throws Exception {
        AlertBackendFactory factory = discovered();
        ManualScheduler scheduler = new ManualScheduler();
        AlertBackend backend = factory.create(new KapacitorTestContext(
            Map.of("address", "http://127.0.0.1:9/", "timeout", "1s"), scheduler, dir));
        assertEquals(Health.Status.DOWN, backend.health().status());
        backend.start();
        assertEquals(Health.Status.DOWN, backend.health().status());
        assertTrue(backend.health().detail().contains("http://127.0.0.1:9 is unreachable"), backend.health().detail());
        backend.close();
        assertTrue(scheduler.tasks().get(0).isCancelled());
        assertEquals(Health.down("closed"), backend.health());
    }
}
