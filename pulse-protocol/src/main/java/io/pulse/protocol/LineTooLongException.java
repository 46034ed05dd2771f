package io.pulse.protocol;

import java.io.IOException;

/**
 * The peer sent a line longer than the reader's limit. Both ends follow the same policy: the reader gives up as
 * soon as the limit is passed (an endless line costs nothing), and the connection is not trusted to resynchronise
 * (the rest of the line would be read as commands), so the reading side writes {@link #errorLine()} to the peer and
 * closes the connection. The server then forgets the relay; the Java relay reconnects.
 *
 * <p>The message is the error line itself: {@code line too long (max <N> bytes)}.
 */
public final class LineTooLongException extends IOException {

    private static final long serialVersionUID = 1L;

    private final int maxLineLength;

    public LineTooLongException(int maxLineLength) {
        super(ErrorLines.lineTooLong(maxLineLength));
        this.maxLineLength = maxLineLength;
    }

    /** The limit that was passed, in bytes, not counting the line's terminator. */
    public int maxLineLength() {
        return maxLineLength;
    }

    /** The line to write to the peer before closing, without its terminator. */
    public String errorLine() {
        return getMessage();
    }
}
