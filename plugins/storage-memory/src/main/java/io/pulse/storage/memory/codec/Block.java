package io.pulse.storage.memory.codec;

import java.util.Objects;

/**
 * An immutable, compressed run of samples of one series in non-decreasing time order: timestamps as delta of
 * deltas ({@link TimeCodec}), values either XOR-ed ({@link XorValueCodec}) or, when every value is a short
 * decimal, as scaled integer deltas ({@link DecimalValueCodec}) - whichever is smaller.
 *
 * <p>Thread-safe: immutable (the word array is never written after construction).
 *
 * @see BlockBuilder
 */
public final class Block {

    /** Values XOR-ed with their predecessor. */
    public static final int CODEC_XOR = 0;
    /** Values as scaled decimal integers; the scale is in {@link #scale()}. */
    public static final int CODEC_DECIMAL = 1;

    /** Fixed per-block cost in bytes besides the words (object header, fields, array header), for accounting. */
    static final int OVERHEAD_BYTES = 64;

    private final int codec;
    private final int scale;
    private final int count;
    private final long minTime;
    private final long maxTime;
    private final long[] words;

    /**
     * A block from its parts, as {@link BlockBuilder} makes them or as a snapshot stores them.
     *
     * @throws IllegalArgumentException when the parts are inconsistent
     */
    public Block(int codec, int scale, int count, long minTime, long maxTime, long[] words) {
        if (codec != CODEC_XOR && codec != CODEC_DECIMAL) {
            throw new IllegalArgumentException("unknown block codec " + codec);
        }
        if (scale < 0 || scale > DecimalValueCodec.MAX_SCALE || (codec == CODEC_XOR && scale != 0)) {
            throw new IllegalArgumentException("bad block scale " + scale);
        }
        if (count < 1 || minTime > maxTime) {
            throw new IllegalArgumentException("bad block bounds: " + count + " samples in [" + minTime + ", " + maxTime + "]");
        }
        this.codec = codec;
        this.scale = scale;
        this.count = count;
        this.minTime = minTime;
        this.maxTime = maxTime;
        this.words = Objects.requireNonNull(words, "words");
    }

    public int codec() {
        return codec;
    }

    public int scale() {
        return scale;
    }

    /** Number of samples, at least 1. */
    public int count() {
        return count;
    }

    /** Time of the first sample. */
    public long minTime() {
        return minTime;
    }

    /** Time of the last sample. */
    public long maxTime() {
        return maxTime;
    }

    /** The compressed bits. Callers must not modify the array. */
    public long[] words() {
        return words;
    }

    /** Bytes this block occupies, approximately (words plus fixed overhead). */
    public long sizeBytes() {
        return 8L * words.length + OVERHEAD_BYTES;
    }

    /** A cursor over the samples, oldest first. */
    public BlockCursor cursor() {
        return new BlockCursor(words, count, codec, scale);
    }

    /**
     * Decodes the whole block to check it (a snapshot loader calls this: a block that does not decode to its
     * declared bounds is corrupt).
     *
     * @return whether the samples decode in order and match the declared bounds
     */
    public boolean verify() {
        try {
            BlockCursor c = cursor();
            long previous = Long.MIN_VALUE;
            long first = 0;
            int n = 0;
            while (c.next()) {
                if (n == 0) {
                    first = c.time();
                } else if (c.time() < previous) {
                    return false;
                }
                previous = c.time();
                n++;
            }
            return n == count && first == minTime && previous == maxTime;
        } catch (RuntimeException e) {
            return false;
        }
    }
}
