package io.pulse.storage.memory.codec;

/**
 * Timestamps as in the Gorilla paper: the first one raw, then the delta of deltas in a few variable-length
 * classes. Regular timestamps cost one bit each; the few milliseconds of jitter of a server's receive times cost
 * nine. Arithmetic wraps consistently on both sides, so every {@code long} round-trips.
 *
 * <table>
 *   <caption>Delta-of-delta classes</caption>
 *   <tr><th>prefix</th><th>payload</th><th>range</th></tr>
 *   <tr><td>0</td><td>-</td><td>0</td></tr>
 *   <tr><td>10</td><td>7 bits</td><td>[-63, 64]</td></tr>
 *   <tr><td>110</td><td>9 bits</td><td>[-255, 256]</td></tr>
 *   <tr><td>1110</td><td>12 bits</td><td>[-2047, 2048]</td></tr>
 *   <tr><td>11110</td><td>32 bits</td><td>[-2^31 + 1, 2^31]</td></tr>
 *   <tr><td>11111</td><td>64 bits</td><td>anything else</td></tr>
 * </table>
 */
final class TimeCodec {

    private TimeCodec() {
    }

    /**
     * Writes one delta of delta in its class (the table above), prefix and payload in one write where they fit in
     * 64 bits. The first time of a block is written raw, as 64 bits, by the caller.
     */
    static void writeDeltaOfDelta(BitWriter out, long dod) {
        if (dod == 0) {
            out.write(0b0, 1);
        } else if (dod >= -63 && dod <= 64) {
            out.write(0b10L << 7 | (dod + 63), 2 + 7);
        } else if (dod >= -255 && dod <= 256) {
            out.write(0b110L << 9 | (dod + 255), 3 + 9);
        } else if (dod >= -2047 && dod <= 2048) {
            out.write(0b1110L << 12 | (dod + 2047), 4 + 12);
        } else if (dod >= -(1L << 31) + 1 && dod <= (1L << 31)) {
            out.write(0b11110L << 32 | (dod + (1L << 31) - 1), 5 + 32);
        } else {
            out.write(0b11111, 5);
            out.write(dod, 64);
        }
    }

    /** Encoder state (the open block keeps the same state in its own fields). Not thread-safe. */
    static final class Encoder {
        private long previousTime;
        private long previousDelta;
        private boolean first = true;

        void encode(BitWriter out, long time) {
            if (first) {
                out.write(time, 64);
                previousTime = time;
                first = false;
                return;
            }
            long delta = time - previousTime;
            writeDeltaOfDelta(out, delta - previousDelta);
            previousDelta = delta;
            previousTime = time;
        }
    }

    /** Decoder state. Not thread-safe. */
    static final class Decoder {
        private long previousTime;
        private long previousDelta;
        private boolean first = true;

        long decode(BitReader in) {
            if (first) {
                first = false;
                previousTime = in.read(64);
                return previousTime;
            }
            long dod;
            switch (in.readUnaryPrefix(4)) {
                case 0 -> dod = 0;
                case 1 -> dod = in.read(7) - 63;
                case 2 -> dod = in.read(9) - 255;
                case 3 -> dod = in.read(12) - 2047;
                default -> dod = in.readBit() ? in.read(64) : in.read(32) - (1L << 31) + 1;
            }
            previousDelta += dod;
            previousTime += previousDelta;
            return previousTime;
        }
    }
}
