package io.pulse.storage.memory.codec;

/**
 * Values as in the Gorilla paper: each value XOR-ed with the previous one; a repeat costs one bit, a value that
 * differs only within the previous window of meaningful bits costs two bits plus that window, anything else
 * eleven bits of header plus its meaningful bits. Exact for every double bit pattern (including {@code -0.0}).
 */
final class XorValueCodec {

    private XorValueCodec() {
    }

    /** Encoder state. Not thread-safe. */
    static final class Encoder {
        private long previous;
        private int previousLeading = -1;
        private int previousTrailing;
        private boolean first = true;

        void encode(BitWriter out, double value) {
            long bits = Double.doubleToRawLongBits(value);
            if (first) {
                out.write(bits, 64);
                previous = bits;
                first = false;
                return;
            }
            long xor = bits ^ previous;
            previous = bits;
            if (xor == 0) {
                out.write(0b0, 1);
                return;
            }
            int leading = Math.min(Long.numberOfLeadingZeros(xor), 31);
            int trailing = Long.numberOfTrailingZeros(xor);
            if (previousLeading >= 0 && leading >= previousLeading && trailing >= previousTrailing) {
                out.write(0b10, 2);
                int meaningful = 64 - previousLeading - previousTrailing;
                out.write(xor >>> previousTrailing, meaningful);
            } else {
                int meaningful = 64 - leading - trailing;
                out.write(0b11, 2);
                out.write(leading, 5);
                out.write(meaningful & 63, 6); // 64 is written as 0
                out.write(xor >>> trailing, meaningful);
                previousLeading = leading;
                previousTrailing = trailing;
            }
        }
    }

    /** Decoder state. Not thread-safe. */
    static final class Decoder {
        private long previous;
        private int leading;
        private int trailing;
        private boolean first = true;

        double decode(BitReader in) {
            if (first) {
                first = false;
                previous = in.read(64);
                return Double.longBitsToDouble(previous);
            }
            if (in.readBit()) {
                if (in.readBit()) {
                    leading = (int) in.read(5);
                    int meaningful = (int) in.read(6);
                    if (meaningful == 0) {
                        meaningful = 64;
                    }
                    trailing = 64 - leading - meaningful;
                }
                int meaningful = 64 - leading - trailing;
                previous ^= in.read(meaningful) << trailing;
            }
            return Double.longBitsToDouble(previous);
        }
    }
}
