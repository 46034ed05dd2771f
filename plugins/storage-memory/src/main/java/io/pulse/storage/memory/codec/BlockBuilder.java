package io.pulse.storage.memory.codec;

/**
 * The open block of a series: appends samples in non-decreasing time order with XOR value compression, and seals
 * into an immutable {@link Block}, re-encoding the values as scaled decimals when that is smaller.
 *
 * <p>Not thread-safe: its series' lock guards it.
 */
public final class BlockBuilder {

    private final BitWriter out;
    private final TimeCodec.Encoder times = new TimeCodec.Encoder();
    private final XorValueCodec.Encoder values = new XorValueCodec.Encoder();
    private int count;
    private long minTime;
    private long maxTime;
    /** The largest decimal scale seen so far, or -1 once a value is not a short decimal. */
    private int decimalScale;

    /** An empty builder sized for about {@code expectedSamples}. */
    public BlockBuilder(int expectedSamples) {
        out = new BitWriter(Math.max(4, expectedSamples / 4));
    }

    /**
     * Appends a sample; its time must not be before the last one's.
     *
     * @throws IllegalArgumentException for a time before the last one
     */
    public void append(long time, double value) {
        if (count > 0 && time < maxTime) {
            throw new IllegalArgumentException("time " + time + " is before the block's last time " + maxTime);
        }
        if (count == 0) {
            minTime = time;
            decimalScale = DecimalValueCodec.scaleOf(value);
        } else if (decimalScale >= 0) {
            if (!DecimalValueCodec.fits(value, decimalScale)) {
                int s = DecimalValueCodec.scaleOf(value);
                decimalScale = s < 0 ? -1 : Math.max(s, decimalScale);
            }
        }
        times.encode(out, time);
        values.encode(out, value);
        maxTime = time;
        count++;
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
        return out.capacityBytes() + Block.OVERHEAD_BYTES;
    }

    /** A cursor over what was appended so far; valid until the next append. */
    public BlockCursor cursor() {
        return new BlockCursor(out.words(), count, Block.CODEC_XOR, 0);
    }

    /**
     * The samples as an immutable block, in the smaller of the two value encodings.
     *
     * @throws IllegalStateException when empty
     */
    public Block seal() {
        if (count == 0) {
            throw new IllegalStateException("cannot seal an empty block");
        }
        Block xorBlock = new Block(Block.CODEC_XOR, 0, count, minTime, maxTime, out.toWords());
        if (decimalScale < 0) {
            return xorBlock;
        }
        // a value exact at a smaller scale is normally exact at a larger one too; check, as magnitudes may not allow it
        BitWriter decimalOut = new BitWriter((int) (out.bitLength() >>> 6) + 1);
        TimeCodec.Encoder t = new TimeCodec.Encoder();
        DecimalValueCodec.Encoder v = new DecimalValueCodec.Encoder(decimalScale);
        BlockCursor c = cursor();
        while (c.next()) {
            if (!DecimalValueCodec.fits(c.value(), decimalScale)) {
                return xorBlock;
            }
            t.encode(decimalOut, c.time());
            v.encode(decimalOut, c.value());
        }
        if (decimalOut.bitLength() >= out.bitLength()) {
            return xorBlock;
        }
        return new Block(Block.CODEC_DECIMAL, decimalScale, count, minTime, maxTime, decimalOut.toWords());
    }
}
