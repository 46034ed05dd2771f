package io.pulse.api.http;

import io.pulse.spi.ConfigView;
import io.pulse.spi.PluginContext;
import io.pulse.spi.Scheduler;
import io.pulse.spi.ServerSettings;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

/**
 * Test double of the kernel's {@link PluginContext}: fixed configuration maps and a given clock. The API never uses
 * the scheduler, so asking for it fails the test.
 */
record TestPluginContext(Map<String, String> server, Map<String, String> own, Clock clock, Path dataDir)
    implements PluginContext {

    static final ServerSettings SETTINGS = new ServerSettings(Duration.ofSeconds(60), Duration.ofSeconds(30),
        Duration.ofMinutes(15), Duration.ofDays(7), Duration.ofHours(8), Path.of("build-data"), "0.1.0-test");

    @Override
    public ConfigView config() {
        return ConfigView.of("http", own);
    }

    @Override
    public ConfigView serverConfig() {
        return ConfigView.of("", server);
    }

    @Override
    public ServerSettings settings() {
        return SETTINGS;
    }

    @Override
    public Scheduler scheduler() {
        throw new AssertionError("the HTTP API schedules nothing");
    }
}
