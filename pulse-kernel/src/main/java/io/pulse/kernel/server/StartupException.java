package io.pulse.kernel.server;

/**
 * The server could not start: a port in use, a plugin whose {@code start()} failed, a data directory that cannot
 * be created. The message is one line naming the component and the cause; the launcher exits with code 1.
 */
public final class StartupException extends Exception {
    private static final long serialVersionUID = 1L;

    public StartupException(String message, Throwable cause) {
        super(message, cause);
    }
}
