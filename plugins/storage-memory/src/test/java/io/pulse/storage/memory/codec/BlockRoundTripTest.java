package io.pulse.storage.memory.codec;

import io.pulse.storage.memory.series.Series;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Round-trip properties of the block codec: whatever goes in comes out bit for bit, through the open builder
 * and through the sealed block, whichever value encoding sealing picks.
 */
class BlockRoundTripTest {

    private static final double[] EDGE_VALUES = {
        0.0, -0.0, 1.0, -1.0, Double.MIN_VALUE, -Double.MIN_VALUE, Double.MIN_NORMAL, Double.MAX_VALUE,
        -Double.MAX_VALUE, 1e-300, -1e300, 0.1, 0.2207, 123456789.123456789, 4.9e-324, 2.2250738585072009e-308,
        9007199254740993.0, 1e15 + 0.3, 3.0e-5, 0.30000000000000004
    };

    private static final long[] EDGE_TIMES = {
        Long.MIN_VALUE, Long.MIN_VALUE + 1, -1, 0, 1, 59_999, 60_000, 60_001, 1L << 31, (1L << 31) + 1,
        1_700_000_000_000L, 1_700_000_000_000L, 1_700_000_060_013L, Long.MAX_VALUE - 1, Long.MAX_VALUE
    };

    @Test
    void edgeValuesAndTimesRoundTrip() {
        for (int rotation = 0; rotation < EDGE_VALUES.length; rotation++) {
            double[] values = new double[EDGE_TIMES.length];
            for (int i = 0; i < values.length; i++) {
                values[i] = EDGE_VALUES[(i + rotation) % EDGE_VALUES.length];
            }
            assertRoundTrip(EDGE_TIMES, values);
        }
    }

    @Test
    void randomBitPatternsAndIrregularTimesRoundTrip() {
        Random random = new Random(42);
        for (int run = 0; run < 300; run++) {
            int n = 1 + random.nextInt(300);
            long[] times = new long[n];
            double[] values = new double[n];
            long t = random.nextLong() >> random.nextInt(64);
            for (int i = 0; i < n; i++) {
                times[i] = t;
                values[i] = randomValue(random);
                long gap = switch (random.nextInt(6)) {
                    case 0 -> 0;
                    case 1 -> 60_000 + random.nextInt(41) - 20;
                    case 2 -> random.nextInt(5_000);
                    case 3 -> random.nextInt(Integer.MAX_VALUE) * 3L;
                    case 4 -> 60_000;
                    default -> Math.abs(random.nextLong() >> random.nextInt(64));
                };
                t = t + gap < t ? Long.MAX_VALUE : t + gap;
            }
            assertRoundTrip(times, values);
        }
    }

    @Test
    void shortDecimalsChooseTheDecimalEncodingAndRoundTrip() {
        Random random = new Random(7);
        for (int scale = 0; scale <= 6; scale++) {
            long[] times = new long[Series.BLOCK_SAMPLES];
            double[] values = new double[times.length];
            long m = random.nextInt(10_000);
            for (int i = 0; i < times.length; i++) {
                times[i] = 1_700_000_000_000L + i * 60_000L + random.nextInt(20);
                m += random.nextInt(201) - 100;
                values[i] = m / Math.pow(10, scale);
            }
            Block block = assertRoundTrip(times, values);
            assertEquals(Block.CODEC_DECIMAL, block.codec(), "scale " + scale);
        }
    }

    @Test
    void decimalsOfChangingScalesAndMagnitudesRoundTrip() {
        Random random = new Random(11);
        for (int run = 0; run < 300; run++) {
            int n = 1 + random.nextInt(150);
            long[] times = new long[n];
            double[] values = new double[n];
            for (int i = 0; i < n; i++) {
                times[i] = i * 1000L;
                int scale = random.nextInt(DecimalValueCodec.MAX_SCALE + 1);
                long magnitude = (long) Math.pow(10, random.nextInt(17));
                values[i] = (random.nextLong() % Math.max(1, magnitude)) / Math.pow(10, scale);
                if (random.nextInt(40) == 0) {
                    values[i] = Math.PI * values[i];             // now and then one that is no short decimal
                }
            }
            assertRoundTrip(times, values);
        }
    }

    @Test
    void aBlockMixingDecimalsAndOtherValuesFallsBackToXor() {
        long[] times = {1, 2, 3, 4};
        double[] values = {0.25, 1.5, Math.PI, -0.0};
        Block block = assertRoundTrip(times, values);
        assertEquals(Block.CODEC_XOR, block.codec());
    }

    @Test
    void regularRepeatingDataCompressesToAboutOneBitPerField() {
        BlockBuilder b = new BlockBuilder(120);
        for (int i = 0; i < 120; i++) {
            b.append(1_700_000_000_000L + i * 60_000L, 0.5);
        }
        Block block = b.seal();
        // 128 bits for the first sample, then 1 bit of time and 1 bit of value each (the second time costs 37)
        assertTrue(block.words().length * 8 <= 16 + 5 + 240 / 8 + 8, "words: " + block.words().length);
    }

