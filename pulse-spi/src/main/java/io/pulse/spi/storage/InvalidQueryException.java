package io.pulse.spi.storage;

import io.pulse.spi.Api;

/**
 * A query the backend refuses because of what it asks (e.g. a filled range with more buckets than it allows, or a
 * stat whose name its database cannot hold, such as {@code time} in InfluxDB). The message names the offending
 * part; the HTTP API answers 400 with it. Writes do not throw it: {@link Storage#write} reports the samples it
 * refuses in its {@link WriteResult}.
 */
@Api
public class InvalidQueryException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what went wrong, for logs and the API
     */
    public InvalidQueryException(String message) {
        super(message);
    }
}
