package io.pulse.spi;

/**
 * A configuration value is missing or invalid. The kernel prints the message as one line and exits non-zero,
 * so the message names the key and says what is accepted, e.g.
 * {@code "influxdb.batch-max-points: expected a whole number from 1 to 1000000, got 'ten'"}.
 */
@Api
public class ConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ConfigException(String message) {
        super(message);
    }

    public ConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
