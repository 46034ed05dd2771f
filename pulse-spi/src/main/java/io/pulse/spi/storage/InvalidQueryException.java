package io.pulse.spi.storage;

import io.pulse.spi.Api;

/**
 * A query the backend refuses because of what it asks (e.g. a stat name the database cannot store). The message
 * names the offending part; the HTTP API answers 400 with it.
 */
@Api
public class InvalidQueryException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public InvalidQueryException(String message) {
        super(message);
    }
}
