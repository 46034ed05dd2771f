package io.pulse.relay;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The small pure pieces: value format, backoff, override and seconds parsing, reserved names. */
class ProtocolTest {

    /** What Go's strconv.ParseFloat, Java's parseDouble and InfluxDB all read: plain decimal digits. */
    private static final Pattern PLAIN_DECIMAL = Pattern.compile("-?(0|[1-9][0-9]*)(\\.[0-9]*[1-9])?");

    @Test
    void valuesAreShortestExactPlainDecimals() {
        assertEquals("25", ValueFormat.format(25));
        assertEquals("0", ValueFormat.format(0));
        assertEquals("0", ValueFormat.format(-0.0));
        assertEquals("0.1", ValueFormat.format(0.1));
        assertEquals("0.9405", ValueFormat.format(0.9405));
        assertEquals("1.2346", ValueFormat.format(1.2346));
        assertEquals("0.30000000000000004", ValueFormat.format(0.1 + 0.2));
        assertEquals("0.00001", ValueFormat.format(1e-5));
        assertEquals("0.001", ValueFormat.format(1e-3));
        assertEquals("15000000000", ValueFormat.format(1.5e10));
        assertEquals("12345678", ValueFormat.format(12_345_678));
        assertEquals("-2.5", ValueFormat.format(-2.5));
        assertEquals("100000000000000000000000", ValueFormat.format(1e23));
        assertEquals("9007199254740992", ValueFormat.format(9007199254740992.0));
        for (double bad : new double[] {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY}) {
            assertThrows(IllegalArgumentException.class, () -> ValueFormat.format(bad));
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
        String text = ValueFormat.format(value);
        assertTrue(PLAIN_DECIMAL.matcher(text).matches(), text);
        assertEquals(value == 0 ? 0.0 : value, Double.parseDouble(text), text);
        // Shortest: exactly the decimal Double.toString gives (the shortest that reads back), only written out.
        assertEquals(0, new BigDecimal(text).compareTo(new BigDecimal(Double.toString(value))), text);
    }

    @Test
    void backoffDoublesFromInitialToMaxWithinTheJitter() {
        Backoff exact = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(30), 0, null);
        assertEquals(Duration.ofMillis(100), exact.delay(0));
        assertEquals(Duration.ofMillis(200), exact.delay(1));
        assertEquals(Duration.ofMillis(400), exact.delay(2));
        assertEquals(Duration.ofMillis(25_600), exact.delay(8));
        assertEquals(Duration.ofSeconds(30), exact.delay(9));
        assertEquals(Duration.ofSeconds(30), exact.delay(Integer.MAX_VALUE));

        Backoff jittered = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(30), 0.2, new SplittableRandom(7));
        long min = Long.MAX_VALUE;
        long max = 0;
        for (int i = 0; i < 10_000; i++) {
            long millis = jittered.delay(20).toMillis();
            min = Math.min(min, millis);
            max = Math.max(max, millis);
        }
        assertTrue(min >= 24_000 && min < 25_000, "lower spread " + min);
        assertTrue(max <= 36_000 && max > 35_000, "upper spread " + max);
        assertThrows(IllegalArgumentException.class, () -> new Backoff(Duration.ZERO, Duration.ofSeconds(1), 0, null));
        assertThrows(IllegalArgumentException.class,
                () -> new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1), 0, null));
        assertThrows(IllegalArgumentException.class,
                () -> new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(1), 1, null));
    }

    @Test
    void overrideParsing() {
        OverrideCommand command = OverrideCommand.parse("120 cpu:5,ram:0.5, disk : 10 ,bad,x:y,:3");
        assertEquals(Duration.ofMinutes(2), command.duration());
        assertEquals(Duration.ofSeconds(5), command.intervals().get("cpu"));
        assertEquals(Duration.ofMillis(500), command.intervals().get("ram"));
        assertEquals(Duration.ofSeconds(10), command.intervals().get("disk"));
        assertEquals(3, command.intervals().size());
        assertEquals(3, command.rejected().size(), command.rejected().toString());
        for (String bad : List.of("", "60", "x c:1", "-5 c:1", "0 c:1", "60 c:0", "60 c:-1", "60 c", "1e400 c:1")) {
            assertThrows(IllegalArgumentException.class, () -> OverrideCommand.parse(bad), bad);
        }
    }

    @Test
    void secondsAndNames() {
        assertEquals(Duration.ofSeconds(30), Protocol.parseSeconds("30"));
        assertEquals(Duration.ofMillis(250), Protocol.parseSeconds(" 0.25 "));
        assertThrows(IllegalArgumentException.class, () -> Protocol.parseSeconds("NaN"));
        assertThrows(IllegalArgumentException.class, () -> Protocol.parseSeconds("0.0000000001"));
        assertTrue(Protocol.isReservedName("_connected"));
        assertTrue(Protocol.isReservedName("a-b"));
        assertFalse(Protocol.isReservedName("cpu_used"));
        assertFalse(Protocol.isReservedName("_connected2"));
        assertEquals("add n:,a,b:c\n", Protocol.addLine("n", List.of("", "a", "b:c")));
        assertEquals("add n:\n", Protocol.addLine("n", List.of()));
    }
}