    @Test
    void slowlyChangingFourDecimalValuesWithJitterStayUnderFourBytesPerSample() {
        Random random = new Random(3);
        BlockBuilder b = new BlockBuilder(120);
        long t = 1_700_000_000_000L;
        long m = 5_000;
        for (int i = 0; i < 120; i++) {
            t += 60_000 + random.nextInt(41) - 20;
            m += random.nextInt(21) - 10;
            b.append(t, m / 10_000.0);
        }
        Block block = b.seal();
        assertTrue(block.sizeBytes() / 120.0 < 4, "bytes per sample " + block.sizeBytes() / 120.0);
    }

    @Test
    void aNewBlockStartsSmallAndGrowsAsSamplesCome() {
        BlockBuilder b = new BlockBuilder(240);
        b.append(1_700_000_000_000L, 12.5);
        // a fleet creates its series with their first sample: the open block must not hold the whole block's buffer
        assertEquals(8L * BlockBuilder.MAX_FIRST_WORDS + Block.OVERHEAD_BYTES, b.sizeBytes());
        Random random = new Random(5);
        long[] times = new long[240];
        double[] values = new double[240];
        times[0] = 1_700_000_000_000L;
        values[0] = 12.5;
        for (int i = 1; i < 240; i++) {
            times[i] = times[i - 1] + 1_000 + random.nextInt(21) - 10;
            values[i] = random.nextInt(1_000_000) / 100.0;
            b.append(times[i], values[i]);
        }
        assertTrue(b.sizeBytes() > 8L * BlockBuilder.MAX_FIRST_WORDS + Block.OVERHEAD_BYTES, "grew: " + b.sizeBytes());
        BlockCursor c = b.seal().cursor();
        for (int i = 0; i < 240; i++) {
            assertTrue(c.next());
            assertEquals(times[i], c.time());
            assertEquals(values[i], c.value());
        }
        assertFalse(c.next());
    }

    @Test
    void appendingBackwardsInTimeIsRefused() {
        BlockBuilder b = new BlockBuilder(4);
        b.append(10, 1);
        b.append(10, 2);
        assertThrows(IllegalArgumentException.class, () -> b.append(9, 3));
        assertEquals(2, b.count());
    }

    @Test
    void verifyRejectsBlocksThatDoNotMatchTheirBounds() {
        BlockBuilder b = new BlockBuilder(4);
        b.append(1000, 1);
        b.append(2000, 2);
        Block good = b.seal();
        assertTrue(good.verify());
        assertFalse(new Block(good.codec(), good.scale(), good.count(), good.minTime(), good.maxTime() + 1,
            good.words()).verify());
        assertFalse(new Block(good.codec(), good.scale(), good.count() + 5, good.minTime(), good.maxTime(),
            good.words()).verify());
    }

    @Test
    void decimalScaleDetection() {
        assertEquals(0, DecimalValueCodec.scaleOf(1024));
        assertEquals(4, DecimalValueCodec.scaleOf(0.2207));
        assertEquals(1, DecimalValueCodec.scaleOf(-81.5));
        assertEquals(-1, DecimalValueCodec.scaleOf(-0.0));
        assertEquals(-1, DecimalValueCodec.scaleOf(Math.PI));
        assertEquals(-1, DecimalValueCodec.scaleOf(Double.NaN));
        assertEquals(-1, DecimalValueCodec.scaleOf(Double.POSITIVE_INFINITY));
        assertEquals(-1, DecimalValueCodec.scaleOf(1e300));
    }

    private static double randomValue(Random random) {
        return switch (random.nextInt(7)) {
            case 0 -> EDGE_VALUES[random.nextInt(EDGE_VALUES.length)];
            case 1 -> {
                double d = Double.longBitsToDouble(random.nextLong());
                yield Double.isFinite(d) ? d : 0.0;
            }
            case 2 -> random.nextInt(1000) / 100.0;
            case 3 -> random.nextGaussian() * 1e6;
            case 4 -> 42.0;
            case 5 -> random.nextInt(10_000) / 10_000.0;
            default -> -random.nextDouble();
        };
    }

    /** Appends, checks the builder's cursor and the sealed block's, and returns the block. */
    private static Block assertRoundTrip(long[] times, double[] values) {
        BlockBuilder b = new BlockBuilder(times.length);
        for (int i = 0; i < times.length; i++) {
            b.append(times[i], values[i]);
        }
        assertSamples(b.cursor(), times, values, "builder");
        Block block = b.seal();
        assertEquals(times.length, block.count());
        assertEquals(times[0], block.minTime());
        assertEquals(times[times.length - 1], block.maxTime());
        assertSamples(block.cursor(), times, values, "sealed (codec " + block.codec() + ")");
        assertTrue(block.verify());
        return block;
    }

    private static void assertSamples(BlockCursor c, long[] times, double[] values, String what) {
        for (int i = 0; i < times.length; i++) {
            assertTrue(c.next(), what + ": sample " + i + " missing");
            assertEquals(times[i], c.time(), what + ": time " + i);
            assertEquals(Double.doubleToRawLongBits(values[i]), Double.doubleToRawLongBits(c.value()),
                what + ": value " + i + " expected " + values[i] + " got " + c.value());
        }
        assertFalse(c.next(), what + ": extra sample");
    }

}
