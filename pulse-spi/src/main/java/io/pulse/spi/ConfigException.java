package io.pulse.spi;

/**
 * A configuration value is missing or invalid. The kernel prints the message as one line and exits non-zero,
 * so the message names the key and says what is accepted, e.g.
 * {@code "influxdb.batch-max-points: expected a whole number from 1 to 1000000, got 'ten'"}.
 */
@Api
public class ConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what went wrong, for logs and the API
     */
    public ConfigException(String message) {
        super(message);
    }

    /**
     * Creates the exception.
     *
     * @param message what went wrong, for logs and the API
     * @param cause the underlying failure
     */
    public ConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
