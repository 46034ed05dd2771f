package io.pulse.kernel.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes {@code pulse --help}: a usage line, then every flag with its short and long form, its value kind, a
 * one-line description and its default, aligned in columns like the original's (cobra) help.
 */
public final class HelpPrinter {

    private final Flags flags;

    public HelpPrinter(Flags flags) {
        this.flags = flags;
    }

    /** Prints the help text. */
    public void print(PrintStream out) {
        out.print(text());
        out.flush();
    }

    /** The help text, lines ending in {@code \n}. */
    public String text() {
        List<String[]> rows = new ArrayList<>();
        for (Flag flag : flags.all()) {
            String names = flag.shortForm().map(c -> "-" + c + ", ").orElse("    ") + "--" + flag.longName();
            if (flag.type().takesValue()) {
                names += " " + flag.type().valueName();
            }
            String description = flag.description();
            if (!flag.defaultText().isEmpty() && !(flag.isBoolean() && flag.defaultText().equals("false"))) {
                description += " (default " + quoteIfText(flag) + ")";
            }
            rows.add(new String[] {names, description});
        }
        int width = rows.stream().mapToInt(r -> r[0].length()).max().orElse(0);
        StringBuilder out = new StringBuilder();
        out.append("pulse is a stat collecting and publishing service\n\n");
        out.append("Usage:\n  pulse [flags]\n\n");
        out.append("Flags:\n");
        for (String[] row : rows) {
            out.append("  ").append(row[0]).append(" ".repeat(width - row[0].length() + 3)).append(row[1]).append('\n');
        }
        out.append("\nEvery setting can also come from the environment (PULSE_<LONG_NAME>, e.g. PULSE_POLL_INTERVAL)\n");
        out.append("or from the config file (keys = long names); a flag beats the environment, which beats the file.\n");
        return out.toString();
    }

    private static String quoteIfText(Flag flag) {
        return switch (flag.type()) {
            case STRING, ADDRESS, URL -> "\"" + flag.defaultText() + "\"";
            default -> flag.defaultText();
        };
    }
}
