package io.pulse.storage.memory.codec;

/**
 * The open block of a series: appends samples in non-decreasing time order and seals into an immutable
 * {@link Block}.
 *
 * <p>Values are encoded as scaled decimals ({@link DecimalValueCodec}) as long as every value so far is a short
 * decimal, at the largest scale seen; a value that needs a larger scale, or is no short decimal at all, makes the
 * builder re-encode what it holds once (at the new scale, or with {@link XorValueCodec}). Relays send short
 * decimals, so in practice a series settles on its scale within its first values and nothing is encoded twice.
 * Sealing keeps the decimal encoding unless XOR turns out smaller.
 *
 * <p>Every series has one open block and every sample of the store is appended to one, at 40,000 samples a second
 * across 40,000 series: each append finds the block's state cold in the cache. So the block is its own bit writer
 * and keeps the time encoder's and the decimal encoder's state in its own fields (the same bits as
 * {@link TimeCodec.Encoder} and {@link DecimalValueCodec.Encoder} write): an append touches this object and its
 * words, not a writer and two encoders besides. Only an XOR block, rare for relay values, has an encoder object.
 *
 * <p>Not thread-safe: its series' lock guards it.
 */
public final class BlockBuilder extends BitWriter {

    /** Above this many bits per sample a sealed decimal block is compared with its XOR encoding. */
    private static final int COMPARE_ABOVE_BITS_PER_SAMPLE = 40;
    /**
     * The first buffer's size at most, in 64-bit words (the first sample's time and value, and the next few at 1 bit
     * to a few bytes each). A series is created with its first sample, and a fleet creates most of its series at once:
     * a first buffer sized for the whole block (60 words, 496 bytes with the array header, for 240 samples) made each
     * new series carry memory it fills only over the block's hours, and the young collections of a fleet's first
     * seconds copied all of it (about 100 MB at 200,000 series; docs/performance.md, "Fourth round"). The buffer grows
     * by half as samples come ({@link BitWriter}), which the series' later appends pay for a few times per block.
     */
    static final int MAX_FIRST_WORDS = 4;

    private final int expectedSamples;
    /** The time encoder's state: the last time and delta encoded (valid once {@link #encoded} > 0). */
    private long previousTime;
    private long previousDelta;
    /** The decimal encoder's state: the last scaled value encoded (decimal blocks, once {@link #encoded} > 0). */
    private long previousScaled;
    /** How many samples the words hold (differs from {@link #count} only while re-encoding). */
    private int encoded;
    /** The value encoder of an XOR block, else null. */
    private XorValueCodec.Encoder xor;
    private int codec;
    private int scale;
    private int count;
    private long minTime;
    private long maxTime;

    /**
     * An empty builder for about {@code expectedSamples}; its first buffer holds at most {@value #MAX_FIRST_WORDS}
     * words and grows as samples come.
     */
    public BlockBuilder(int expectedSamples) {
        this.expectedSamples = Math.max(4, expectedSamples);
    }

    /**
     * Appends a sample; its time must not be before the last one's.
     *
     * @throws IllegalArgumentException for a time before the last one
     */
    public void append(long time, double value) {
        if (count == 0) {
            int s = DecimalValueCodec.scaleOf(value);
            start(s < 0 ? Block.CODEC_XOR : Block.CODEC_DECIMAL, Math.max(s, 0),
                    Math.min(expectedSamples / 4, MAX_FIRST_WORDS));
            minTime = time;
        } else {
            if (time < maxTime) {
                throw new IllegalArgumentException("time " + time + " is before the block's last time " + maxTime);
            }
            if (codec == Block.CODEC_DECIMAL && !DecimalValueCodec.fits(value, scale)) {
                int s = DecimalValueCodec.scaleOf(value);
                int newScale = Math.max(s, scale);
                // the value may be exact at its own scale but too large for the block's larger one
                boolean stillDecimal = s >= 0 && DecimalValueCodec.fits(value, newScale);
                reencode(stillDecimal ? Block.CODEC_DECIMAL : Block.CODEC_XOR, newScale);
            }
        }
        encode(time, value);
        maxTime = time;
        count++;
    }

