package io.pulse.protocol;

/**
 * {@code id <relay id>}: the relay's first line. The id is everything after the first space and may itself contain
 * spaces. The server answers {@code ok} and {@code beat <N>}, or one of two error lines and closes (see
 * {@link #refusal}).
 *
 * @param id the relay's id: not empty, no line break
 */
public record IdLine(String id) {

    public IdLine {
        if (id == null || id.isEmpty()) {
            throw new IllegalArgumentException("relay id must not be empty");
        }
        if (CollectorNames.containsLineBreak(id)) {
            throw new IllegalArgumentException("relay id must not contain a line break");
        }
    }

    /** {@code id <id>}, without the terminator. */
    public String line() {
        return Commands.ID + ' ' + id;
    }

    /**
     * What the server answers a connection's first line with when it does not identify the relay, or null when it
     * does (the id is then {@code first.rest()}):
     * <ul>
     *   <li>{@link ErrorLines#IDENTIFY_FIRST} when the command is not {@code id};</li>
     *   <li>{@link ErrorLines#MISSING_ID} for {@code id} without an id. Pulse also refuses an empty or blank id
     *       ({@code id }), which the original accepted: samples would be tagged {@code host:""}.</li>
     * </ul>
     */
    public static String refusal(CommandLine first) {
        if (!first.word().equals(Commands.ID)) {
            return ErrorLines.IDENTIFY_FIRST;
        }
        if (first.rest() == null || first.rest().isBlank()) {
            return ErrorLines.MISSING_ID;
        }
        return null;
    }
}
