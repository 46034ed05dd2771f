package io.pulse.storage.influxdb;

import io.pulse.spi.Health;
import io.pulse.spi.Plugin;
import io.pulse.spi.Selection;
import io.pulse.spi.option.Option;
import io.pulse.spi.stats.Sample;
import io.pulse.spi.stats.Tags;
import io.pulse.spi.storage.Storage;
import io.pulse.spi.storage.StorageFactory;
import io.pulse.storage.tck.TckPluginContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Discovery through the module's {@code provides}, the factory's options and selection, and a storage created through
 * the SPI with a testing context (no influxd needed: it starts against an address where nothing listens).
 */
class PluginTest {

    @TempDir
    Path dir;

    private static StorageFactory discovered() {
        // The kernel declares `uses`; this test runs inside the plugin module, which does not.
        PluginTest.class.getModule().addUses(Plugin.class);
        List<Plugin> plugins = ServiceLoader.load(ModuleLayer.boot(), Plugin.class).stream().map(ServiceLoader.Provider::get)
            .filter(p -> p instanceof InfluxDbPlugin).toList();
        assertEquals(1, plugins.size());
        return plugins.get(0).storageFactories().get(0);
    }

    @Test
    void theModuleProvidesThePluginWithTheInfluxdbStorage() {
        StorageFactory factory = discovered();
        assertEquals("influxdb", factory.id());
        assertEquals(List.of("address", "database", "raw-policy", "aggregate-policy", "aggregate-measurement",
            "continuous-query", "batch-max-points", "write-interval", "buffer-max-size", "timeout", "query-timeout", "retry-interval"),
            factory.options().stream().map(Option::key).toList());
    }

    @Test
    void settingTheAddressSelectsTheStorageAsTheOriginalsDashIDid() {
        StorageFactory factory = discovered();
        Selection selection = factory.selection();
        assertEquals(false, selection.isDefault());
        Option<?> trigger = selection.trigger().orElseThrow(() -> new AssertionError("no trigger: " + selection));
        assertEquals("address", trigger.key());
        assertEquals("influx-address", trigger.flag().orElseThrow());
        assertEquals('i', (char) trigger.shortFlag().orElseThrow());
        assertEquals("http://127.0.0.1:8086", trigger.defaultText());
        assertTrue(factory.options().contains(trigger), "the trigger is one of the factory's own options");
    }

    @Test
    void aStorageCreatedThroughTheSpiStartsWithoutInfluxDbAndBuffersWrites() throws Exception {
        StorageFactory factory = discovered();
        String address = "http://127.0.0.1:" + closedPort();
        TckPluginContext context = TckPluginContext.builder(factory, dir)
            .options(Map.of("address", address, "retry-interval", "1h", "timeout", "2s"))
            .build();
        Storage storage = factory.create(context);
        try {
            storage.start();
            Health health = storage.health();
            assertEquals(Health.Status.DOWN, health.status(), health.toString());
            assertTrue(health.detail().contains(address) && health.detail().contains("retrying every 1h"),
                health.detail());
            storage.write(List.of(new Sample("cpu_used", Tags.of("host", "a"), System.currentTimeMillis(), 0.5)));
            assertTrue(storage.health().detail().contains("buffered 0 samples"),
                "gathered for the write-interval (1s) first: " + storage.health().detail());
        } finally {
            storage.close();
        }
        try (var files = Files.list(context.dataDir().resolve("buffer"))) {
            assertEquals(1, files.count(), "on close the gathered batch went to disk in the plugin's data directory");
        }
    }

    /** A port where nothing listens (it was free a moment ago). */
    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
