package io.pulse.storage.memory.codec;

/**
 * Values that are short decimals ({@code 0.2207}, {@code 81.5}, {@code 1024}) as integers {@code m} with
 * {@code value == m / 10^scale} exactly, encoded as the delta to the previous {@code m} in a few variable-length
 * classes. Relays send short decimals, whose binary mantissas differ in nearly every bit from one value to the
 * next: XOR compression gains little on them, while their scaled deltas are small.
 *
 * <table>
 *   <caption>Delta classes</caption>
 *   <tr><th>prefix</th><th>payload</th><th>range</th></tr>
 *   <tr><td>0</td><td>-</td><td>0</td></tr>
 *   <tr><td>10</td><td>7 bits</td><td>[-63, 64]</td></tr>
 *   <tr><td>110</td><td>12 bits</td><td>[-2047, 2048]</td></tr>
 *   <tr><td>1110</td><td>20 bits</td><td>[-2^19 + 1, 2^19]</td></tr>
 *   <tr><td>1111</td><td>64 bits</td><td>anything else</td></tr>
 * </table>
 * The first value is written as its 64-bit {@code m}; the scale (0..{@value #MAX_SCALE}) is written once per block.
 */
final class DecimalValueCodec {

    /** The largest scale tried: 10^-12 resolution. */
    static final int MAX_SCALE = 12;

    private static final double[] POW10 = new double[MAX_SCALE + 1];

    static {
        double p = 1;
        for (int i = 0; i <= MAX_SCALE; i++) {
            POW10[i] = p;
            p *= 10;
        }
    }

    /** Below this magnitude a scaled value is an exact integer in a double. */
    private static final double EXACT_LIMIT = 0x1p53;

    private DecimalValueCodec() {
    }

    /**
     * The smallest scale at which {@code value} is exactly {@code m / 10^scale} for an integer {@code m}, or -1.
     * {@code -0.0}, NaN and the infinities have none.
     */
    static int scaleOf(double value) {
        for (int scale = 0; scale <= MAX_SCALE; scale++) {
            double scaled = value * POW10[scale];
            if (!(Math.abs(scaled) < EXACT_LIMIT)) {
                return -1;
            }
            long m = Math.round(scaled);
            if (Double.doubleToRawLongBits(m / POW10[scale]) == Double.doubleToRawLongBits(value)) {
                return scale;
            }
        }
        return -1;
    }

    /** Whether every value is exact at {@code scale}. */
    static boolean fits(double value, int scale) {
        double scaled = value * POW10[scale];
        if (!(Math.abs(scaled) < EXACT_LIMIT)) {
            return false;
        }
        long m = Math.round(scaled);
        return Double.doubleToRawLongBits(m / POW10[scale]) == Double.doubleToRawLongBits(value);
    }

    /** {@code value} as the integer {@code m} of {@code m / 10^scale}; the value must {@link #fits fit} the scale. */
    static long scaled(double value, int scale) {
        return Math.round(value * POW10[scale]);
    }

    /**
     * Writes one delta of scaled integers in its class (the table above), prefix and payload in one write where they
     * fit in 64 bits. The first value of a block is written raw, as its 64-bit {@code m}, by the caller.
     */
    static void writeDelta(BitWriter out, long delta) {
        if (delta == 0) {
            out.write(0b0, 1);
        } else if (delta >= -63 && delta <= 64) {
            out.write(0b10L << 7 | (delta + 63), 2 + 7);
        } else if (delta >= -2047 && delta <= 2048) {
            out.write(0b110L << 12 | (delta + 2047), 3 + 12);
        } else if (delta >= -(1L << 19) + 1 && delta <= (1L << 19)) {
            out.write(0b1110L << 20 | (delta + (1L << 19) - 1), 4 + 20);
        } else {
            out.write(0b1111, 4);
            out.write(delta, 64);
        }
    }

    /**
     * Encoder state at a fixed scale (the open block keeps the same state in its own fields); every value must
     * {@link #fits fit} it. Not thread-safe.
     */
    static final class Encoder {
        private final int scale;
        private long previous;
        private boolean first = true;

        Encoder(int scale) {
            this.scale = scale;
        }

        void encode(BitWriter out, double value) {
            long m = scaled(value, scale);
            if (first) {
                out.write(m, 64);
                previous = m;
                first = false;
                return;
            }
            long delta = m - previous;
            previous = m;
            writeDelta(out, delta);
        }
    }

    /** Decoder state. Not thread-safe. */
    static final class Decoder {
        private final double divisor;
        private long previous;
        private boolean first = true;

        Decoder(int scale) {
            this.divisor = POW10[scale];
        }

        double decode(BitReader in) {
            if (first) {
                first = false;
                previous = in.read(64);
            } else {
                switch (in.readUnaryPrefix(4)) {
                    case 0 -> { }
                    case 1 -> previous += in.read(7) - 63;
                    case 2 -> previous += in.read(12) - 2047;
                    case 3 -> previous += in.read(20) - (1L << 19) + 1;
                    default -> previous += in.read(64);
                }
            }
            return previous / divisor;
        }
    }
}
