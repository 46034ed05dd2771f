package io.pulse.kernel.cli;

/**
 * The command line itself is wrong (unknown flag, missing value, stray argument). The launcher prints the message
 * as one line and exits with code 2.
 */
public final class UsageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public UsageException(String message) {
        super(message);
    }
}
