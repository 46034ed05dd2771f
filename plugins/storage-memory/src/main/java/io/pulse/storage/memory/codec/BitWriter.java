package io.pulse.storage.memory.codec;

import java.util.Arrays;

/**
 * Appends bits, most significant first, into a growing {@code long[]}.
 *
 * <p>Not final: the open block ({@link BlockBuilder}) is its own bit writer, so that an append touches one object
 * (and its words) instead of a builder, a writer and its encoders, each a cache line of its own.
 *
 * <p>Not thread-safe: owned by one encoder.
 */
class BitWriter {

    private static final long[] NO_WORDS = new long[0];

    private long[] words;
    private long bitLength;

    BitWriter(int initialWords) {
        restart(initialWords);
    }

    /** A writer with no array yet: {@link #restart} must come before the first write. */
    BitWriter() {
        words = NO_WORDS;
    }

    /** Forgets what was written and starts over with a fresh array of {@code initialWords}. */
    final void restart(int initialWords) {
        words = new long[Math.max(1, initialWords)];
        bitLength = 0;
    }

    /** Writes the low {@code n} bits of {@code value}, most significant first; {@code 0 <= n <= 64}. */
    final void write(long value, int n) {
        if (n == 0) {
            return;
        }
        int word = (int) (bitLength >>> 6);
        int used = (int) (bitLength & 63);
        ensure(word + 1);
        if (n < 64) {
            value &= (1L << n) - 1;
        }
        int free = 64 - used;
        if (n <= free) {
            words[word] |= value << (free - n);
        } else {
            int rest = n - free;
            words[word] |= value >>> rest;
            words[word + 1] = value << (64 - rest);
        }
        bitLength += n;
    }

    /** Writes one bit. */
    void writeBit(boolean bit) {
        write(bit ? 1 : 0, 1);
    }

    /** How many bits were written. */
    long bitLength() {
        return bitLength;
    }

    /** The words holding the bits written so far (a copy trimmed to size). */
    long[] toWords() {
        return Arrays.copyOf(words, (int) ((bitLength + 63) >>> 6));
    }

    /** The backing words; valid up to {@link #bitLength()}. */
    long[] words() {
        return words;
    }

    /** Bytes held by the backing array (for memory accounting). */
    long capacityBytes() {
        return 8L * words.length;
    }

    private void ensure(int wordsNeeded) {
        if (wordsNeeded + 1 > words.length) {
            words = Arrays.copyOf(words, Math.max(wordsNeeded + 1, words.length + (words.length >> 1) + 1));
        }
    }
}
