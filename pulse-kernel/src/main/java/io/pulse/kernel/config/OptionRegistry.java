package io.pulse.kernel.config;

import io.pulse.kernel.plugin.PluginLoadException;
import io.pulse.spi.option.Option;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Every option this installation accepts - the kernel's and those of each loaded factory - indexed by every name it
 * goes by: canonical key, long and short flag, environment variable, top-level config-file key. Two options claiming
 * one name stop start-up with a message naming both owners, so a plugin cannot silently take over another's flag.
 * Built once at start-up; immutable afterwards.
 */
public final class OptionRegistry {

    private final List<DeclaredOption> all;
    private final Map<String, DeclaredOption> byKey;
    private final Map<String, DeclaredOption> byLongName;
    private final Map<Character, DeclaredOption> byShortName;
    private final Map<String, DeclaredOption> byVariable;
    private final Map<String, DeclaredOption> byTopLevelKey;
    private final Map<OptionOwner, List<DeclaredOption>> byOwner;
    private final Set<String> sections;

    private OptionRegistry(Builder b) {
        all = List.copyOf(b.all);
        byKey = Collections.unmodifiableMap(b.byKey);
        byLongName = Collections.unmodifiableMap(b.byLongName);
        byShortName = Collections.unmodifiableMap(b.byShortName);
        byVariable = Collections.unmodifiableMap(b.byVariable);
        byTopLevelKey = Collections.unmodifiableMap(b.byTopLevelKey);
        Map<OptionOwner, List<DeclaredOption>> owners = new LinkedHashMap<>();
        b.owners.forEach(owner -> owners.put(owner, new ArrayList<>()));
        for (DeclaredOption option : all) {
            owners.computeIfAbsent(option.owner(), o -> new ArrayList<>()).add(option);
        }
        owners.replaceAll((owner, list) -> List.copyOf(list));
        byOwner = Collections.unmodifiableMap(owners);
        Set<String> ids = new TreeSet<>();
        owners.keySet().stream().filter(o -> !o.isKernel()).forEach(o -> ids.add(o.section()));
        sections = Collections.unmodifiableSet(ids);
    }

    /** Starts a registry. */
    public static Builder builder() {
        return new Builder();
    }

    /** A registry of the kernel's options only (enough to find the plugins). */
    public static OptionRegistry kernelOnly(KernelOptions kernel) {
        return builder().addKernel(kernel).build();
    }

    /** Every option, kernel first, each owner's in declaration order. */
    public List<DeclaredOption> all() {
        return all;
    }

    /** Owners with their options, in registration order. */
    public Map<OptionOwner, List<DeclaredOption>> byOwner() {
        return byOwner;
    }

    /** The option with that canonical key ({@code poll-interval}, {@code acme.address}). */
    public Optional<DeclaredOption> byKey(String key) {
        return Optional.ofNullable(byKey.get(key));
    }

    /** The option a {@code --name} sets: its key or its flag alias. */
    public Optional<DeclaredOption> byLongName(String name) {
        return Optional.ofNullable(byLongName.get(name));
    }

    /** The option a {@code -x} sets. */
    public Optional<DeclaredOption> byShortName(char name) {
        return Optional.ofNullable(byShortName.get(name));
    }

    /** The option an environment variable sets. */
    public Optional<DeclaredOption> byVariable(String variable) {
        return Optional.ofNullable(byVariable.get(variable));
    }

    /** The option a top-level config-file key sets: a kernel key or a plugin option's flag alias. */
    public Optional<DeclaredOption> byTopLevelKey(String key) {
        return Optional.ofNullable(byTopLevelKey.get(key));
    }

    /** The plugin sections: the ids of every loaded factory, sorted. */
    public Set<String> sections() {
        return sections;
    }

