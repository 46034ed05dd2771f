package io.pulse.protocol;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;

/**
 * Durations as the protocol writes them ({@code beat 30}, {@code override 300 cpu:5}): a number of seconds. The
 * server writes whole seconds; decimals ({@code 0.5}) are read and written too, because the Java relay honours them
 * and its tests run on short intervals.
 */
final class Seconds {

    private Seconds() {
    }

    /** Whole seconds as an integer ({@code 30}), anything else as a plain decimal ({@code 0.05}). */
    static String format(Duration duration) {
        if (duration.getNano() == 0) {
            return Long.toString(duration.getSeconds());
        }
        return BigDecimal.valueOf(duration.getSeconds()).add(BigDecimal.valueOf(duration.getNano(), 9))
                .stripTrailingZeros().toPlainString();
    }

    /**
     * Reads a positive number of seconds; surrounding spaces are ignored.
     *
     * @throws IllegalArgumentException if it is not a positive number of seconds representable as a Duration
     */
    static Duration parse(String text) {
        BigDecimal seconds;
        try {
            seconds = new BigDecimal(text.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a number of seconds: \"" + text + "\"");
        }
        if (seconds.signum() <= 0) {
            throw new IllegalArgumentException("seconds must be positive: \"" + text + "\"");
        }
        try {
            long nanos = seconds.movePointRight(9).setScale(0, RoundingMode.HALF_UP).longValueExact();
            if (nanos <= 0) {
                throw new IllegalArgumentException("seconds too small: \"" + text + "\"");
            }
            return Duration.ofNanos(nanos);
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("seconds too large: \"" + text + "\"");
        }
    }

    /** Requires a positive duration (what every protocol line carries). */
    static Duration positive(Duration duration, String what) {
        if (duration == null || duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException(what + " must be positive, got " + duration);
        }
        return duration;
    }
}
