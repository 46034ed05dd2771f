package io.pulse.storage.memory.codec;

/**
 * Iterates the samples of a block (sealed or still being built), oldest first:
 * {@code while (c.next()) use(c.time(), c.value());}.
 *
 * <p>Not thread-safe; the words must not change while the cursor reads them (a builder's cursor is used under the
 * owner's lock).
 */
public final class BlockCursor {

    private final BitReader in;
    private final int count;
    private final TimeCodec.Decoder times = new TimeCodec.Decoder();
    private final XorValueCodec.Decoder xor;
    private final DecimalValueCodec.Decoder decimal;
    private int read;
    private long time;
    private double value;

    BlockCursor(long[] words, int count, int codec, int scale) {
        this.in = new BitReader(words);
        this.count = count;
        if (codec == Block.CODEC_DECIMAL) {
            this.xor = null;
            this.decimal = new DecimalValueCodec.Decoder(scale);
        } else {
            this.xor = new XorValueCodec.Decoder();
            this.decimal = null;
        }
    }

    /** Moves to the next sample; false when there is none. */
    public boolean next() {
        if (read >= count) {
            return false;
        }
        time = times.decode(in);
        value = xor != null ? xor.decode(in) : decimal.decode(in);
        read++;
        return true;
    }

    /** The current sample's time. */
    public long time() {
        return time;
    }

    /** The current sample's value. */
    public double value() {
        return value;
    }
}
