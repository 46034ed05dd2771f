package io.pulse.alert.builtin.store;

import java.io.IOException;

/** The alerts file exists but cannot be read as one; the message names the file, the fault and what to do. */
public final class CorruptAlertFileException extends IOException {
    private static final long serialVersionUID = 1L;

    CorruptAlertFileException(String message, Throwable cause) {
        super(message, cause);
    }
}
