package io.pulse.relay;

import java.io.IOException;

/**
 * The server did not accept the relay's {@code id}: its first line was not {@code ok} (or it sent none). The
 * message starts with the original relay library's text, {@value #ORIGINAL_MESSAGE}, followed by what the server
 * answered.
 */
public final class UnableToIdentifyException extends IOException {

    /** The original relay library's error text. */
    public static final String ORIGINAL_MESSAGE = "unable to identify with pulse";

    private static final long serialVersionUID = 1L;

    private final String serverReply;

    /**
     * @param serverReply the server's first line, or null if it sent none
     * @param detail      what happened, for the message
     * @param cause       the I/O error behind it, or null
     */
    UnableToIdentifyException(String serverReply, String detail, Throwable cause) {
        super(ORIGINAL_MESSAGE + " (" + detail + ")", cause);
        this.serverReply = serverReply;
    }

    /** The server's first line instead of {@code ok}, or null when it closed or timed out before answering. */
    public String serverReply() {
        return serverReply;
    }
}
