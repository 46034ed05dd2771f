package io.pulse.spi;

import java.util.List;

/**
 * What every factory has in common: a stable id, a description for logs and {@code --help}, and the
 * configuration keys it accepts in its own section.
 *
 * <p>Factories are singletons created once per process; they create at most one instance each per run.
 */
@Api
public interface PluginFactory {

    /**
     * The stable id, lower case, e.g. {@code memory}, {@code influxdb}, {@code http}. It selects the factory
     * on the command line and names its configuration section and data directory. Never change it.
     */
    String id();

    /** One line saying what this is, for logs and {@code --help}. */
    default String description() {
        return id();
    }

    /**
     * The keys this factory accepts in its configuration section ({@code <id>.<key>} in the config file,
     * {@code PULSE_<ID>_<KEY>} in the environment). A key in the section that is not listed stops start-up
     * with an "unknown key" error, which catches typos.
     */
    default List<ConfigOption> options() {
        return List.of();
    }
}
