package io.pulse.storage.memory.durable;

import java.nio.charset.StandardCharsets;

/**
 * Reads what {@link ByteSink} wrote, refusing to read past the payload: a malformed payload throws
 * {@link CorruptDataException} instead of yielding garbage or exhausting memory.
 *
 * <p>Not thread-safe.
 */
final class ByteSource {

    private final byte[] bytes;
    private int position;

    ByteSource(byte[] bytes) {
        this.bytes = bytes;
    }

    boolean hasRemaining() {
        return position < bytes.length;
    }

    int remaining() {
        return bytes.length - position;
    }

    int readByte() {
        need(1);
        return bytes[position++] & 0xFF;
    }

    long readVarLong() {
        long result = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            int b = readByte();
            result |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return result;
            }
        }
        throw new CorruptDataException("varint longer than 10 bytes");
    }

    /** A count, checked against what the payload could hold ({@code minBytesEach} per item). */
    int readCount(int minBytesEach) {
        long v = readVarLong();
        if (v < 0 || v > Integer.MAX_VALUE || v * Math.max(1, minBytesEach) > remaining()) {
            throw new CorruptDataException("count " + v + " does not fit the " + remaining() + " bytes left");
        }
        return (int) v;
    }

    long readZigZag() {
        long v = readVarLong();
        return (v >>> 1) ^ -(v & 1);
    }

    long readLong() {
        need(8);
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (bytes[position++] & 0xFF);
        }
        return v;
    }

    double readDouble() {
        return Double.longBitsToDouble(readLong());
    }

    String readString() {
        int length = readCount(1);
        String s = new String(bytes, position, length, StandardCharsets.UTF_8);
        position += length;
        return s;
    }

    private void need(int n) {
        if (position + n > bytes.length) {
            throw new CorruptDataException("payload ends " + (position + n - bytes.length) + " bytes early");
        }
    }
}
