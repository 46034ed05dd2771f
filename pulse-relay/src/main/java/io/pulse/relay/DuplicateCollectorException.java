package io.pulse.relay;

/**
 * A collector with that name is already registered on this relay (remove it first to replace it). The message
 * starts with the original relay library's text, {@value #ORIGINAL_MESSAGE}.
 */
public final class DuplicateCollectorException extends IllegalArgumentException {

    /** The original relay library's error text. */
    public static final String ORIGINAL_MESSAGE = "cannot add a duplicate collector to the set";

    private static final long serialVersionUID = 1L;

    private final String name;

    DuplicateCollectorException(String name) {
        super(ORIGINAL_MESSAGE + " (\"" + name + "\" is already registered)");
        this.name = name;
    }

    /** The name that is already taken. */
    public String name() {
        return name;
    }
}
