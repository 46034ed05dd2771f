package io.pulse.protocol;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;

/**
 * How a value is written in, and read from, a {@code got} item.
 *
 * <p><b>Writing.</b> The original relay wrote exactly four decimals ({@code 0.00001} became {@code 0.0000}); Pulse
 * writes the shortest decimal that reads back as exactly the same {@code double} ({@link Double#toString} is
 * shortest since JDK 19), in plain notation: never an exponent, never a trailing {@code .0}. Plain digits are read
 * by every consumer of the protocol: Go's {@code strconv.ParseFloat} in the original server, {@link #parse} in
 * Pulse, and InfluxDB's line protocol. Examples: {@code 25}, {@code 0.1}, {@code 0.30000000000000004},
 * {@code 0.00001}, {@code 15000000000}, {@code -2.5}. Negative zero is written {@code 0}. Non-finite values have no
 * decimal form and are never written (both servers would drop them anyway).
 *
 * <p><b>Reading.</b> Any text Go's {@code ParseFloat} accepts and that is a finite number: the original's
 * relay wrote {@code 25.0000}, the Java relay writes {@code 25}, hand-written relays may write {@code 2.5e1}.
 *
 * <p>Stateless and thread-safe.
 */
public final class Values {

    private Values() {
    }

    /**
     * @param value a finite value
     * @return its shortest exact plain decimal
     * @throws IllegalArgumentException for NaN or an infinity
     */
    public static String format(double value) {
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

    /**
     * The value, or NaN when the text is not a number Go's {@code ParseFloat} would accept. Java's
     * {@link Double#parseDouble} is more lenient in three ways, which are refused here: surrounding whitespace, a
     * {@code d}/{@code f} type suffix, and {@code Infinity}/{@code NaN} spelled Java's way. Callers that need a
     * finite value check {@link Double#isFinite} (NaN, {@code +Inf} and overflowing values like {@code 1e999} are
     * not finite).
     */
    public static double parse(String text) {
        if (text.isEmpty()) {
            return Double.NaN;
        }
        char first = text.charAt(0);
        char last = text.charAt(text.length() - 1);
        if (first <= ' ' || last <= ' ' || last == 'd' || last == 'D' || last == 'f' || last == 'F') {
            return Double.NaN;
        }
        try {
            return Double.parseDouble(text);
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    /** Exact powers of ten as doubles: every one up to 1e22 is exactly representable. */
    private static final double[] EXACT_POWERS_OF_TEN = {
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18,
        1e19, 1e20, 1e21, 1e22,
    };
    /** Integers up to 2^53 are exact as doubles. */
    private static final long MAX_EXACT_MANTISSA = 1L << 53;

    /**
     * {@link #parse(String)} on the UTF-8 bytes {@code bytes[from, to)}, for the server's hot path: the same result
     * for every input, without a String for the common case.
     *
     * <p>Plain decimals ({@code 25}, {@code -0.9405}, {@code 1.}, {@code .5}) with at most 15 or so significant
     * digits and at most 22 decimals are computed exactly as {@code digits / 10^decimals}: both operands are exact
     * doubles, so the one IEEE division is correctly rounded, which is what {@link Double#parseDouble} returns too
     * (Clinger's fast path). Everything else (exponents, long mantissas, hex, words, malformed text) goes through
     * {@link #parse(String)}, so its rules and errors are the String parser's by construction.
     */
    public static double parse(byte[] bytes, int from, int to) {
        int i = from;
        boolean negative = false;
        if (i < to && (bytes[i] == '-' || bytes[i] == '+')) {
            negative = bytes[i] == '-';
            i++;
        }
        long mantissa = 0;
        int digits = 0;
        int decimals = 0;
        boolean point = false;
        for (; i < to; i++) {
            byte b = bytes[i];
            if (b >= '0' && b <= '9') {
                mantissa = mantissa * 10 + (b - '0');
                digits++;
                if (point) {
                    decimals++;
                }
                if (mantissa > MAX_EXACT_MANTISSA || decimals >= EXACT_POWERS_OF_TEN.length) {
                    return slowParse(bytes, from, to);
                }
            } else if (b == '.' && !point) {
                point = true;
            } else {
                return slowParse(bytes, from, to);
            }
        }
        if (digits == 0) {
            return slowParse(bytes, from, to);  // "", "-", ".", "+.": whatever the String parser says (NaN)
        }
        double value = mantissa / EXACT_POWERS_OF_TEN[decimals];
        return negative ? -value : value;
    }

    private static double slowParse(byte[] bytes, int from, int to) {
        return parse(new String(bytes, from, to - from, StandardCharsets.UTF_8));
    }
}
