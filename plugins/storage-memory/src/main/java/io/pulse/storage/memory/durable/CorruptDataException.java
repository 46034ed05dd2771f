package io.pulse.storage.memory.durable;

/** A record or file does not hold what its format says. The message says what is wrong. */
final class CorruptDataException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    CorruptDataException(String message) {
        super(message);
    }
}
