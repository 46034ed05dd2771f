package io.pulse.kernel.cli;

import java.util.Objects;
import java.util.Optional;

/**
 * One command-line flag: its long and (optional) short name, what kind of value it takes, its default as text,
 * and a one-line description for {@code --help}.
 *
 * @param longName    the long name without dashes, e.g. {@code poll-interval}; also its key in the config file
 *                    and, upper-cased with {@code _}, its environment variable ({@code PULSE_POLL_INTERVAL})
 * @param shortName   the one-letter form ({@code p}), or {@code 0} when the flag has none
 * @param type        the kind of value, which decides how it is parsed and shown in help
 * @param defaultText the default as the help shows it; empty when there is none
 * @param description one line for {@code --help}
 * @param scope       where the flag may be set
 */
public record Flag(String longName, char shortName, Type type, String defaultText, String description, Scope scope) {

    /** The kind of value a flag takes. */
    public enum Type {
        /** {@code true}/{@code false}; given alone ({@code -s}) it means true. */
        BOOLEAN("", false),
        /** Free text. */
        STRING("string", true),
        /** A whole number. */
        INTEGER("int", true),
        /** A whole number in the flag's unit, or a duration literal such as {@code 90s}. */
        INTERVAL("int|duration", true),
        /** A {@code host:port} address. */
        ADDRESS("host:port", true),
        /** A URL such as {@code http://127.0.0.1:8086}. */
        URL("url", true),
        /** A file or directory. */
        PATH("path", true),
        /** Comma-separated plugin ids. */
        LIST("id,...", true);

        private final String valueName;
        private final boolean takesValue;

        Type(String valueName, boolean takesValue) {
            this.valueName = valueName;
            this.takesValue = takesValue;
        }

        /** How the value is named in {@code --help}; empty for booleans. */
        public String valueName() {
            return valueName;
        }

        /** False for booleans, which may stand alone. */
        public boolean takesValue() {
            return takesValue;
        }
    }

    /** Where a flag may be set besides the command line. */
    public enum Scope {
        /** Command line, environment and config file. */
        EVERYWHERE,
        /** Command line and environment, not the config file (e.g. the config file's own path). */
        NOT_IN_FILE,
        /** Command line only: an action rather than a setting ({@code --help}, {@code --version}). */
        COMMAND_LINE_ONLY
    }

    public Flag {
        Objects.requireNonNull(longName, "longName");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(defaultText, "defaultText");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(scope, "scope");
    }

    /** The short name, if the flag has one. */
    public Optional<Character> shortForm() {
        return shortName == 0 ? Optional.empty() : Optional.of(shortName);
    }

    /** {@code --poll-interval (-p)} or {@code --storage}: how messages name the flag. */
    public String displayName() {
        return "--" + longName + (shortName == 0 ? "" : " (-" + shortName + ")");
    }

    /** True for booleans. */
    public boolean isBoolean() {
        return type == Type.BOOLEAN;
    }
}
