package io.pulse.protocol;

/**
 * The lines a side writes just before it closes the connection because of what the other side sent. The first
 * two are the original server's, byte for byte; the others are Pulse's: the line limit (the original had none) and
 * the refusals of a server that secures its relay channel ({@link AuthLine}, an allow-list of ids) and of a server
 * at one of its limits (relays at once, collectors per relay, lines per second per relay), worded like the
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
    private static final String LINE_TOO_LONG_SUFFIX = " bytes)";
    private static final String TOO_MANY_RELAYS_PREFIX = "too many relays (max ";
    private static final String TOO_MANY_RELAYS_SUFFIX = ")";
    private static final String TOO_MANY_COLLECTORS_PREFIX = "too many collectors (max ";
    private static final String TOO_MANY_COLLECTORS_SUFFIX = " per relay)";
    private static final String TOO_MANY_LINES_PREFIX = "too many lines (max ";
    private static final String TOO_MANY_LINES_SUFFIX = " per second)";

    private ErrorLines() {
    }

    /** {@code line too long (max <maxLineLength> bytes)}: see {@link LineTooLongException}. */
    public static String lineTooLong(int maxLineLength) {
        return LINE_TOO_LONG_PREFIX + maxLineLength + LINE_TOO_LONG_SUFFIX;
    }

    /** {@code too many relays (max <N>)}: the server already holds its maximum of relays; sent instead of {@code ok}. */
    public static String tooManyRelays(int maxRelays) {
        return TOO_MANY_RELAYS_PREFIX + maxRelays + TOO_MANY_RELAYS_SUFFIX;
    }

    /** {@code too many collectors (max <N> per relay)}: an {@code add} beyond the server's maximum per relay. */
    public static String tooManyCollectors(int maxCollectorsPerRelay) {
        return TOO_MANY_COLLECTORS_PREFIX + maxCollectorsPerRelay + TOO_MANY_COLLECTORS_SUFFIX;
    }

    /** {@code too many lines (max <N> per second)}: a relay sent lines faster than the server's maximum rate. */
    public static String tooManyLines(int maxLinesPerSecond) {
        return TOO_MANY_LINES_PREFIX + maxLinesPerSecond + TOO_MANY_LINES_SUFFIX;
    }

    /** True for any of the lines above (a side receiving one knows the other is closing). */
    public static boolean isErrorLine(String line) {
        return line.equals(IDENTIFY_FIRST) || line.equals(MISSING_ID) || line.equals(AUTHENTICATE_FIRST)
                || line.equals(INVALID_TOKEN) || line.equals(ID_NOT_ALLOWED)
                || isNumbered(line, LINE_TOO_LONG_PREFIX, LINE_TOO_LONG_SUFFIX)
                || isNumbered(line, TOO_MANY_RELAYS_PREFIX, TOO_MANY_RELAYS_SUFFIX)
                || isNumbered(line, TOO_MANY_COLLECTORS_PREFIX, TOO_MANY_COLLECTORS_SUFFIX)
                || isNumbered(line, TOO_MANY_LINES_PREFIX, TOO_MANY_LINES_SUFFIX);
    }

    /** {@code prefix}, one or more digits, {@code suffix}. */
    private static boolean isNumbered(String line, String prefix, String suffix) {
        int end = line.length() - suffix.length();
        if (!line.startsWith(prefix) || !line.endsWith(suffix) || end <= prefix.length()) {
            return false;
        }
        for (int i = prefix.length(); i < end; i++) {
            if (line.charAt(i) < '0' || line.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }
}
