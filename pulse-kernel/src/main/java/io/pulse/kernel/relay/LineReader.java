package io.pulse.kernel.relay;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Splits a relay's byte stream into lines: {@code \n} ends a line, a {@code \r} right before it is dropped (the
 * original kept it as data; Pulse accepts {@code \r\n} for telnet and netcat users). Lines may arrive several per
 * read or split across reads.
 *
 * <p>Memory is bounded and small, so that ten thousand idle connections stay cheap: a {@value #CHUNK_SIZE}-byte read
 * buffer and a line buffer that starts at {@value #INITIAL_LINE_CAPACITY} bytes and grows only as far as the
 * longest line allowed (plus one byte for a {@code \r}).
 *
 * <p>Not thread-safe: one reader thread per connection.
 */
final class LineReader {

    static final int CHUNK_SIZE = 512;
    static final int INITIAL_LINE_CAPACITY = 128;

    /** A line longer than the limit; the connection cannot be trusted to resynchronise, so it is closed. */
    static final class LineTooLongException extends IOException {
        private static final long serialVersionUID = 1L;

        LineTooLongException(int maxLineLength) {
            super("line too long (max " + maxLineLength + " bytes)");
        }
    }

    private final InputStream in;
    private final int maxLineLength;
    private final byte[] chunk = new byte[CHUNK_SIZE];
    private int chunkPos;
    private int chunkEnd;
    private byte[] line = new byte[INITIAL_LINE_CAPACITY];
    private int lineLength;

    LineReader(InputStream in, int maxLineLength) {
        this.in = in;
        this.maxLineLength = maxLineLength;
    }

    /**
     * The next line without its terminator, or null at end of stream (a final unterminated fragment is dropped:
     * the original only acted on complete lines).
     *
     * @throws LineTooLongException when a line exceeds the limit
     * @throws IOException          on a read error or timeout ({@link java.net.SocketTimeoutException})
     */
    String readLine() throws IOException {
        while (true) {
            if (chunkPos == chunkEnd) {
                int n = in.read(chunk);
                if (n < 0) {
                    return null;
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
            return new String(line, 0, length, StandardCharsets.UTF_8);
        }
    }

    private int indexOfNewline(int from, int to) {
        for (int i = from; i < to; i++) {
            if (chunk[i] == '\n') {
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
