package io.pulse.storage.memory.durable;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Builds a record payload: bytes, unsigned LEB128 varints, zig-zag varints, big-endian 64-bit words, UTF-8 strings.
 *
 * <p>Not thread-safe: reused by one writer.
 */
final class ByteSink {

    /** Eight bytes of a {@code byte[]} as one big-endian long: one store instead of eight (a double per sample). */
    private static final VarHandle BIG_ENDIAN_LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    private byte[] bytes = new byte[256];
    private int size;

    void reset() {
        size = 0;
    }

    int size() {
        return size;
    }

    byte[] array() {
        return bytes;
    }

    void writeByte(int b) {
        ensure(1);
        bytes[size++] = (byte) b;
    }

    /** Unsigned LEB128: 7 bits a byte, low bits first. */
    void writeVarLong(long v) {
        ensure(10);
        while ((v & ~0x7FL) != 0) {
            bytes[size++] = (byte) ((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        bytes[size++] = (byte) v;
    }

    void writeVarInt(int v) {
        if (v < 0) {
            throw new IllegalArgumentException("negative count " + v);
        }
        writeVarLong(v);
    }

    /** Zig-zag, so small negative numbers stay short. */
    void writeZigZag(long v) {
        writeVarLong((v << 1) ^ (v >> 63));
    }

    void writeLong(long v) {
        ensure(8);
        BIG_ENDIAN_LONG.set(bytes, size, v);
        size += 8;
    }

    void writeDouble(double v) {
        writeLong(Double.doubleToRawLongBits(v));
    }

    void writeString(String s) {
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        writeVarInt(utf8.length);
        ensure(utf8.length);
        System.arraycopy(utf8, 0, bytes, size, utf8.length);
        size += utf8.length;
    }

    private void ensure(int more) {
        if (size + more > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(size + more, bytes.length * 2));
        }
    }
}
