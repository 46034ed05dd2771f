package io.pulse.spi.storage;

import io.pulse.spi.Api;

/** The storage backend cannot answer or store now (e.g. its database is unreachable). The HTTP API answers 503. */
@Api
public class StorageUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what went wrong, for logs and the API
     */
    public StorageUnavailableException(String message) {
        super(message);
    }

    /**
     * Creates the exception.
     *
     * @param message what went wrong, for logs and the API
     * @param cause the underlying failure
     */
    public StorageUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
