package io.pulse.storage.memory.codec;

/**
 * Reads bits written by {@link BitWriter}, most significant first.
 *
 * <p>Not thread-safe: one reader per decode; the words must not change while it reads them.
 */
final class BitReader {

    private final long[] words;
    private long position;

    BitReader(long[] words) {
        this.words = words;
    }

    /** Reads {@code n} bits, {@code 0 <= n <= 64}, as an unsigned value. */
    long read(int n) {
        if (n == 0) {
            return 0;
        }
        int word = (int) (position >>> 6);
        int used = (int) (position & 63);
        int available = 64 - used;
        long result;
        if (n <= available) {
            long w = words[word] << used;
            result = w >>> (64 - n);
        } else {
            int rest = n - available;
            long high = (words[word] << used) >>> (used);
            long low = words[word + 1] >>> (64 - rest);
            result = (high << rest) | low;
        }
        position += n;
        return result;
    }

    /** Reads one bit. */
    boolean readBit() {
        int word = (int) (position >>> 6);
        long bit = (words[word] >>> (63 - (position & 63))) & 1;
        position++;
        return bit != 0;
    }

    /** Reads up to {@code max} one-bits followed by a zero (or stops at {@code max}); returns how many ones. */
    int readUnaryPrefix(int max) {
        int ones = 0;
        while (ones < max && readBit()) {
            ones++;
        }
        return ones;
    }
}
