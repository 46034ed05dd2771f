package io.pulse.kernel.cli;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Parses arguments the way the original pulse (Go's pflag) did, so existing scripts keep working:
 * <ul>
 *   <li>{@code --long value}, {@code --long=value}, {@code -x value}, {@code -x=value}, {@code -xvalue};</li>
 *   <li>booleans alone mean true ({@code -s}, {@code --server}); a value only with {@code =}
 *       ({@code --insecure=false}, {@code -I=false}); several short booleans may be combined ({@code -sI});</li>
 *   <li>{@code --} ends the flags; Pulse takes no positional arguments, so anything left is an error.</li>
 * </ul>
 * Thread-safe (stateless apart from the flag table).
 */
public final class CommandLineParser {

    private final Flags flags;

    public CommandLineParser(Flags flags) {
        this.flags = flags;
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
                if (i + 1 < args.length) {
                    throw new UsageException("unexpected argument '" + args[i + 1] + "': pulse takes only flags (see --help)");
                }
                break;
            }
            if (arg.startsWith("--")) {
                String body = arg.substring(2);
                int eq = body.indexOf('=');
                String name = eq < 0 ? body : body.substring(0, eq);
                Flag flag = flags.byLongName(name)
                    .orElseThrow(() -> new UsageException("unknown flag: --" + name + " (see --help)"));
                String value;
                if (eq >= 0) {
                    value = body.substring(eq + 1);
                } else if (flag.isBoolean()) {
                    value = "true";
                } else if (i + 1 < args.length) {
                    value = args[++i];
                } else {
                    throw new UsageException("flag needs an argument: " + flag.displayName());
                }
                store(flag, value, values);
            } else if (arg.startsWith("-") && arg.length() > 1) {
                String shorts = arg.substring(1);
                for (int at = 0; at < shorts.length(); at++) {
                    char c = shorts.charAt(at);
                    Flag flag = flags.byShortName(c)
                        .orElseThrow(() -> new UsageException("unknown shorthand flag: '" + c + "' in " + arg + " (see --help)"));
                    String rest = shorts.substring(at + 1);
                    String value;
                    if (rest.startsWith("=")) {
                        value = rest.substring(1);
                        at = shorts.length();
                    } else if (flag.isBoolean()) {
                        value = "true";
                    } else if (!rest.isEmpty()) {
                        value = rest;
                        at = shorts.length();
                    } else if (i + 1 < args.length) {
                        value = args[++i];
                    } else {
                        throw new UsageException("flag needs an argument: " + flag.displayName());
                    }
                    store(flag, value, values);
                }
            } else {
                throw new UsageException("unexpected argument '" + arg + "': pulse takes only flags (see --help)");
            }
        }
        boolean help = "true".equals(values.remove(Flags.HELP));
        boolean version = "true".equals(values.remove(Flags.VERSION));
        return new CommandLine(values, help, version);
    }

    /** Stores a flag's value (booleans normalised to true/false); the last occurrence wins. */
    private static void store(Flag flag, String value, Map<String, String> values) {
        values.put(flag.longName(), flag.isBoolean() ? Boolean.toString(parseBoolean(flag, value)) : value);
    }

    private static boolean parseBoolean(Flag flag, String value) {
        return switch (value.strip().toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new UsageException(flag.displayName() + ": expected true or false, got '" + value + "'");
        };
    }
}
