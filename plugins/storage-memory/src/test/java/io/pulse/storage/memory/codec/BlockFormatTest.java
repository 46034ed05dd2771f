package io.pulse.storage.memory.codec;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The bits of sealed blocks are the store's format: snapshots and the data directory keep a block's words as they
 * are. The expected words were sealed by the builder of {@code bd67707}, before the open block kept its encoders'
 * state in its own fields, so any change to what the open block writes fails here, not in a data directory that a
 * newer version cannot read. The times go through every delta-of-delta class, the values through every decimal
 * delta class, a re-encoding at a larger scale, XOR values and a decimal block that sealing turns into XOR.
 */
class BlockFormatTest {

    /** Deltas of deltas after a first delta of 1 s: each class of {@link TimeCodec}, both ends where they are. */
    private static final long[] DODS = {
        0, 0, 50, -63, 64, 200, -255, 2000, -2047, 1_000_000, -1_000_000, 1L << 40, 0, 0, 3, -3, 0, 7
    };

    @Test
    void decimalBlocksKeepTheirBits() {
        assertSealedAs(new double[] {12.5, 12.5, 12.75, 12.0, 33.33, -20.5, 5000.01, 5000.01, 1e9, 0.25},
            Block.CODEC_DECIMAL, 2, new long[] {
            0x18bcfe5687bL, 0x4e2L, 0xebe72b0cf6971e80L, 0x8548073f57c5ffbeL, 0xa48b71d801e00000L,
            0x2e90de8dbfdf9ffL, 0xffffffd16f123033L, 0xc001b323d001e847L, 0xef3ff85edfd63e00L, 0x200000000019eL,
            0xd1d010a8e7eaf8a1L, 0x77d4914f0f000000L, 0x17486f46dfa37fffL, 0xffff45bc48c0c800L
        });
    }

    @Test
    void aBlockReEncodedAtALargerScaleKeepsItsBits() {
        assertSealedAs(new double[] {1, 2, 2.5, 2.25, 3.125, 7, 7, 0.001}, Block.CODEC_DECIMAL, 3, new long[] {
            0x18bcfe5687bL, 0x3e8L, 0xebe7d7ced3e6ce0bL, 0x71d6d500e80f22bfL, 0xb71f9f92a30035f3L,
            0x77e7ebe7e000d3e7L, 0xe800f423fce0be7fL, 0xf0bdbfd6d5f00000L, 0x10000000000e80f2L, 0x21cfc95142d7cd3cL,
            0xd7ced3e746ce0a00L
        });
    }

    @Test
    void xorBlocksKeepTheirBits() {
        assertSealedAs(new double[] {Math.PI, Math.E, Math.PI, -0.0, 1e300, Double.MIN_VALUE, 42, 42},
            Block.CODEC_XOR, 0, new long[] {
            0x18bcfe5687bL, 0x400921fb54442d18L, 0xebe7d9a64f78efa8L, 0x3d38ac9ef1df507aL, 0x7160f7002487ed51L,
            0x10b4771c1f7f1bf2L, 0x1e44003acf00c3ffL, 0xe37e43c8800759dbL, 0xfd01140000000000L, 0x771d801004c21fbL,
            0x54442d18efcf8006L, 0x4f78efa83d38f000L, 0x400327bc77d41e9cL, 0x7d001e847f83dc00L, 0x921fb54442d1f9ffL,
            0xc2f6ff07dfc6fc87L, 0x91000eb3fc000004L, 0x30fff8dL, 0xf90f22001d675404L, 0x5000000000001285L,
            0x4c21fb54442d18L, 0x9e400327bc77d41eL, 0x9c5000c9ef1df507L, 0xa71a360f7002487eL, 0xd5110b4600000000L
        });
    }

    @Test
    void aDecimalBlockSealedAsXorKeepsItsBits() {
        assertSealedAs(new double[] {1e-12, 123456.789012, 0.000001, 99999.99999, 1e-12, 7.123456789},
            Block.CODEC_XOR, 0, new long[] {
            0x18bcfe5687bL, 0x3d719799812dea11L, 0xebe7c3ffd8fb3951L, 0xee6e6135f93b8becL, 0xfdfb863d7e48af08L,
            0x5f406e28b8df627fL, 0x999fb61a6d2017d6L, 0xde9f2f5f10f9cbfdL, 0xf5b7a7cbd7c43e73L, 0x71efb1f672a3dcdcL,
            0xc278017e4ee2fb3fL, 0x7ee18fefcfbf2457L, 0x842fa0371470005fL, 0x627f999fb61a6d3dL, 0x1e847f7d6de9f2L,
            0xf5f10f9cf3ff85edL, 0xfdf5b7a7cbd7c43eL, 0x73e0000020000000L, 0x17d8fb3951ee6eL, 0x6135f93b8becfdfbL,
            0x863d7e48af085f40L, 0x6e28a15f627f999fL, 0xb61a6d2797d6de9fL, 0x2f5f10f9c5f5b7a7L, 0xcbd7c43e728d7d8fL,
            0xb3951ee6e6130000L
        });
    }

    /** Appends 20 samples (the values repeating) at the times {@link #DODS} make, seals, compares the words. */
    private static void assertSealedAs(double[] values, int codec, int scale, long[] words) {
        long[] times = new long[DODS.length + 2];
        long delta = 1000;
        times[0] = 1_700_000_000_123L;
        times[1] = times[0] + delta;
        for (int i = 0; i < DODS.length; i++) {
            delta += DODS[i];
            times[i + 2] = times[i + 1] + delta;
        }
        BlockBuilder builder = new BlockBuilder(240);
        for (int i = 0; i < times.length; i++) {
            builder.append(times[i], values[i % values.length]);
        }
        Block block = builder.seal();
        assertEquals(codec, block.codec());
        assertEquals(scale, block.scale());
        assertArrayEquals(words, block.words());
        BlockCursor cursor = block.cursor();
        for (int i = 0; cursor.next(); i++) {
            assertEquals(times[i], cursor.time());
            assertEquals(Double.doubleToRawLongBits(values[i % values.length]), Double.doubleToRawLongBits(cursor.value()));
        }
    }
}