    /** The options of one section, by key within it. */
    public Map<String, DeclaredOption> section(String section) {
        Map<String, DeclaredOption> out = new LinkedHashMap<>();
        for (DeclaredOption option : all) {
            if (option.owner().section().equals(section) && !option.owner().isKernel()) {
                out.put(option.option().key(), option);
            }
        }
        return out;
    }

    /** Top-level config-file keys, sorted (for "did you mean" suggestions). */
    public Set<String> topLevelKeys() {
        return new TreeSet<>(byTopLevelKey.keySet());
    }

    /** Collects declarations. Not thread-safe. */
    public static final class Builder {
        private final List<DeclaredOption> all = new ArrayList<>();
        private final Map<String, DeclaredOption> byKey = new LinkedHashMap<>();
        private final Map<String, DeclaredOption> byLongName = new LinkedHashMap<>();
        private final Map<Character, DeclaredOption> byShortName = new LinkedHashMap<>();
        private final Map<String, DeclaredOption> byVariable = new LinkedHashMap<>();
        private final Map<String, DeclaredOption> byTopLevelKey = new LinkedHashMap<>();
        private final Set<OptionOwner> owners = new java.util.LinkedHashSet<>();

        private Builder() {
        }

        /** Adds the kernel's options. */
        public Builder addKernel(KernelOptions kernel) {
            return add(OptionOwner.KERNEL, kernel.all(), KernelOptions::scopeOf);
        }

        /**
         * Adds one owner's options (a factory's, settable everywhere).
         *
         * @throws PluginLoadException when a name is already taken, naming both owners
         */
        public Builder add(OptionOwner owner, List<? extends Option<?>> options) {
            return add(owner, options, option -> DeclaredOption.Scope.EVERYWHERE);
        }

        private Builder add(OptionOwner owner, List<? extends Option<?>> options,
                            Function<Option<?>, DeclaredOption.Scope> scope) {
            owners.add(owner);
            if (!owner.isKernel()) {
                DeclaredOption topLevel = byTopLevelKey.get(owner.section());
                if (topLevel != null) {
                    throw clash("id '" + owner.section() + "' of " + owner, "the option --" + topLevel.name()
                        + " of " + topLevel.owner(), "choose another id");
                }
            }
            for (Option<?> option : options) {
                if (option == null) {
                    throw new PluginLoadException(owner + " declares a null option");
                }
                DeclaredOption declared = new DeclaredOption(owner, option, scope.apply(option));
                claim(byKey, declared.key(), declared, "key " + declared.key());
                for (String name : declared.longNames()) {
                    claim(byLongName, name, declared, "flag --" + name);
                }
                option.shortFlag().ifPresent(c -> claim(byShortName, c, declared, "flag -" + c));
                for (String variable : declared.environmentNames()) {
                    claim(byVariable, variable, declared, "environment variable " + variable);
                }
                if (owner.isKernel() || option.flag().isPresent()) {
                    String topLevel = declared.name();
                    if (owners.stream().anyMatch(o -> !o.isKernel() && o.section().equals(topLevel))) {
                        throw clash("flag --" + topLevel + " of " + owner, "the plugin id '" + topLevel + "'",
                            "rename one of them");
                    }
                    claim(byTopLevelKey, topLevel, declared, "config key " + topLevel);
                }
                all.add(declared);
            }
            return this;
        }

        /** The registry. */
        public OptionRegistry build() {
            return new OptionRegistry(this);
        }

        private static <K> void claim(Map<K, DeclaredOption> index, K name, DeclaredOption claimant, String what) {
            DeclaredOption holder = index.putIfAbsent(name, claimant);
            if (holder != null && holder != claimant) {
                throw clash(what, "declared by " + holder.owner() + " and by " + claimant.owner(),
                    "remove one of the plugins, or ask its vendor to rename the option");
            }
        }

        private static PluginLoadException clash(String what, String detail, String fix) {
            return new PluginLoadException("the " + what + " is claimed twice: " + detail + "; " + fix);
        }
    }
}
