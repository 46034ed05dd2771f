package io.pulse.protocol;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The byte parsers of the server's hot path ({@link Values#parse(byte[], int, int)},
 * {@link GotLine#parse(byte[], int, int, GotLine.ByteItemSink)}) must read exactly what the String parsers read:
 * the same doubles bit for bit (negative zero included), the same refusals, the same items and skip counts.
 */
class ByteParsingTest {

    private static final List<String> VALUES = List.of(
        // plain decimals (the fast path)
        "0", "-0", "+0", "25", "25.0000", "0.25", "-2.5", "+2.5", "1.", ".5", "-.5", "0.9405", "1.2346",
        "0.30000000000000004", "0.1", "0.7", "123456789012345", "9007199254740992", "9007199254740993",
        "12345678901234567890", "0.0000000000000000000001", "0.00000000000000000000001", "000000000000000000000001",
        "1.7976931348623157", "4.9", "0.000001234", "99999999999999999999999999",
        // exponents, hex, overflow and underflow (the String parser's path)
        "2.5e1", "1E5", "-1e-5", "1e308", "1e309", "1e999", "-1e999", "1e-400", "4.9e-324", "0x1p3", "0x1.8p1",
        "1.7976931348623157e308",
        // refused alike
        "", "-", "+", ".", "-.", "NaN", "nan", "+Inf", "-Inf", "Inf", "inf", "Infinity", "-Infinity", " 1", "1 ",
        "1d", "2F", "1f", "abc", "1.2.3", "1-2", "--1", "+-1", "1e", "e5", "1,5", "0x", "\u00e9", "1\u00e9");

    @Test
    void valuesReadFromBytesAreTheValuesReadFromText() {
        for (String text : VALUES) {
            assertSame(text);
        }
        SplittableRandom random = new SplittableRandom(42);
        for (int i = 0; i < 20_000; i++) {
            double value = switch (i % 4) {
                case 0 -> random.nextDouble();
                case 1 -> Math.round(random.nextDouble() * 1e6) / 1e4;  // relay-style 4 decimals
                case 2 -> (random.nextDouble() - 0.5) * Math.pow(10, random.nextInt(-30, 30));
                default -> Double.longBitsToDouble(random.nextLong());
            };
            if (Double.isFinite(value)) {
                assertSame(Values.format(value));
                assertSame(Double.toString(value));
            }
        }
    }

    private static void assertSame(String text) {
        byte[] padded = ("x" + text + "y").getBytes(StandardCharsets.UTF_8);
        double fromBytes = Values.parse(padded, 1, padded.length - 1);
        double fromText = Values.parse(text);
        assertEquals(Double.doubleToRawLongBits(Double.isNaN(fromText) ? Double.NaN : fromText),
            Double.doubleToRawLongBits(Double.isNaN(fromBytes) ? Double.NaN : fromBytes), "\"" + text + "\"");
    }

    @Test
    void gotLinesReadFromBytesGiveTheSameItemsAndSkips() {
        List<String> lines = new ArrayList<>(List.of(
            "cpu_used-cpu_used:0.2500,ram_used-ram_used:0.9405,disk-disk_free:1.2346,disk-disk_used:50.0000",
            "bad,c-a:1:2,nodash:1,c-x-y:3,c-:3,c-nan:NaN,c-inf:+Inf,c-ninf:-Inf,c-empty:,c-abc:abc,"
                + "c-sp: 1,c-sp2:1 ,c-d:1d,c-f:2F,c-java:Infinity,c-huge:1e999,,",
            "c-ok:1.5,c-x-y:3,-anon:2,unknown-stat:5", "", ",", "c-s:2.5e1", "d\u00e9j\u00e0-\u00e9t\u00e9:1,c-\u00e9:x",
            "c-s:-0", "a-b:1,"));
        for (String value : VALUES) {
            lines.add("c-s:" + value + ",c-t:1");
        }
        for (String line : lines) {
            List<String> fromText = new ArrayList<>();
            int skippedText = GotLine.parse(line, (c, s, v) -> fromText.add(c + "|" + s + "|" + Double.doubleToRawLongBits(v)));
            byte[] bytes = ("got " + line + "\r").getBytes(StandardCharsets.UTF_8);
            List<String> fromBytes = new ArrayList<>();
            int skippedBytes = GotLine.parse(bytes, 4, bytes.length - 1, (b, start, dash, colon, v) -> fromBytes.add(
                new String(b, start, dash - start, StandardCharsets.UTF_8) + "|"
                    + new String(b, dash + 1, colon - dash - 1, StandardCharsets.UTF_8) + "|"
                    + Double.doubleToRawLongBits(v)));
            assertEquals(fromText, fromBytes, line);
            assertEquals(skippedText, skippedBytes, line);
        }
    }
}
