package io.pulse.kernel.config;

import io.pulse.spi.option.Option;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * An option with its owner: everything the kernel derives from a declaration - its canonical key, the names it goes
 * by on the command line, in the environment and in the config file, and how messages name it. Immutable.
 *
 * @param owner  who declared it
 * @param option the declaration
 * @param scope  where it may be set
 */
public record DeclaredOption(OptionOwner owner, Option<?> option, Scope scope) {

    /** The prefix of every environment variable Pulse reads. */
    public static final String ENV_PREFIX = "PULSE_";

    /** Where an option may be set besides the command line. */
    public enum Scope {
        /** Command line, environment and config file. */
        EVERYWHERE,
        /** Command line and environment, not the config file (the config file's own path). */
        NOT_IN_FILE,
        /** Command line only: an action rather than a setting ({@code --help}, {@code --version}). */
        COMMAND_LINE_ONLY
    }

    public DeclaredOption {
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(option, "option");
        Objects.requireNonNull(scope, "scope");
    }

    /** The key values are resolved under: {@code poll-interval} for the kernel, {@code acme.address} else. */
    public String key() {
        return owner.isKernel() ? option.key() : owner.section() + "." + option.key();
    }

    /**
     * How messages name the option: its flag alias when it has one (the name operators know from the original),
     * else its key; e.g. {@code acme-address}, {@code acme.batch-size}.
     */
    public String name() {
        return option.displayName(owner.section());
    }

    /** {@code --acme-address (-A)} or {@code --acme.batch-size}: how help shows it. */
    public String displayName() {
        return "--" + name() + option.shortFlag().map(c -> " (-" + c + ")").orElse("");
    }

    /** Long names accepted on the command line: the key, and the flag alias when it differs. */
    public List<String> longNames() {
        List<String> names = new ArrayList<>();
        names.add(key());
        option.flag().filter(flag -> !flag.equals(key())).ifPresent(names::add);
        return names;
    }

    /** Environment variables that set it: {@code PULSE_<KEY>}, {@code PULSE_<FLAG>}, and a declared extra name. */
    public List<String> environmentNames() {
        List<String> names = new ArrayList<>();
        names.add(variableFor(key()));
        option.flag().map(DeclaredOption::variableFor).filter(v -> !names.contains(v)).ifPresent(names::add);
        option.env().filter(v -> !names.contains(v)).ifPresent(names::add);
        return names;
    }

    /** Whether it is a switch that may stand alone on the command line ({@code -s}). */
    public boolean isBoolean() {
        return option.type().isBoolean();
    }

    /** Whether its value must never be shown. */
    public boolean secret() {
        return option.secret();
    }

    /** {@code PULSE_} + the key upper-cased, with {@code -} and {@code .} written as {@code _}. */
    public static String variableFor(String key) {
        return ENV_PREFIX + key.toUpperCase(Locale.ROOT).replace('-', '_').replace('.', '_');
    }
}
