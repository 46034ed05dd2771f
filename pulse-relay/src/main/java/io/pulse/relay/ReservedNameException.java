package io.pulse.relay;

/**
 * A collector name the protocol cannot carry: it contains {@code -}, {@code :} or {@code ,} (the separators of
 * {@code add} and {@code got} lines) or is {@code _connected} (the key {@link Relay#info()} uses for the
 * connection state). The message starts with the original relay library's text,
 * {@value #ORIGINAL_MESSAGE}.
 */
public final class ReservedNameException extends IllegalArgumentException {

    /** The original relay library's error text. */
    public static final String ORIGINAL_MESSAGE = "cannot use - or : or , or _connected in your name";

    private static final long serialVersionUID = 1L;

    private final String name;

    ReservedNameException(String name) {
        super(ORIGINAL_MESSAGE + " (got \"" + name + "\")");
        this.name = name;
    }

    /** The rejected name. */
    public String name() {
        return name;
    }
}
