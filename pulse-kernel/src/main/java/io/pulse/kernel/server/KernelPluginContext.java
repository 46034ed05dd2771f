package io.pulse.kernel.server;

import io.pulse.spi.ConfigView;
import io.pulse.spi.PluginContext;
import io.pulse.spi.Scheduler;
import io.pulse.spi.ServerSettings;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Objects;

/**
 * The {@link PluginContext} one component is created with. Immutable.
 *
 * @param config       the plugin's own section ({@code <id>.*})
 * @param serverConfig the top-level settings by long flag name
 * @param settings     the validated server-wide settings
 * @param dataDir      {@code <data-dir>/<id>}, already created
 * @param scheduler    the kernel's scheduler
 * @param clock        the clock (UTC system clock in production)
 */
public record KernelPluginContext(ConfigView config, ConfigView serverConfig, ServerSettings settings, Path dataDir,
                                  Scheduler scheduler, Clock clock) implements PluginContext {
    public KernelPluginContext {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(serverConfig, "serverConfig");
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(scheduler, "scheduler");
        Objects.requireNonNull(clock, "clock");
    }
}
