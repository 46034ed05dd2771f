package io.pulse.kernel.relay;

import io.pulse.protocol.LineReader;
import io.pulse.protocol.LineTooLongException;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The event loop's framing must be the blocking reader's: the same lines, the same refusals, however bytes arrive. */
class LineSplitterTest {

    private static final int MAX = 64;

    @Test
    void linesSplitAcrossChunksAndCrLfAreFramedLikeTheLineReader() throws IOException {
        String text = "id relay 1\r\nadd cpu\nping\n\ngot cpu-used:0.5\r\r\nhalf";
        for (int chunk = 1; chunk <= text.length(); chunk++) {
            assertEquals(readerLines(text.getBytes(StandardCharsets.UTF_8)),
                    splitterLines(text.getBytes(StandardCharsets.UTF_8), chunk), "chunks of " + chunk);
        }
    }

    @Test
    void randomStreamsGiveTheSameLinesOrTheSameRefusalAsTheLineReader() throws IOException {
        Random random = new Random(42);
        byte[] alphabet = "ab-:,. \r\n".getBytes(StandardCharsets.US_ASCII);
        for (int run = 0; run < 2_000; run++) {
            byte[] bytes = new byte[random.nextInt(400)];
            for (int i = 0; i < bytes.length; i++) {
                // mostly short lines, sometimes a long run without a newline
                bytes[i] = random.nextInt(100) < 97 ? alphabet[random.nextInt(alphabet.length)] : (byte) 'x';
            }
            if (random.nextBoolean()) {
                int from = random.nextInt(Math.max(1, bytes.length));
                for (int i = from; i < Math.min(bytes.length, from + MAX + 2); i++) {
                    bytes[i] = 'y';
                }
            }
            int chunk = 1 + random.nextInt(80);
            Object expected;
            try {
                expected = readerLines(bytes);
            } catch (LineTooLongException e) {
                expected = "too long";
            }
            Object actual;
            try {
                actual = splitterLines(bytes, chunk);
            } catch (LineTooLongException e) {
                actual = "too long";
            }
            assertEquals(expected, actual, "run " + run + ", chunks of " + chunk);
        }
    }

    @Test
    void aLineOfExactlyTheLimitPassesAndOneMoreByteIsRefused() throws IOException {
        String limit = "z".repeat(MAX);
        assertEquals(List.of(limit, limit), splitterLines((limit + "\n" + limit + "\r\n").getBytes(StandardCharsets.UTF_8), 7));
        assertThrows(LineTooLongException.class,
                () -> splitterLines((limit + "z\n").getBytes(StandardCharsets.UTF_8), 1000));
        assertThrows(LineTooLongException.class,
                () -> splitterLines((limit + "zz").getBytes(StandardCharsets.UTF_8), 3));
    }

    @Test
    void theHandlerCanStopTheRestOfTheChunk() throws IOException {
        LineSplitter splitter = new LineSplitter(MAX);
        List<String> seen = new ArrayList<>();
        byte[] bytes = "ping\nclose\nping\n".getBytes(StandardCharsets.UTF_8);
        boolean goOn = splitter.feed(bytes, 0, bytes.length, (b, from, to) -> {
            String line = new String(b, from, to - from, StandardCharsets.UTF_8);
            seen.add(line);
            return !line.equals("close");
        });
        assertFalse(goOn);
        assertEquals(List.of("ping", "close"), seen);
    }

    private static List<String> readerLines(byte[] bytes) throws IOException {
        LineReader reader = new LineReader(new ByteArrayInputStream(bytes), MAX);
        List<String> lines = new ArrayList<>();
        String line;
        while ((line = reader.readLine()) != null) {
            lines.add(line);
        }
        return lines;
    }

    private static List<String> splitterLines(byte[] bytes, int chunk) throws LineTooLongException {
        LineSplitter splitter = new LineSplitter(MAX);
        List<String> lines = new ArrayList<>();
        for (int from = 0; from < bytes.length; from += chunk) {
            // each chunk in a buffer of its own with other bytes around it, as the loop's read buffer would be
            int to = Math.min(bytes.length, from + chunk);
            byte[] buffer = new byte[to - from + 4];
            System.arraycopy(bytes, from, buffer, 2, to - from);
            splitter.feed(buffer, 2, 2 + to - from, (b, start, end) -> {
                lines.add(new String(b, start, end - start, StandardCharsets.UTF_8));
                return true;
            });
        }
        return lines;
    }
}
