package io.pulse.relay;

import java.math.BigDecimal;

/**
 * How a value is written in a {@code got} line.
 *
 * <p>The original relay wrote exactly four decimals ({@code 0.00001} became {@code 0.0000}); Pulse writes the
 * shortest decimal that reads back as exactly the same {@code double} ({@link Double#toString} is shortest since
 * JDK 19), in plain notation: never an exponent, never a trailing {@code .0}. Plain digits are read by every
 * consumer of the protocol: Go's {@code strconv.ParseFloat} in the original server, {@link Double#parseDouble} in
 * Pulse, and InfluxDB's line protocol. Examples: {@code 25}, {@code 0.1}, {@code 0.30000000000000004},
 * {@code 0.00001}, {@code 15000000000}, {@code -2.5}. Negative zero is written {@code 0}.
 *
 * <p>Non-finite values have no decimal form: callers must not pass them (both servers would drop them anyway: the
 * original's InfluxDB client refuses NaN/Inf fields, Pulse skips and counts them).
 */
final class ValueFormat {

    private ValueFormat() {
    }

    /**
     * @param value a finite value
     * @return its shortest exact plain decimal
     * @throws IllegalArgumentException for NaN or an infinity
     */
    static String format(double value) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("not a finite value: " + value);
        }
        String shortest = Double.toString(value);
        if (shortest.indexOf('E') < 0) {
            // Already plain ("25.0", "0.001"): only drop a trailing ".0".
            if (shortest.endsWith(".0")) {
                shortest = shortest.substring(0, shortest.length() - 2);
            }
            return shortest.equals("-0") ? "0" : shortest;
        }
        // Scientific form ("1.0E-5", "1.5E10"): the same digits written out in plain notation.
        return new BigDecimal(shortest).stripTrailingZeros().toPlainString();
    }
}
