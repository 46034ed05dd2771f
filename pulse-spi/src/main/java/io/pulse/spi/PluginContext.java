package io.pulse.spi;

import java.nio.file.Path;
import java.time.Clock;

/**
 * What the kernel hands a factory when it creates a plugin instance.
 */
@Api
public interface PluginContext {

    /** This plugin's own configuration section ({@code <id>.*}), keys relative to it. */
    ConfigView config();

    /**
     * The server's top-level settings, keyed by long flag name ({@code influx-address}, {@code token},
     * {@code http-listen-address}, ...), resolved from every source. Plugins that re-create a flag of the
     * original read it here.
     */
    ConfigView serverConfig();

    /** The validated server-wide settings. */
    ServerSettings settings();

    /** This plugin's own data directory, {@code <data-dir>/<id>}, created before the factory is called. */
    Path dataDir();

    /** The kernel's scheduler for periodic work. */
    Scheduler scheduler();

    /** The clock to read "now" from (tests substitute their own). */
    Clock clock();
}
