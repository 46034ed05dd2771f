package io.pulse.kernel.plugin;

import io.pulse.spi.PluginFactory;

import java.util.Objects;

/**
 * A factory some plugin offers, with where it came from.
 *
 * @param kind    which extension point it serves
 * @param factory the factory
 * @param origin  the plugin module and layer it came from
 * @param <F>     the factory type
 */
public record DiscoveredFactory<F extends PluginFactory>(PluginKind kind, F factory, PluginOrigin origin) {
    public DiscoveredFactory {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(factory, "factory");
        Objects.requireNonNull(origin, "origin");
    }

    /** The factory's id. */
    public String id() {
        return factory.id();
    }

    @Override
    public String toString() {
        return kind.label() + " '" + id() + "' from " + origin;
    }
}
