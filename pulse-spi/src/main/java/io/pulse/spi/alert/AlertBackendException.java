package io.pulse.spi.alert;

import io.pulse.spi.Api;

/**
 * The alert backend refused an operation or could not be reached; the message is its reason.
 * {@link #unavailable()} tells the two apart (the HTTP API answers 503 for unreachable, 400 for refused).
 */
@Api
public class AlertBackendException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Whether the backend could not be reached, as opposed to refusing the request. */
    private final boolean unavailable;

    /**
     * Creates the exception.
     *
     * @param message what went wrong, for logs and the API
     * @param unavailable whether the backend could not be reached
     * @param cause the underlying failure
     */
    public AlertBackendException(String message, boolean unavailable, Throwable cause) {
        super(message, cause);
        this.unavailable = unavailable;
    }

    /**
     * Creates the exception.
     *
     * @param message what went wrong, for logs and the API
     */
    public AlertBackendException(String message) {
        this(message, false, null);
    }

    /** {@return true when the backend could not be reached, false when it refused} */
    public boolean unavailable() {
        return unavailable;
    }
}
