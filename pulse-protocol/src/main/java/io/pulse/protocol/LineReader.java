package io.pulse.protocol;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * The protocol's framing, read side: splits a byte stream into lines. Writers end every line with a single
 * {@code \n} ({@link #TERMINATOR}); a reader takes {@code \n} as the end of a line and drops one {@code \r} right
 * before it, so {@code \r\n} works too (telnet, netcat; the original kept the {@code \r} as data). A {@code \r}
 * anywhere else stays in the line. Bytes are decoded as UTF-8 (the protocol is ASCII in practice). Lines may
 * arrive several per read or split across reads.
 *
 * <p><b>Line length.</b> A line may be at most {@code maxLineLength} bytes, not counting its {@code \n} or
 * {@code \r\n}. A longer one is refused with {@link LineTooLongException} as soon as the limit is passed, never
 * buffered whole; see there for what both ends then do (error line, then close).
 *
 * <p><b>Memory</b> is small and bounded, so that ten thousand idle server connections stay cheap: a
 * {@value #CHUNK_SIZE}-byte read buffer and a line buffer that starts at {@value #INITIAL_LINE_CAPACITY} bytes and
 * grows only as far as the longest line allowed (plus one byte for a {@code \r}).
 *
 * <p>A read that times out ({@link java.net.SocketTimeoutException}) leaves the reader consistent: the next
 * {@link #readLine()} goes on with the same line.
 *
 * <p>Not thread-safe: one reading thread at a time (each connection has one).
 */
public final class LineReader {

    /** What ends a line on the wire. */
    public static final char TERMINATOR = '\n';

    static final int CHUNK_SIZE = 512;
    static final int INITIAL_LINE_CAPACITY = 128;

    private final InputStream in;
    private final int maxLineLength;
    private final byte[] chunk = new byte[CHUNK_SIZE];
    private int chunkPos;
    private int chunkEnd;
    private byte[] line = new byte[INITIAL_LINE_CAPACITY];
    private int lineLength;

    /**
     * @param in            the connection's input
     * @param maxLineLength the longest line accepted, in bytes without the terminator; at least 1
     */
    public LineReader(InputStream in, int maxLineLength) {
        this.in = Objects.requireNonNull(in, "in");
        if (maxLineLength < 1) {
            throw new IllegalArgumentException("max line length must be at least 1 byte, got " + maxLineLength);
        }
        this.maxLineLength = maxLineLength;
    }

    /** The limit this reader enforces. */
    public int maxLineLength() {
        return maxLineLength;
    }

    /**
     * The next line without its terminator, or null at end of stream (a final unterminated fragment is dropped:
     * the peer did not finish it, and the original only acted on complete lines).
     *
     * @throws LineTooLongException when a line exceeds the limit
     * @throws IOException          on a read error or timeout
     */
    public String readLine() throws IOException {
        int length = readLineBytes();
        return length < 0 ? null : new String(line, 0, length, StandardCharsets.UTF_8);
    }

    /**
     * {@link #readLine()} without decoding, for hot paths that look at bytes first: the next line is left in
     * {@link #lineBytes()}{@code [0, length)}, valid until the next read.
     *
     * @return the line's length in bytes without its terminator, or -1 at end of stream
     * @throws LineTooLongException when a line exceeds the limit
     * @throws IOException          on a read error or timeout
     */
    public int readLineBytes() throws IOException {
        while (true) {
            if (chunkPos == chunkEnd) {
                int n = in.read(chunk);
                if (n < 0) {
                    return -1;
                }
                chunkPos = 0;
                chunkEnd = n;
            }
            int newline = indexOfNewline(chunkPos, chunkEnd);
            int segmentEnd = newline < 0 ? chunkEnd : newline;
            append(chunkPos, segmentEnd);
            if (newline < 0) {
                chunkPos = chunkEnd;
                continue;
            }
            chunkPos = newline + 1;
            int length = lineLength;
            if (length > 0 && line[length - 1] == '\r') {
                length--;
            }
            lineLength = 0;
            if (length > maxLineLength) {
                throw new LineTooLongException(maxLineLength);
            }
            return length;
        }
    }

    /** The buffer holding the line {@link #readLineBytes()} returned; replaced when a longer line needs room. */
    public byte[] lineBytes() {
        return line;
    }

    /**
     * The bytes read from the stream but not yet returned as (part of) a line, which the reader then forgets: for
     * handing a connection over to another reader after a line (e.g. from a blocking handshake to an event loop),
     * without losing what the peer sent right behind that line. Call it only right after a complete line.
     */
    public byte[] takeBuffered() {
        byte[] rest = Arrays.copyOfRange(chunk, chunkPos, chunkEnd);
        chunkPos = 0;
        chunkEnd = 0;
        return rest;
    }

    /** Decodes {@code lineBytes()[0, length)}, the line {@link #readLineBytes()} returned, as {@link #readLine()} would. */
    public String text(int length) {
        return new String(line, 0, length, StandardCharsets.UTF_8);
    }

    private int indexOfNewline(int from, int to) {
        for (int i = from; i < to; i++) {
            if (chunk[i] == TERMINATOR) {
                return i;
            }
        }
        return -1;
    }

    private void append(int from, int to) throws LineTooLongException {
        int count = to - from;
        if (count == 0) {
            return;
        }
        int needed = lineLength + count;
        // One byte of slack: a line of exactly maxLineLength bytes may still be followed by its '\r'.
        if (needed > maxLineLength + 1) {
            lineLength = 0;
            throw new LineTooLongException(maxLineLength);
        }
        if (needed > line.length) {
            int capacity = Math.min(Math.max(needed, line.length * 2), maxLineLength + 1);
            line = Arrays.copyOf(line, capacity);
        }
        System.arraycopy(chunk, from, line, lineLength, count);
        lineLength = needed;
    }
}
