package io.pulse.spi.alert;

import io.pulse.spi.Api;

/** No alert has the given id. The HTTP API answers 404. */
@Api
public class AlertNotFoundException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param id the rule id that was not found
     */
    public AlertNotFoundException(String id) {
        super("no alert with id '" + id + "'");
    }
}
