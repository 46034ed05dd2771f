package io.pulse.kernel.relay;

import java.io.IOException;

/**
 * A registered relay went beyond one of the {@link RelayLimits} (collectors, line rate). Like an overlong line, it
 * ends the command loop: the connection writes {@link #errorLine()} to the relay and closes. The refusal was
 * already counted and logged by the {@link RelayLimiter} that made the line.
 */
final class RelayLimitExceeded extends IOException {

    private static final long serialVersionUID = 1L;

    RelayLimitExceeded(String errorLine) {
        super(errorLine);
    }

    /** The line to write to the relay before closing, without its terminator. */
    String errorLine() {
        return getMessage();
    }
}
