package io.pulse.kernel.plugin;

import java.util.Objects;

/**
 * Where a plugin was loaded from, and how to call into it.
 *
 * @param module   the plugin's module name, e.g. {@code io.pulse.storage.memory} or {@code acme.store}
 * @param location {@code boot layer} for plugins linked into the image, else the plugin folder, e.g.
 *                 {@code plugins/acme-store}
 * @param binding  calls into the plugin with its module's class loader as the thread context class loader
 * @param version  the module's version ({@link java.lang.module.ModuleDescriptor#version()}), or {@value #NO_VERSION}
 */
public record PluginOrigin(String module, String location, PluginBinding binding, String version) {

    /** The version shown for a module that declares none. */
    public static final String NO_VERSION = "-";

    public PluginOrigin {
        Objects.requireNonNull(module, "module");
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(binding, "binding");
        Objects.requireNonNull(version, "version");
    }

    /** An origin whose module declares no version. */
    public PluginOrigin(String module, String location, PluginBinding binding) {
        this(module, location, binding, NO_VERSION);
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
