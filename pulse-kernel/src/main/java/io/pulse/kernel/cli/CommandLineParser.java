package io.pulse.kernel.cli;

import io.pulse.kernel.config.DeclaredOption;
import io.pulse.kernel.config.KernelOptions;
import io.pulse.kernel.config.OptionRegistry;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Parses arguments the way the original pulse (Go's pflag) did, so existing scripts keep working:
 * <ul>
 *   <li>{@code --long value}, {@code --long=value}, {@code -x value}, {@code -x=value}, {@code -xvalue};</li>
 *   <li>booleans alone mean true ({@code -s}, {@code --server}); a value only with {@code =}
 *       ({@code --insecure=false}, {@code -I=false}); several short booleans may be combined ({@code -sI});</li>
 *   <li>{@code --} ends the flags; Pulse takes no positional arguments, so anything left is an error.</li>
 * </ul>
 * The flags are those of the {@link OptionRegistry}: the kernel's, and every loaded plugin's. Values are stored under
 * the option's canonical key ({@code -i} sets {@code acme.address}). Thread-safe (stateless apart from the
 * registry).
 */
public final class CommandLineParser {

    private final OptionRegistry registry;
    private final boolean lenient;

    private CommandLineParser(OptionRegistry registry, boolean lenient) {
        this.registry = registry;
        this.lenient = lenient;
    }

    /** A parser that refuses unknown flags and positional arguments. */
    public static CommandLineParser strict(OptionRegistry registry) {
        return new CommandLineParser(registry, false);
    }

    /**
     * A parser that skips what it does not know, for reading the kernel's own flags (where the plugins are) before
     * the plugins, which declare the other flags, are loaded.
     */
    public static CommandLineParser lenient(OptionRegistry registry) {
        return new CommandLineParser(registry, true);
    }

    /**
     * Parses {@code args}.
     *
     * @throws UsageException for an unknown flag, a missing value, a bad boolean or a positional argument
     */
    public CommandLine parse(String... args) {
        Map<String, String> values = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--")) {
                if (i + 1 < args.length && !lenient) {
                    throw new UsageException("unexpected argument '" + args[i + 1] + "': pulse takes only flags (see --help)");
                }
                break;
            }
            if (arg.startsWith("--")) {
                String body = arg.substring(2);
                int eq = body.indexOf('=');
                String name = eq < 0 ? body : body.substring(0, eq);
                Optional<DeclaredOption> found = registry.byLongName(name);
                if (found.isEmpty()) {
                    if (lenient) {
                        continue;
                    }
                    throw new UsageException("unknown flag: --" + name + " (see --help for the flags of the server and"
                        + " of the installed plugins)");
                }
                DeclaredOption option = found.get();
                String value;
                if (eq >= 0) {
                    value = body.substring(eq + 1);
                } else if (option.isBoolean()) {
                    value = "true";
                } else if (i + 1 < args.length) {
                    value = args[++i];
                } else {
                    throw new UsageException("flag needs an argument: " + option.displayName());
                }
                store(option, value, values);
            } else if (arg.startsWith("-") && arg.length() > 1) {
                String shorts = arg.substring(1);
                for (int at = 0; at < shorts.length(); at++) {
                    char c = shorts.charAt(at);
                    Optional<DeclaredOption> found = registry.byShortName(c);
                    if (found.isEmpty()) {
                        if (lenient) {
                            break;
                        }
                        throw new UsageException("unknown shorthand flag: '" + c + "' in " + arg + " (see --help for"
                            + " the flags of the server and of the installed plugins)");
                    }
                    DeclaredOption option = found.get();
                    String rest = shorts.substring(at + 1);
                    String value;
                    if (rest.startsWith("=")) {
                        value = rest.substring(1);
                        at = shorts.length();
                    } else if (option.isBoolean()) {
                        value = "true";
                    } else if (!rest.isEmpty()) {
                        value = rest;
                        at = shorts.length();
                    } else if (i + 1 < args.length) {
                        value = args[++i];
                    } else {
                        throw new UsageException("flag needs an argument: " + option.displayName());
                    }
                    store(option, value, values);
                }
            } else if (!lenient) {
                throw new UsageException("unexpected argument '" + arg + "': pulse takes only flags (see --help)");
            }
        }
        boolean help = "true".equals(values.remove(KernelOptions.HELP.key()));
        boolean version = "true".equals(values.remove(KernelOptions.VERSION.key()));
        boolean template = "true".equals(values.remove(KernelOptions.CONFIG_TEMPLATE.key()));
        return new CommandLine(values, help, version, template);
    }

    /** Stores a flag's value (booleans normalised to true/false); the last occurrence wins. */
    private void store(DeclaredOption option, String value, Map<String, String> values) {
        if (option.isBoolean()) {
            String normal = value.strip().toLowerCase(Locale.ROOT);
            if (!normal.equals("true") && !normal.equals("false")) {
                if (lenient) {
                    return;
                }
                throw new UsageException(option.displayName() + ": expected true or false, got '" + value + "'");
            }
            value = normal;
        }
        values.put(option.key(), value);
    }
}
