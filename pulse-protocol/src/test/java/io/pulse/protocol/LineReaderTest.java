package io.pulse.protocol;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class LineReaderTest {

    /** Delivers the bytes in reads of at most {@code step} bytes, as a network would in small packets. */
    private static InputStream trickle(String text, int step) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        return new InputStream() {
            private int pos;

            @Override
            public int read() {
                return pos < bytes.length ? bytes[pos++] & 0xff : -1;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (pos >= bytes.length) {
                    return -1;
                }
                int n = Math.min(Math.min(len, step), bytes.length - pos);
                System.arraycopy(bytes, pos, b, off, n);
                pos += n;
                return n;
            }
        };
    }

    private static List<String> lines(InputStream in, int max) throws IOException {
        LineReader reader = new LineReader(in, max);
        List<String> out = new ArrayList<>();
        String line;
        while ((line = reader.readLine()) != null) {
            out.add(line);
        }
        return out;
    }

    @Test
    void splitsOnNewlineAndDropsACarriageReturnBeforeIt() throws IOException {
        String text = "id a\nping\r\n\nadd x:\r\ngot a\rb\n";
        List<String> expected = List.of("id a", "ping", "", "add x:", "got a\rb");
        for (int step : new int[] {1, 2, 3, 7, 512, 10_000}) {
            assertEquals(expected, lines(trickle(text, step), 100), "step " + step);
        }
    }

    @Test
    void anUnterminatedLastFragmentIsDropped() throws IOException {
        assertEquals(List.of("ping"), lines(new ByteArrayInputStream("ping\npin".getBytes(StandardCharsets.UTF_8)), 100));
    }

    @Test
    void longLinesAcrossManyChunksAreReassembled() throws IOException {
        String longLine = "got " + "c-x:1,".repeat(2000);
        assertEquals(List.of(longLine, "ping"), lines(trickle(longLine + "\nping\n", 333), 64 * 1024));
    }

    @Test
    void theLimitCountsTheLineWithoutItsTerminator() throws IOException {
        String max = "x".repeat(64);
        assertEquals(List.of(max, max), lines(trickle(max + "\n" + max + "\r\n", 5), 64));
        assertThrows(LineTooLongException.class, () -> lines(trickle(max + "y\n", 5), 64));
        assertThrows(LineTooLongException.class, () -> lines(trickle(max + "yz", 5), 64));
        assertThrows(LineTooLongException.class, () -> lines(trickle(max + "\r\r\n", 100), 64));
    }

    @Test
    void anOverlongLineFailsBeforeItsEndArrives() {
        // an endless line must not be buffered: the reader gives up as soon as the limit is passed
        InputStream endless = new InputStream() {
            @Override
            public int read() {
                return 'z';
            }
        };
        LineReader reader = new LineReader(endless, 1000);
        LineTooLongException e = assertThrows(LineTooLongException.class, reader::readLine);
        assertEquals("line too long (max 1000 bytes)", e.errorLine());
        assertEquals(1000, e.maxLineLength());
    }

    @Test
    void aTimedOutReadLeavesTheReaderConsistent() throws IOException {
        // a socket read timeout surfaces as an IOException from read(); the next readLine goes on with the line
        byte[] first = "pi".getBytes(StandardCharsets.UTF_8);
        byte[] second = "ng\nok\n".getBytes(StandardCharsets.UTF_8);
        InputStream stalling = new InputStream() {
            private int call;

            @Override
            public int read() {
                throw new UnsupportedOperationException();
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                call++;
                if (call == 1) {
                    System.arraycopy(first, 0, b, off, first.length);
                    return first.length;
                }
                if (call == 2) {
                    throw new java.net.SocketTimeoutException("read timed out");
                }
                if (call == 3) {
                    System.arraycopy(second, 0, b, off, second.length);
                    return second.length;
                }
                return -1;
            }
        };
        LineReader reader = new LineReader(stalling, 100);
        assertThrows(java.net.SocketTimeoutException.class, reader::readLine);
        assertEquals("ping", reader.readLine());
        assertEquals("ok", reader.readLine());
        assertNull(reader.readLine());
    }

    @Test
    void theLimitMustBePositive() {
        InputStream empty = new ByteArrayInputStream(new byte[0]);
        assertThrows(IllegalArgumentException.class, () -> new LineReader(empty, 0));
        assertEquals(64, new LineReader(empty, 64).maxLineLength());
    }

    @Test
    void utf8IsDecoded() throws IOException {
        assertEquals(List.of("id caf\u00e9"), lines(trickle("id caf\u00e9\n", 1), 100));
        assertNull(new LineReader(new ByteArrayInputStream(new byte[0]), 100).readLine());
    }

    @Test
    void linesReadAsBytesAreTheLinesReadAsText() throws IOException {
        String text = "id caf\u00e9\nping\r\n\ngot " + "c-x:1,".repeat(300) + "\r\ngot a\rb\n";
        for (int step : new int[] {1, 3, 512, 10_000}) {
            LineReader reader = new LineReader(trickle(text, step), 64 * 1024);
            List<String> out = new ArrayList<>();
            int length;
            while ((length = reader.readLineBytes()) >= 0) {
                assertEquals(reader.text(length),
                    new String(reader.lineBytes(), 0, length, StandardCharsets.UTF_8), "text(length) decodes the bytes");
                out.add(reader.text(length));
            }
            assertEquals(lines(trickle(text, step), 64 * 1024), out, "step " + step);
        }
    }
}
