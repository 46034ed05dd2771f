package io.pulse.kernel.plugin;

import io.pulse.kernel.config.SettingsParser;
import io.pulse.spi.ConfigOption;
import io.pulse.spi.Plugin;
import io.pulse.spi.PluginFactory;
import io.pulse.spi.alert.AlertBackendFactory;
import io.pulse.spi.frontend.FrontEndFactory;
import io.pulse.spi.publish.LivePublisherFactory;
import io.pulse.spi.storage.StorageFactory;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * Every factory offered by the loaded plugins, by extension point and id. Ids are unique per extension point;
 * a duplicate, a malformed id, or an id that clashes with a flag name stops start-up. Built once at start-up by
 * {@link PluginLoader} (or directly from plugin instances in tests); immutable afterwards.
 */
public final class PluginCatalog {

    private final Map<PluginKind, Map<String, DiscoveredFactory<?>>> byKind;

    private PluginCatalog(Map<PluginKind, Map<String, DiscoveredFactory<?>>> byKind) {
        this.byKind = byKind;
    }

    /** Starts a catalog; {@code reservedIds} are names a factory id must not take (the flags' long names). */
    public static Builder builder(Set<String> reservedIds) {
        return new Builder(reservedIds);
    }

    /** The storage factory with that id. */
    @SuppressWarnings("unchecked")
    public Optional<DiscoveredFactory<StorageFactory>> storage(String id) {
        return Optional.ofNullable((DiscoveredFactory<StorageFactory>) byKind.get(PluginKind.STORAGE).get(id));
    }

    /** The alert backend factory with that id. */
    @SuppressWarnings("unchecked")
    public Optional<DiscoveredFactory<AlertBackendFactory>> alerts(String id) {
        return Optional.ofNullable((DiscoveredFactory<AlertBackendFactory>) byKind.get(PluginKind.ALERTS).get(id));
    }

    /** The live publisher factory with that id. */
    @SuppressWarnings("unchecked")
    public Optional<DiscoveredFactory<LivePublisherFactory>> publisher(String id) {
        return Optional.ofNullable((DiscoveredFactory<LivePublisherFactory>) byKind.get(PluginKind.PUBLISHER).get(id));
    }

    /** The front-end factory with that id. */
    @SuppressWarnings("unchecked")
    public Optional<DiscoveredFactory<FrontEndFactory>> frontEnd(String id) {
        return Optional.ofNullable((DiscoveredFactory<FrontEndFactory>) byKind.get(PluginKind.FRONT_END).get(id));
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
     * Factory id to the option keys its configuration section accepts. A plugin offering several extension points
     * under one id shares one section; its options are the union.
     */
    public Map<String, Set<String>> optionsBySection() {
        Map<String, Set<String>> out = new TreeMap<>();
        for (DiscoveredFactory<?> discovered : all()) {
            Set<String> keys = out.computeIfAbsent(discovered.id(), id -> new TreeSet<>());
            for (ConfigOption option : discovered.factory().options()) {
                keys.add(option.key());
            }
        }
        out.replaceAll((id, keys) -> Collections.unmodifiableSet(keys));
        return Collections.unmodifiableMap(out);
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
        private final Set<String> reservedIds;
        private final Map<PluginKind, Map<String, DiscoveredFactory<?>>> byKind = new EnumMap<>(PluginKind.class);

        private Builder(Set<String> reservedIds) {
            this.reservedIds = Set.copyOf(reservedIds);
            for (PluginKind kind : PluginKind.values()) {
                byKind.put(kind, new TreeMap<>());
            }
        }

        /**
         * Adds every factory a plugin offers. The plugin's methods run with its class loader as the thread context
         * class loader.
         *
         * @throws PluginLoadException for a failing plugin, a malformed or reserved id, or a duplicate id
         */
        public Builder add(Plugin plugin, PluginOrigin origin) {
            addAll(PluginKind.STORAGE, call(origin, "storageFactories", plugin::storageFactories), origin);
            addAll(PluginKind.ALERTS, call(origin, "alertBackendFactories", plugin::alertBackendFactories), origin);
            addAll(PluginKind.PUBLISHER, call(origin, "livePublisherFactories", plugin::livePublisherFactories), origin);
            addAll(PluginKind.FRONT_END, call(origin, "frontEndFactories", plugin::frontEndFactories), origin);
            return this;
        }

        /** The finished catalog. */
        public PluginCatalog build() {
            Map<PluginKind, Map<String, DiscoveredFactory<?>>> copy = new EnumMap<>(PluginKind.class);
            byKind.forEach((kind, m) -> copy.put(kind, Collections.unmodifiableMap(new LinkedHashMap<>(m))));
            return new PluginCatalog(Collections.unmodifiableMap(copy));
        }

        private static <T> List<T> call(PluginOrigin origin, String method, Supplier<List<T>> supplier) {
            try {
                List<T> list = ContextClassLoader.get(origin.classLoader(), supplier);
                return list == null ? List.of() : list;
            } catch (RuntimeException | LinkageError e) {
                throw new PluginLoadException("plugin " + origin + " failed in " + method + "(): " + e, e);
            }
        }

        private void addAll(PluginKind kind, List<? extends PluginFactory> factories, PluginOrigin origin) {
            for (PluginFactory factory : factories) {
                if (factory == null) {
                    throw new PluginLoadException("plugin " + origin + " returned a null " + kind.label() + " factory");
                }
                String id = factory.id();
                if (id == null || !SettingsParser.PLUGIN_ID.matcher(id).matches()) {
                    throw new PluginLoadException("plugin " + origin + " offers a " + kind.label() + " factory with the id '"
                        + id + "': ids are lower-case letters, digits and '-', starting with a letter");
                }
                if (reservedIds.contains(id)) {
                    throw new PluginLoadException("plugin " + origin + " offers a " + kind.label() + " factory with the id '"
                        + id + "', which is the name of a flag (--" + id + "): choose another id");
                }
                DiscoveredFactory<?> previous = byKind.get(kind).get(id);
                if (previous != null) {
                    throw new PluginLoadException("duplicate " + kind.label() + " id '" + id + "': offered by "
                        + previous.origin() + " and by " + origin + "; remove one of them");
                }
                byKind.get(kind).put(id, new DiscoveredFactory<>(kind, factory, origin));
            }
        }
    }
}
