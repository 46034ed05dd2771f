package io.pulse.spi;

import io.pulse.spi.option.Option;

import java.util.List;

/**
 * What every factory has in common: a stable id, a description, the options it owns and when it is selected. A
 * factory creates the {@link Component} of its extension point ({@code StorageFactory} creates a storage backend, and
 * so on); the kernel creates at most one component per factory and run.
 *
 * <p>Factories are created once per process by their {@link Plugin}; their methods are called with the plugin's
 * class loader as the thread context class loader. {@link #options()} and {@link #selection()} are read once, at
 * start-up, before anything is created.
 */
@Api
public interface ComponentFactory {

    /**
     * {@return the stable id, lower-case words joined by {@code -}, e.g. {@code memory}, {@code influxdb}, {@code http}} It
     * selects the factory ({@code --storage memory}), names its options' section ({@code memory.durable},
     * {@code PULSE_MEMORY_DURABLE}) and its data directory. Never change it.
     */
    String id();

    /** {@return one line saying what this is, for logs and {@code --help}} */
    default String description() {
        return id();
    }

    /**
     * {@return the options this factory owns, in the order {@code --help} lists them} Their values reach
     * {@code create(...)} parsed, in {@link PluginContext#options()}. A key in this factory's config-file section that
     * is not declared here stops start-up with an "unknown key" error, which catches typos.
     */
    default List<Option<?>> options() {
        return List.of();
    }

    /**
     * {@return when the kernel uses this factory without being told its id; {@link Selection#onRequest()} by default}
     */
    default Selection selection() {
        return Selection.onRequest();
    }
}
