package io.pulse.protocol;

/**
 * {@code auth <token>}: the relay's first line when the server requires a relay token (Pulse's addition; the
 * original protocol has no authentication). The token is everything after the first space. The server answers
 * {@code ok} and then expects {@code id}; a first line that is not {@code auth} gets
 * {@link ErrorLines#AUTHENTICATE_FIRST}, a wrong or missing token {@link ErrorLines#INVALID_TOKEN}, and the
 * connection is closed. {@link #toString()} never shows the token.
 *
 * @param token the shared secret: not empty, no line break
 */
public record AuthLine(String token) {

    public AuthLine {
        if (token == null || token.isEmpty()) {
            throw new IllegalArgumentException("relay token must not be empty");
        }
        if (CollectorNames.containsLineBreak(token)) {
            throw new IllegalArgumentException("relay token must not contain a line break");
        }
    }

    /** {@code auth <token>}, without the terminator. */
    public String line() {
        return Commands.AUTH + ' ' + token;
    }

    /**
     * The token a connection's first line presents, or null when the line is not {@code auth <something>}.
     *
     * @param first the first line, split
     */
    public static String presented(CommandLine first) {
        return first.word().equals(Commands.AUTH) && first.hasRest() ? first.rest() : null;
    }

    @Override
    public String toString() {
        return "AuthLine[****]";
    }
}
