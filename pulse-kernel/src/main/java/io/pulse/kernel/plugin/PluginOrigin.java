package io.pulse.kernel.plugin;

import java.util.Objects;

/**
 * Where a plugin was loaded from.
 *
 * @param module      the plugin's module name, e.g. {@code io.pulse.storage.memory} or {@code acme.store}
 * @param location    {@code boot layer} for plugins linked into the image, else the plugin folder, e.g.
 *                    {@code plugins/acme-store}
 * @param classLoader the loader of the plugin's module: the kernel makes it the thread context class loader while
 *                    it creates and starts the plugin's components (libraries such as Helidon look classes up there)
 */
public record PluginOrigin(String module, String location, ClassLoader classLoader) {
    public PluginOrigin {
        Objects.requireNonNull(module, "module");
        Objects.requireNonNull(location, "location");
    }

    @Override
    public String toString() {
        return "module " + module + " (" + location + ")";
    }
}
