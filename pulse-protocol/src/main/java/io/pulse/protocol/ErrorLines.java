package io.pulse.protocol;

/**
 * The lines a side writes just before it closes the connection because of what the other side sent. The first
 * two are the original server's, byte for byte; the third is Pulse's (the original had no line limit).
 */
public final class ErrorLines {

    /** The server's answer to a first line that is not {@code id ...}. */
    public static final String IDENTIFY_FIRST = "identify first with the 'id' command";

    /** The server's answer to {@code id} without an id (Pulse: or with a blank one). */
    public static final String MISSING_ID = "missing id";

    private static final String LINE_TOO_LONG_PREFIX = "line too long (max ";

    private ErrorLines() {
    }

    /** {@code line too long (max <maxLineLength> bytes)}: see {@link LineTooLongException}. */
    public static String lineTooLong(int maxLineLength) {
        return LINE_TOO_LONG_PREFIX + maxLineLength + " bytes)";
    }

    /** True for any of the lines above (a side receiving one knows the other is closing). */
    public static boolean isErrorLine(String line) {
        return line.equals(IDENTIFY_FIRST) || line.equals(MISSING_ID)
                || (line.startsWith(LINE_TOO_LONG_PREFIX) && line.endsWith(" bytes)"));
    }
}
