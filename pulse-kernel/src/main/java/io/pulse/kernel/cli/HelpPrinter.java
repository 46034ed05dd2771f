package io.pulse.kernel.cli;

import io.pulse.kernel.config.DeclaredOption;
import io.pulse.kernel.config.OptionOwner;
import io.pulse.kernel.config.OptionRegistry;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Writes {@code pulse --help}: a usage line, then the options grouped by owner - the server's own, then each loaded
 * factory's under a heading saying what it is, where it was loaded from and when it is used - each with its short and
 * long form, value kind, description and default, aligned in columns like the original's (cobra) help. Every flag
 * listed is one an operator can pass; the original's flags appear under the plugin that owns them.
 */
public final class HelpPrinter {

    private final OptionRegistry registry;
    private final Function<OptionOwner, String> headings;
    private final List<String> notes;

    /**
     * @param registry the options to list
     * @param headings the heading of each owner's group
     * @param notes    lines printed after the options (e.g. why some plugins are not listed)
     */
    public HelpPrinter(OptionRegistry registry, Function<OptionOwner, String> headings, List<String> notes) {
        this.registry = registry;
        this.headings = headings;
        this.notes = List.copyOf(notes);
    }

    /** Prints the help text. */
    public void print(PrintStream out) {
        out.print(text());
        out.flush();
    }

    /** The help text, lines ending in {@code \n}. */
    public String text() {
        List<Object> lines = new ArrayList<>();
        for (Map.Entry<OptionOwner, List<DeclaredOption>> group : registry.byOwner().entrySet()) {
            // A heading is printed after a blank line; "(no options)" belongs right under its heading.
            lines.add(headings.apply(group.getKey()) + (group.getValue().isEmpty() ? "\n      (no options)" : ""));
            for (DeclaredOption option : group.getValue()) {
                lines.add(row(option));
            }
        }
        int width = lines.stream().filter(l -> l instanceof String[]).mapToInt(l -> ((String[]) l)[0].length())
            .max().orElse(0);
        StringBuilder out = new StringBuilder();
        out.append("pulse is a stat collecting and publishing service\n\n");
        out.append("Usage:\n  pulse [flags]\n  pulse <command> [flags]\n");
        out.append("\nCommands (they start nothing and exit):\n");
        int commandWidth = Arrays.stream(Subcommand.values()).mapToInt(c -> c.word().length()).max().orElse(0);
        for (Subcommand command : Subcommand.values()) {
            out.append("  ").append(command.word()).append(" ".repeat(commandWidth - command.word().length() + 3))
                .append(command.description()).append('\n');
        }
        out.append("  (").append(Subcommand.CHECK_CONFIG_FLAG).append(" is the same as ")
            .append(Subcommand.CHECK_CONFIG.word()).append(")\n");
        for (Object line : lines) {
            if (line instanceof String[] row) {
                out.append("  ").append(row[0]).append(" ".repeat(width - row[0].length() + 3)).append(row[1])
                    .append('\n');
            } else {
                out.append('\n').append(line).append('\n');
            }
        }
        out.append("\nEvery option can also be set in the environment (PULSE_<LONG_NAME>, e.g. PULSE_POLL_INTERVAL, or\n");
        out.append("PULSE_<PLUGIN_ID>_<KEY>) or in the config file (the long names above as top-level keys, plugin\n");
        out.append("options also as <plugin id>: {<key>: ...}); a flag beats the environment, which beats the file.\n");
        out.append("A plugin option with a flag of its own also answers to --<plugin id>.<key>.\n");
        for (String note : notes) {
            out.append(note).append('\n');
        }
        return out.toString();
    }

    private static String[] row(DeclaredOption declared) {
        var option = declared.option();
        String names = option.shortFlag().map(c -> "-" + c + ", ").orElse("    ") + "--" + declared.name();
        if (!declared.isBoolean()) {
            names += " " + option.type().valueName();
        }
        String description = option.description();
        String defaultText = option.defaultText();
        boolean falseSwitch = declared.isBoolean() && defaultText.equals("false");
        if (!defaultText.isEmpty() && !falseSwitch) {
            description += " (default " + (option.type().acceptsBlank() ? "\"" + defaultText + "\"" : defaultText) + ")";
        }
        if (declared.secret()) {
            description += " [secret: never logged]";
        }
        return new String[] {names, description};
    }
}
