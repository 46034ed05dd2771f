package io.pulse.spi.storage;

import io.pulse.spi.Api;

/** The storage backend cannot answer or store now (e.g. its database is unreachable). The HTTP API answers 503. */
@Api
public class StorageUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public StorageUnavailableException(String message) {
        super(message);
    }

    public StorageUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
