package io.pulse.protocol;

/**
 * The lines a side writes just before it closes the connection because of what the other side sent. The first
 * two are the original server's, byte for byte; the others are Pulse's: the line limit (the original had none) and
 * the refusals of a server that secures its relay channel ({@link AuthLine}, an allow-list of ids), worded like the
 * original's.
 */
public final class ErrorLines {

    /** The server's answer to a first line that is not {@code id ...}. */
    public static final String IDENTIFY_FIRST = "identify first with the 'id' command";

    /** The server's answer to {@code id} without an id (Pulse: or with a blank one). */
    public static final String MISSING_ID = "missing id";

    /** A server that requires a relay token answers a first line that is not {@code auth <token>} with this. */
    public static final String AUTHENTICATE_FIRST = "authenticate first with the 'auth' command";

    /** A server that requires a relay token answers {@code auth} with another token (or none) with this. */
    public static final String INVALID_TOKEN = "invalid token";

    /** A server with an allow-list of relay ids answers {@code id} with an id not on it with this. */
    public static final String ID_NOT_ALLOWED = "relay id not allowed";

    private static final String LINE_TOO_LONG_PREFIX = "line too long (max ";

    private ErrorLines() {
    }

    /** {@code line too long (max <maxLineLength> bytes)}: see {@link LineTooLongException}. */
    public static String lineTooLong(int maxLineLength) {
        return LINE_TOO_LONG_PREFIX + maxLineLength + " bytes)";
    }

    /** True for any of the lines above (a side receiving one knows the other is closing). */
    public static boolean isErrorLine(String line) {
        return line.equals(IDENTIFY_FIRST) || line.equals(MISSING_ID) || line.equals(AUTHENTICATE_FIRST)
                || line.equals(INVALID_TOKEN) || line.equals(ID_NOT_ALLOWED)
                || (line.startsWith(LINE_TOO_LONG_PREFIX) && line.endsWith(" bytes)"));
    }
}
