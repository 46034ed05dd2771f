package io.pulse.spi.alert;

import io.pulse.spi.Api;

/**
 * The alert backend refused an operation or could not be reached; the message is its reason.
 * {@link #unavailable()} tells the two apart (the HTTP API answers 503 for unreachable, 400 for refused).
 */
@Api
public class AlertBackendException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final boolean unavailable;

    public AlertBackendException(String message, boolean unavailable, Throwable cause) {
        super(message, cause);
        this.unavailable = unavailable;
    }

    public AlertBackendException(String message) {
        this(message, false, null);
    }

    /** True when the backend could not be reached, false when it refused. */
    public boolean unavailable() {
        return unavailable;
    }
}
