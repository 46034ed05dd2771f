package io.pulse.kernel.plugin;

import java.util.Objects;

/**
 * Where a plugin was loaded from, and how to call into it.
 *
 * @param module   the plugin's module name, e.g. {@code io.pulse.storage.memory} or {@code acme.store}
 * @param location {@code boot layer} for plugins linked into the image, else the plugin folder, e.g.
 *                 {@code plugins/acme-store}
 * @param binding  calls into the plugin with its module's class loader as the thread context class loader
 */
public record PluginOrigin(String module, String location, PluginBinding binding) {
    public PluginOrigin {
        Objects.requireNonNull(module, "module");
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(binding, "binding");
    }

    /** Whether the plugin is linked into the image rather than loaded from a folder. */
    public boolean isBootLayer() {
        return location.equals(PluginLoader.BOOT_LAYER);
    }

    @Override
    public String toString() {
        return "module " + module + " (" + location + ")";
    }
}