    private void start(int newCodec, int newScale, int words) {
        codec = newCodec;
        scale = newCodec == Block.CODEC_DECIMAL ? newScale : 0;
        restart(Math.max(4, words));
        encoded = 0;
        xor = codec == Block.CODEC_XOR ? new XorValueCodec.Encoder() : null;
    }

    /** Encodes a sample as {@link TimeCodec.Encoder} and the value codec's encoder would, with the state here. */
    private void encode(long time, double value) {
        long scaled = xor == null ? DecimalValueCodec.scaled(value, scale) : 0;
        if (encoded == 0) {
            write(time, 64);
            previousDelta = 0;
            if (xor == null) {
                write(scaled, 64);
            }
        } else {
            long delta = time - previousTime;
            TimeCodec.writeDeltaOfDelta(this, delta - previousDelta);
            previousDelta = delta;
            if (xor == null) {
                DecimalValueCodec.writeDelta(this, scaled - previousScaled);
            }
        }
        if (xor != null) {
            xor.encode(this, value);
        }
        previousTime = time;
        previousScaled = scaled;
        encoded++;
    }

    /** Re-encodes everything appended so far; falls back to XOR when a held value does not fit the new scale. */
    private void reencode(int newCodec, int newScale) {
        long[] oldTimes = new long[count];
        double[] oldValues = new double[count];
        BlockCursor c = cursor();
        for (int i = 0; c.next(); i++) {
            oldTimes[i] = c.time();
            oldValues[i] = c.value();
        }
        if (newCodec == Block.CODEC_DECIMAL) {
            for (double v : oldValues) {
                if (!DecimalValueCodec.fits(v, newScale)) {
                    newCodec = Block.CODEC_XOR;
                    break;
                }
            }
        }
        start(newCodec, newScale, (int) (bitLength() >>> 6) + 4);
        for (int i = 0; i < oldTimes.length; i++) {
            encode(oldTimes[i], oldValues[i]);
        }
    }

    /** Number of samples appended. */
    public int count() {
        return count;
    }

    /** Whether nothing was appended. */
    public boolean isEmpty() {
        return count == 0;
    }

    /** Time of the first sample (undefined when empty). */
    public long minTime() {
        return minTime;
    }

    /** Time of the last sample (undefined when empty). */
    public long maxTime() {
        return maxTime;
    }

    /** Bytes held, approximately. */
    public long sizeBytes() {
        return (count == 0 ? 0 : capacityBytes()) + Block.OVERHEAD_BYTES;
    }

    /** A cursor over what was appended so far; valid until the next append. */
    public BlockCursor cursor() {
        return new BlockCursor(count == 0 ? new long[0] : words(), count, codec, scale);
    }

    /**
     * The samples as an immutable block (the builder is unchanged and may go on).
     *
     * @throws IllegalStateException when empty
     */
    public Block seal() {
        if (count == 0) {
            throw new IllegalStateException("cannot seal an empty block");
        }
        Block block = new Block(codec, scale, count, minTime, maxTime, toWords());
        if (codec == Block.CODEC_DECIMAL && bitLength() > (long) COMPARE_ABOVE_BITS_PER_SAMPLE * count) {
            BitWriter xorOut = new BitWriter((int) (bitLength() >>> 6) + 1);
            TimeCodec.Encoder t = new TimeCodec.Encoder();
            XorValueCodec.Encoder v = new XorValueCodec.Encoder();
            BlockCursor c = cursor();
            while (c.next()) {
                t.encode(xorOut, c.time());
                v.encode(xorOut, c.value());
            }
            if (xorOut.bitLength() < bitLength()) {
                return new Block(Block.CODEC_XOR, 0, count, minTime, maxTime, xorOut.toWords());
            }
        }
        return block;
    }
}
