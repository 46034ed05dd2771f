package io.pulse.kernel.plugin;

import io.pulse.kernel.config.KernelOptions;
import io.pulse.kernel.config.OptionRegistry;
import io.pulse.spi.ComponentFactory;
import io.pulse.spi.Plugin;
import io.pulse.spi.Selection;
import io.pulse.spi.option.Option;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * Every factory offered by the loaded plugins, by extension point and id, with what each declared. Ids are unique per
 * extension point; a duplicate or malformed id, or a selection trigger that is not one of the factory's own options,
 * stops start-up. Built once at start-up by {@link PluginLoader} (or directly from plugin instances in tests);
 * immutable afterwards.
 */
public final class PluginCatalog {

    private final Map<PluginKind, Map<String, DiscoveredFactory<?>>> byKind;

    private PluginCatalog(Map<PluginKind, Map<String, DiscoveredFactory<?>>> byKind) {
        this.byKind = byKind;
    }

    /** Starts a catalog. */
    public static Builder builder() {
        return new Builder();
    }

    /** The factory of that kind with that id. */
    public Optional<DiscoveredFactory<?>> find(PluginKind kind, String id) {
        return Optional.ofNullable(byKind.get(kind).get(id));
    }

    /** The factories of one extension point, sorted by id. */
    public List<DiscoveredFactory<?>> factories(PluginKind kind) {
        return List.copyOf(byKind.get(kind).values());
    }

    /** Every factory, by extension point then id. */
    public List<DiscoveredFactory<?>> all() {
        List<DiscoveredFactory<?>> out = new ArrayList<>();
        byKind.values().forEach(m -> out.addAll(m.values()));
        return out;
    }

    /**
     * The options of this installation: the kernel's, then every factory's.
     *
     * @throws PluginLoadException when two options claim one name
     */
    public OptionRegistry optionRegistry(KernelOptions kernel) {
        OptionRegistry.Builder registry = OptionRegistry.builder().addKernel(kernel);
        for (DiscoveredFactory<?> factory : all()) {
            registry.add(factory.owner(), factory.options());
        }
        return registry.build();
    }

    /** "memory (boot layer), acme (plugins/acme-store)" or "none", for error messages. */
    public String describe(PluginKind kind) {
        Collection<DiscoveredFactory<?>> factories = byKind.get(kind).values();
        if (factories.isEmpty()) {
            return "none";
        }
        List<String> parts = new ArrayList<>();
        for (DiscoveredFactory<?> f : factories) {
            parts.add(f.id() + " (" + f.origin().location() + ")");
        }
        return String.join(", ", parts);
    }

    /** Collects factories from plugin instances. Not thread-safe; used by one thread at start-up. */
    public static final class Builder {
        private final Map<PluginKind, Map<String, DiscoveredFactory<?>>> byKind = new EnumMap<>(PluginKind.class);

        private Builder() {
            for (PluginKind kind : PluginKind.values()) {
                byKind.put(kind, new TreeMap<>());
            }
        }

        /**
         * Adds every factory a plugin offers, reading each one's id, options and selection. The plugin's methods
         * run bound to its class loader.
         *
         * @throws PluginLoadException for a failing plugin, a malformed id, a duplicate id or a bad selection
         */
        public Builder add(Plugin plugin, PluginOrigin origin) {
            addAll(PluginKind.STORAGE, call(origin, "storageFactories()", plugin::storageFactories), origin);
            addAll(PluginKind.ALERTS, call(origin, "alertBackendFactories()", plugin::alertBackendFactories), origin);
            addAll(PluginKind.PUBLISHER, call(origin, "livePublisherFactories()", plugin::livePublisherFactories), origin);
            addAll(PluginKind.FRONT_END, call(origin, "frontEndFactories()", plugin::frontEndFactories), origin);
            return this;
        }

        /** The finished catalog. */
        public PluginCatalog build() {
            Map<PluginKind, Map<String, DiscoveredFactory<?>>> copy = new EnumMap<>(PluginKind.class);
            byKind.forEach((kind, m) -> copy.put(kind, Collections.unmodifiableMap(new LinkedHashMap<>(m))));
            return new PluginCatalog(Collections.unmodifiableMap(copy));
        }

        private static <T> T call(PluginOrigin origin, String method, Supplier<T> supplier) {
            try {
                return origin.binding().get(supplier);
            } catch (RuntimeException | LinkageError e) {
                throw new PluginLoadException("plugin " + origin + " failed in " + method + ": " + e, e);
            }
        }

        private void addAll(PluginKind kind, List<? extends ComponentFactory> factories, PluginOrigin origin) {
            for (ComponentFactory factory : factories == null ? List.<ComponentFactory>of() : factories) {
                if (factory == null) {
                    throw new PluginLoadException("plugin " + origin + " returned a null " + kind.label() + " factory");
                }
                String id = call(origin, "id()", factory::id);
                if (id == null || !KernelOptions.PLUGIN_ID.matcher(id).matches()) {
                    throw new PluginLoadException("plugin " + origin + " offers a " + kind.label() + " factory with the id '"
                        + id + "': ids are lower-case letters, digits and '-', starting with a letter");
                }
                String label = kind.label() + " '" + id + "'";
                List<Option<?>> options = call(origin, label + " options()", factory::options);
                Selection selection = call(origin, label + " selection()", factory::selection);
                if (options == null || selection == null) {
                    throw new PluginLoadException(label + " of plugin " + origin + " returned null from "
                        + (options == null ? "options()" : "selection()"));
                }
                selection.trigger().ifPresent(trigger -> {
                    if (!options.contains(trigger)) {
                        throw new PluginLoadException(label + " of plugin " + origin + " is selected when its option '"
                            + trigger.key() + "' is set, but does not declare that option in options()");
                    }
                });
                DiscoveredFactory<?> previous = byKind.get(kind).get(id);
                if (previous != null) {
                    throw new PluginLoadException("duplicate " + kind.label() + " id '" + id + "': offered by "
                        + previous.origin() + " and by " + origin + "; remove one of them");
                }
                byKind.get(kind).put(id, new DiscoveredFactory<>(kind, factory, origin, id, options, selection));
            }
        }
    }
}
