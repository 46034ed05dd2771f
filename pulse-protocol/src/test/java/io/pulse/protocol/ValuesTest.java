package io.pulse.protocol;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.List;
import java.util.SplittableRandom;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ValuesTest {

    /** What Go's strconv.ParseFloat, Java's parseDouble and InfluxDB all read: plain decimal digits. */
    private static final Pattern PLAIN_DECIMAL = Pattern.compile("-?(0|[1-9][0-9]*)(\\.[0-9]*[1-9])?");

    @Test
    void valuesAreShortestExactPlainDecimals() {
        assertEquals("25", Values.format(25));
        assertEquals("0", Values.format(0));
        assertEquals("0", Values.format(-0.0));
        assertEquals("0.1", Values.format(0.1));
        assertEquals("0.9405", Values.format(0.9405));
        assertEquals("1.2346", Values.format(1.2346));
        assertEquals("0.30000000000000004", Values.format(0.1 + 0.2));
        assertEquals("0.00001", Values.format(1e-5));
        assertEquals("0.001", Values.format(1e-3));
        assertEquals("15000000000", Values.format(1.5e10));
        assertEquals("12345678", Values.format(12_345_678));
        assertEquals("-2.5", Values.format(-2.5));
        assertEquals("100000000000000000000000", Values.format(1e23));
        assertEquals("9007199254740992", Values.format(9007199254740992.0));
        for (double bad : new double[] {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY}) {
            assertThrows(IllegalArgumentException.class, () -> Values.format(bad));
        }
    }

    @Test
    void everyFiniteDoubleRoundTripsExactlyInPlainNotation() {
        SplittableRandom random = new SplittableRandom(42);
        List<Double> edges = List.of(Double.MIN_VALUE, Double.MAX_VALUE, -Double.MAX_VALUE, Double.MIN_NORMAL,
                1e-300, 123456.789e-20, 0.5, 1.0 / 3);
        for (double value : edges) {
            assertRoundTrips(value);
        }
        for (int i = 0; i < 1_000; i++) {
            // Random bit patterns cover every exponent (long plain strings: fewer of them).
            double fromBits = Double.longBitsToDouble(random.nextLong());
            if (Double.isFinite(fromBits)) {
                assertRoundTrips(fromBits);
            }
        }
        for (int i = 0; i < 5_000; i++) {
            // Everyday magnitudes.
            assertRoundTrips(random.nextDouble() * Math.pow(10, random.nextInt(-12, 13)));
        }
    }

    private static void assertRoundTrips(double value) {
        String text = Values.format(value);
        assertTrue(PLAIN_DECIMAL.matcher(text).matches(), text);
        assertEquals(value == 0 ? 0.0 : value, Double.parseDouble(text), text);
        assertEquals(value == 0 ? 0.0 : value, Values.parse(text), text);
        // Shortest: exactly the decimal Double.toString gives (the shortest that reads back), only written out.
        assertEquals(0, new BigDecimal(text).compareTo(new BigDecimal(Double.toString(value))), text);
    }

    @Test
    void readingAcceptsWhatGoParseFloatAccepts() {
        for (String ok : List.of("1", "-2.5", "+3", ".5", "5.", "1e3", "1E-3", "0x1p-2", "0X1.8P1", "-0", "007",
                "25.0000", "0.2500")) {
            assertTrue(Double.isFinite(Values.parse(ok)), ok);
        }
        assertEquals(0.25, Values.parse("0x1p-2"));
        assertEquals(1000.0, Values.parse("1e3"));
        assertEquals(25.0, Values.parse("25.0000"), "the original relay's four decimals");
        for (String bad : List.of("", " ", "abc", "1,5", "0x10", "1e", "--1", "1d", "1f", " 1", "1\t")) {
            assertFalse(Double.isFinite(Values.parse(bad)), bad);
        }
        for (String notFinite : List.of("NaN", "+Inf", "-Inf", "Infinity", "1e999")) {
            assertFalse(Double.isFinite(Values.parse(notFinite)), notFinite);
        }
    }
}
