package io.pulse.spi.option;

import io.pulse.spi.Api;

import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One setting a component factory (or the kernel) accepts, declared once with everything the kernel needs to offer
 * it to operators: its key, type, default, description, whether it is secret, and optional command-line and
 * environment aliases. The kernel builds {@code --help}, the environment and config-file keys, validation messages
 * and the documented {@code etc/pulse.yaml} from these declarations, and hands the factory its values already parsed
 * ({@link OptionValues}).
 *
 * <p>Where an option of factory {@code influxdb} with key {@code batch-max-points} can be set, in precedence order:
 * <ol>
 *   <li>the command line: {@code --influxdb.batch-max-points=500}, or its {@link #flag() flag alias}
 *   ({@code --influx-address}, {@code -i});</li>
 *   <li>the environment: {@code PULSE_INFLUXDB_BATCH_MAX_POINTS}, {@code PULSE_<FLAG>} for a flag alias
 *   ({@code PULSE_INFLUX_ADDRESS}), and an extra {@link #env() name} if declared;</li>
 *   <li>the config file: {@code influxdb: {batch-max-points: 500}}, or the flag alias as a top-level key
 *   ({@code influx-address: http://db:8086}), as the original's config files wrote it;</li>
 *   <li>the {@link #defaultValue() default}.</li>
 * </ol>
 *
 * <p>A {@link #secret() secret} option's value is given to its own factory only, and is masked ({@code ****}) in
 * every log line and in anything the kernel prints. Immutable and thread-safe.
 *
 * <pre>{@code
 * static final Option<Duration> TIMEOUT = Option.builder("timeout", OptionType.duration(ofMillis(100), ofMinutes(5)))
 *     .defaultValue(Duration.ofSeconds(5))
 *     .description("HTTP timeout for writes and pings")
 *     .build();
 * }</pre>
 *
 * @param <T> the value type
 */
@Api
public final class Option<T> {

    /** Keys and long flags: lower-case words joined by {@code -}. */
    public static final Pattern NAME = Pattern.compile("[a-z][a-z0-9]*(-[a-z0-9]+)*");
    private static final Pattern ENV_NAME = Pattern.compile("[A-Z][A-Z0-9_]*");

    private final String key;
    private final OptionType<T> type;
    private final T defaultValue;
    private final String description;
    private final boolean secret;
    private final String flag;
    private final char shortFlag;
    private final String env;

    private Option(Builder<T> b) {
        this.key = b.key;
        this.type = b.type;
        this.defaultValue = b.defaultValue;
        this.description = b.description;
        this.secret = b.secret;
        this.flag = b.flag;
        this.shortFlag = b.shortFlag;
        this.env = b.env;
    }

    /**
     * Starts declaring an option.
     *
     * @param <T> the value type
     * @param key  the key within the factory's section, lower-case words joined by {@code -}, e.g. {@code timeout}
     * @param type how its text is parsed
     * @return a builder for the option
     */
    public static <T> Builder<T> builder(String key, OptionType<T> type) {
        return new Builder<>(key, type);
    }

    /** {@return the key within the owner's section, e.g. {@code batch-max-points}} */
    public String key() {
        return key;
    }

    /** {@return how the value is parsed and formatted} */
    public OptionType<T> type() {
        return type;
    }

    /** {@return the value used when nothing sets it; empty when the option has none (then it is simply "not set")} */
    public Optional<T> defaultValue() {
        return Optional.ofNullable(defaultValue);
    }

    /** {@return one line for {@code --help} and the generated config file} */
    public String description() {
        return description;
    }

    /** {@return whether the value is a secret: given to its owner only and masked wherever the kernel writes it} */
    public boolean secret() {
        return secret;
    }

    /**
     * {@return the long flag alias without dashes ({@code influx-address}), also a top-level config key; empty if none}
     */
    public Optional<String> flag() {
        return Optional.ofNullable(flag);
    }

    /** {@return the one-letter flag alias ({@code i}); empty if none} */
    public Optional<Character> shortFlag() {
        return shortFlag == 0 ? Optional.empty() : Optional.of(shortFlag);
    }

    /** {@return an extra environment variable that sets this option, e.g. {@code INFLUX_URL}; empty if none} */
    public Optional<String> env() {
        return Optional.ofNullable(env);
    }

    /**
     * {@return how messages name this option: its flag alias when it has one (the name operators know, e.g.
     * {@code influx-address}), else its key in the owner's section ({@code influxdb.batch-max-points})} The kernel's
     * validation messages use it; a plugin's own {@link io.pulse.spi.ConfigException}s should too.
     *
     * @param section the owner's section (its factory id), empty for the kernel's own options
     */
    public String displayName(String section) {
        if (flag != null) {
            return flag;
        }
        return section.isEmpty() ? key : section + "." + key;
    }

    /** {@return the default as text (formatted by the type); empty when there is none} */
    public String defaultText() {
        return defaultValue == null ? "" : type.format(defaultValue);
    }

    @Override
    public String toString() {
        return "Option[" + key + (flag == null ? "" : ", --" + flag) + "]";
    }

    /**
     * Declares an {@link Option}. Not thread-safe; build once, into a constant.
     *
     * @param <T> the value type
     */
    public static final class Builder<T> {
        private final String key;
        private final OptionType<T> type;
        private T defaultValue;
        private String description = "";
        private boolean secret;
        private String flag;
        private char shortFlag;
        private String env;

        private Builder(String key, OptionType<T> type) {
            this.key = requireName(key, "key");
            this.type = Objects.requireNonNull(type, "type");
        }

        /**
         * Sets the value used when nothing sets it.
         *
         * @param value the default, valid for the option's type
         * @return this builder
         */
        public Builder<T> defaultValue(T value) {
            this.defaultValue = Objects.requireNonNull(value, "defaultValue");
            return this;
        }

        /**
         * Sets the one line {@code --help} shows.
         *
         * @param text what the option does, its unit, what the default means
         * @return this builder
         */
        public Builder<T> description(String text) {
            this.description = Objects.requireNonNull(text, "description");
            return this;
        }

        /**
         * Marks the value as a secret (a token, a password).
         *
         * @return this builder
         */
        public Builder<T> secret() {
            this.secret = true;
            return this;
        }

        /**
         * Adds a long flag alias, also a top-level config-file key and a {@code PULSE_<FLAG>} variable. Two options must
         * not claim one flag: the kernel refuses to start and names both owners.
         *
         * @param longName the flag without dashes, lower-case words joined by {@code -}
         * @return this builder
         */
        public Builder<T> flag(String longName) {
            this.flag = requireName(longName, "flag");
            return this;
        }

        /**
         * Adds a long flag alias and its one-letter form, e.g. {@code flag("influx-address", 'i')}.
         *
         * @param longName the flag without dashes, lower-case words joined by {@code -}
         * @param shortName the one-letter form, an ASCII letter
         * @return this builder
         */
        public Builder<T> flag(String longName, char shortName) {
            flag(longName);
            if (!Character.isLetter(shortName) || shortName > 'z') {
                throw new IllegalArgumentException("short flag of " + key + " must be an ASCII letter, got '" + shortName + "'");
            }
            this.shortFlag = shortName;
            return this;
        }

        /**
         * Adds an extra environment variable that sets the option.
         *
         * @param variable the variable's name, upper case, e.g. {@code ACME_TOKEN}
         * @return this builder
         */
        public Builder<T> env(String variable) {
            if (variable == null || !ENV_NAME.matcher(variable).matches()) {
                throw new IllegalArgumentException("environment variable of " + key + " must be upper-case letters,"
                    + " digits and '_', got '" + variable + "'");
            }
            this.env = variable;
            return this;
        }

        /** {@return the declared option} */
        public Option<T> build() {
            return new Option<>(this);
        }

        private static String requireName(String name, String what) {
            if (name == null || !NAME.matcher(name).matches()) {
                throw new IllegalArgumentException(what + " '" + name + "' must be lower-case words joined by '-'");
            }
            return name;
        }
    }
}
