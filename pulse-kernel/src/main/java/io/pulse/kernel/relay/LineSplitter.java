package io.pulse.kernel.relay;

import io.pulse.protocol.LineReader;
import io.pulse.protocol.LineTooLongException;

import java.util.Arrays;

/**
 * The protocol's framing for a reader that is handed bytes rather than reading a stream (the event loop): splits
 * what arrives into lines by the rules of {@link LineReader} - {@code \n} ends a line, one {@code \r} right before it
 * is dropped, a line over {@code maxLineLength} bytes is refused with {@link LineTooLongException} as soon as the limit
 * is passed, never buffered whole.
 *
 * <p>A line that arrived whole in one chunk is handed over in place (no copy: the hot path); only a line split across
 * reads is gathered in a buffer of its own, which starts small and grows only as far as the longest line allowed, so
 * ten thousand idle connections stay cheap.
 *
 * <p>Not thread-safe: one reading thread.
 */
final class LineSplitter {

    /** Takes one line, {@code bytes[from, to)} without its terminator, valid only during the call. */
    interface LineHandler {
        /** @return false to stop: the rest of the chunk is not looked at */
        boolean line(byte[] bytes, int from, int to);
    }

    private static final int INITIAL_PARTIAL_CAPACITY = 128;
    private static final byte[] NONE = new byte[0];

    private final int maxLineLength;
    private byte[] partial = NONE;
    private int partialLength;

    LineSplitter(int maxLineLength) {
        this.maxLineLength = maxLineLength;
    }

    /**
     * Hands every complete line in {@code chunk[from, to)} (after what earlier chunks left unfinished) to the handler
     * and keeps the unfinished rest for the next chunk.
     *
     * @return false when the handler asked to stop
     * @throws LineTooLongException when a line exceeds the limit (the splitter is then not to be used again)
     */
    boolean feed(byte[] chunk, int from, int to, LineHandler handler) throws LineTooLongException {
        int pos = from;
        while (pos < to) {
            int newline = indexOfNewline(chunk, pos, to);
            if (newline < 0) {
                append(chunk, pos, to);
                return true;
            }
            boolean goOn;
            if (partialLength == 0) {
                int end = newline > pos && chunk[newline - 1] == '\r' ? newline - 1 : newline;
                checkLength(end - pos);
                goOn = handler.line(chunk, pos, end);
            } else {
                append(chunk, pos, newline);
                int end = partial[partialLength - 1] == '\r' ? partialLength - 1 : partialLength;
                partialLength = 0;
                checkLength(end);
                goOn = handler.line(partial, 0, end);
            }
            pos = newline + 1;
            if (!goOn) {
                return false;
            }
        }
        return true;
    }

    private void checkLength(int length) throws LineTooLongException {
        if (length > maxLineLength) {
            throw new LineTooLongException(maxLineLength);
        }
    }

    private void append(byte[] chunk, int from, int to) throws LineTooLongException {
        int count = to - from;
        if (count == 0) {
            return;
        }
        int needed = partialLength + count;
        // One byte of slack: a line of exactly maxLineLength bytes may still be followed by its '\r'.
        if (needed > maxLineLength + 1) {
            partialLength = 0;
            throw new LineTooLongException(maxLineLength);
        }
        if (needed > partial.length) {
            int capacity = Math.min(Math.max(needed, Math.max(INITIAL_PARTIAL_CAPACITY, partial.length * 2)),
                    maxLineLength + 1);
            partial = Arrays.copyOf(partial, capacity);
        }
        System.arraycopy(chunk, from, partial, partialLength, count);
        partialLength = needed;
    }

    private static int indexOfNewline(byte[] bytes, int from, int to) {
        for (int i = from; i < to; i++) {
            if (bytes[i] == LineReader.TERMINATOR) {
                return i;
            }
        }
        return -1;
    }
}
