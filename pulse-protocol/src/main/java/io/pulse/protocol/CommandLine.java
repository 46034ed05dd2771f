package io.pulse.protocol;

import java.util.Objects;

/**
 * A line as both ends read it: split once, on the first space, into the command word and the rest. The rest is
 * everything after that space, spaces included ({@code id my relay} has the id {@code my relay}); it is null when
 * the line has no space, and empty when the space is the last character ({@code got } has an empty rest, while
 * {@code got} has none).
 *
 * @param word the command word, e.g. {@link Commands#GET}; may be empty (an empty line, or one starting with a
 *             space) and is any text for lines that are not commands
 * @param rest what follows the first space, or null
 */
public record CommandLine(String word, String rest) {

    public CommandLine {
        Objects.requireNonNull(word, "word");
    }

    /** A command with no argument: the line is the word alone. */
    public static CommandLine of(String word) {
        return new CommandLine(word, null);
    }

    /** A command and its argument: the line is {@code <word> <rest>}. */
    public static CommandLine of(String word, String rest) {
        return new CommandLine(word, Objects.requireNonNull(rest, "rest"));
    }

    /**
     * Splits a line (without its terminator). For the words in {@link Commands}, {@link #word()} is the constant
     * itself, so it may be compared with {@code ==} as well as {@code equals} and {@code switch}.
     */
    public static CommandLine split(String line) {
        int space = line.indexOf(' ');
        if (space < 0) {
            return new CommandLine(Commands.known(line, line.length()), null);
        }
        return new CommandLine(Commands.known(line, space), line.substring(space + 1));
    }

    /** True when the line had a space after its word. */
    public boolean hasRest() {
        return rest != null;
    }

    /** The line itself, without its terminator: the inverse of {@link #split}. */
    public String text() {
        return rest == null ? word : word + ' ' + rest;
    }
}
