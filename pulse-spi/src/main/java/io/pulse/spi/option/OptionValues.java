package io.pulse.spi.option;

import io.pulse.spi.Api;
import io.pulse.spi.ConfigException;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The values of the options one factory declared, already parsed and validated by the kernel: what a factory reads
 * its configuration from ({@link io.pulse.spi.PluginContext#options()}). It holds the owner's options only; another
 * plugin's options (and secrets) are never in it. Immutable and thread-safe.
 *
 * <pre>{@code
 * Duration timeout = context.options().get(TIMEOUT);            // the set value, else the default
 * Optional<Path> cert = context.options().find(TLS_CERT);        // an option without a default
 * }</pre>
 */
@Api
public final class OptionValues {

    private static final OptionValues EMPTY = new OptionValues(Map.of(), Map.of());

    private final Map<String, Option<?>> declared;
    private final Map<String, Object> set;

    private OptionValues(Map<String, Option<?>> declared, Map<String, Object> set) {
        this.declared = declared;
        this.set = set;
    }

    /** {@return no options} */
    public static OptionValues empty() {
        return EMPTY;
    }

    /**
     * {@return every declared option at its default}
     *
     * @param declared the options to give their defaults
     */
    public static OptionValues defaults(List<? extends Option<?>> declared) {
        return builder(declared).build();
    }

    /**
     * {@return parses options from text, the way the kernel does (for tests and tools): blank text means "not set" except for
     * free text}
     *
     * @param section  where the options sit ({@code influxdb}), for messages
     * @param declared the options
     * @param text     key to text
     * @throws ConfigException naming the option ({@link Option#displayName(String)}) for an unknown key or a bad value
     */
    public static OptionValues parse(String section, List<? extends Option<?>> declared, Map<String, String> text) {
        Builder builder = builder(declared);
        text.forEach((key, value) -> {
            Option<?> option = builder.declared.get(key);
            if (option == null) {
                throw new ConfigException((section.isEmpty() ? key : section + "." + key) + ": unknown key; accepted are "
                    + builder.declared.keySet());
            }
            try {
                builder.parse(option, value);
            } catch (IllegalArgumentException e) {
                throw new ConfigException(option.displayName(section) + ": " + e.getMessage());
            }
        });
        return builder.build();
    }

    /**
     * Starts a set of values for these options (all unset).
     *
     * @param declared the options the values are for
     * @return a builder with every option unset
     */
    public static Builder builder(List<? extends Option<?>> declared) {
        return new Builder(declared);
    }

    /**
     * {@return the value of {@code option}: the one set, else its default}
     *
     * @param <T> the value type
     * @param option one of the owner's declared options
     * @throws IllegalArgumentException when the option was not declared by this owner
     * @throws IllegalStateException    when it is not set and has no default (read such options with {@link #find})
     */
    public <T> T get(Option<T> option) {
        return find(option).orElseThrow(() -> new IllegalStateException("option " + option.key()
            + " is not set and has no default; read it with find()"));
    }

    /**
     * {@return the value of {@code option}: the one set, else its default, else empty}
     *
     * @param <T> the value type
     * @param option one of the owner's declared options
     * @throws IllegalArgumentException when the option was not declared by this owner
     */
    @SuppressWarnings("unchecked")
    public <T> Optional<T> find(Option<T> option) {
        requireDeclared(option);
        Object value = set.get(option.key());
        return value != null ? Optional.of((T) value) : option.defaultValue();
    }

    /**
     * {@return whether the operator set {@code option} (anywhere: flag, environment, file), as opposed to its default}
     *
     * @param option one of the owner's declared options
     */
    public boolean isSet(Option<?> option) {
        requireDeclared(option);
        return set.containsKey(option.key());
    }

    /** {@return the declared options, in declaration order} */
    public List<Option<?>> options() {
        return List.copyOf(declared.values());
    }

    private void requireDeclared(Option<?> option) {
        Option<?> known = declared.get(option.key());
        if (known == null) {
            throw new IllegalArgumentException("option " + option.key() + " was not declared by this factory;"
                + " declare it in options()");
        }
    }

    @Override
    public String toString() {
        StringBuilder out = new StringBuilder("OptionValues{");
        String separator = "";
        for (Map.Entry<String, Object> e : set.entrySet()) {
            Option<?> option = declared.get(e.getKey());
            out.append(separator).append(e.getKey()).append('=')
                .append(option.secret() ? "****" : option.type().formatAny(e.getValue()));
            separator = ", ";
        }
        return out.append('}').toString();
    }

    /** Collects values; not thread-safe. */
    public static final class Builder {
        private final Map<String, Option<?>> declared = new LinkedHashMap<>();
        private final Map<String, Object> set = new LinkedHashMap<>();

        private Builder(List<? extends Option<?>> options) {
            for (Option<?> option : options) {
                if (declared.putIfAbsent(option.key(), option) != null) {
                    throw new IllegalArgumentException("option " + option.key() + " is declared twice");
                }
            }
        }

        /**
         * Sets a typed value.
         *
         * @param <T> the value type
         * @param option one of the declared options
         * @param value its value, already valid for the option's type
         * @return the result
         */
        public <T> Builder set(Option<T> option, T value) {
            requireDeclared(option);
            set.put(option.key(), Objects.requireNonNull(value, "value"));
            return this;
        }

        /**
         * {@return parses and sets {@code text}; blank text of a type that does not accept it leaves the option unset}
         *
         * @param option the option
         * @param text the text
         * @throws IllegalArgumentException from the type's parser, saying what is accepted
         */
        public Builder parse(Option<?> option, String text) {
            requireDeclared(option);
            if (text.isBlank() && !option.type().acceptsBlank()) {
                set.remove(option.key());
            } else {
                set.put(option.key(), option.type().parse(text));
            }
            return this;
        }

        /** {@return the values} */
        public OptionValues build() {
            return new OptionValues(Collections.unmodifiableMap(new LinkedHashMap<>(declared)),
                Collections.unmodifiableMap(new LinkedHashMap<>(set)));
        }

        private void requireDeclared(Option<?> option) {
            if (!declared.containsKey(option.key())) {
                throw new IllegalArgumentException("option " + option.key() + " is not one of " + declared.keySet());
            }
        }
    }
}
