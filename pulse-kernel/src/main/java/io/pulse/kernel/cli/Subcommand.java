package io.pulse.kernel.cli;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * What {@code pulse} is asked to do besides its flags: {@code pulse plugins [flags]} lists the installed plugins and
 * which the flags would select; {@code pulse check-config [flags]} (also {@code pulse --check-config [flags]})
 * validates the configuration and prints it; {@code pulse options} prints every option as a Markdown table. Without a
 * subcommand the flags decide (help, or {@code -s} to serve).
 */
public enum Subcommand {
    /** Lists every plugin found and which would be selected. */
    PLUGINS("plugins", "list the installed plugins and which ones the configuration selects"),
    /** Validates flags, environment and config file and prints the effective configuration. */
    CHECK_CONFIG("check-config", "validate the configuration and print every effective option with its origin"),
    /** Prints every option of the server and the installed plugins as one Markdown table (docs/operations.md's). */
    OPTIONS("options", "print every option (flag, environment variable, config file key) as a Markdown table");

    /** The flag form of {@link #CHECK_CONFIG}. */
    public static final String CHECK_CONFIG_FLAG = "--check-config";

    private final String word;
    private final String description;

    Subcommand(String word, String description) {
        this.word = word;
        this.description = description;
    }

    /** How it is typed: {@code plugins}. */
    public String word() {
        return word;
    }

    /** One line for {@code --help}. */
    public String description() {
        return description;
    }

    /**
     * The arguments split into the subcommand (the first argument when it is not a flag, or {@code --check-config}
     * anywhere) and the flags that remain.
     *
     * @param command the subcommand, if one was given
     * @param flags   the other arguments, for the flag parser
     */
    public record Invocation(Optional<Subcommand> command, String[] flags) {
    }

    /**
     * Splits {@code args}.
     *
     * @throws UsageException when the first argument is neither a flag nor a known subcommand
     */
    public static Invocation parse(String... args) {
        List<String> flags = new ArrayList<>(Arrays.asList(args));
        Optional<Subcommand> command = Optional.empty();
        if (!flags.isEmpty() && !flags.getFirst().startsWith("-")) {
            String first = flags.removeFirst();
            command = Optional.of(Arrays.stream(values()).filter(c -> c.word.equals(first)).findFirst()
                .orElseThrow(() -> new UsageException("unknown command '" + first + "': the commands are "
                    + String.join(", ", Arrays.stream(values()).map(Subcommand::word).toList())
                    + "; everything else is a flag (see --help)")));
        }
        int end = flags.indexOf("--");
        List<String> beforeEnd = end < 0 ? flags : flags.subList(0, end);
        if (beforeEnd.contains(CHECK_CONFIG_FLAG)) {
            if (command.isPresent() && command.get() != CHECK_CONFIG) {
                throw new UsageException(CHECK_CONFIG_FLAG + " cannot be combined with the command '"
                    + command.get().word + "'");
            }
            beforeEnd.removeIf(CHECK_CONFIG_FLAG::equals);
            command = Optional.of(CHECK_CONFIG);
        }
        return new Invocation(command, flags.toArray(String[]::new));
    }
}
