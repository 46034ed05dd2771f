package io.pulse.kernel.relay;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OutboundLinesTest {

    @Test
    void linesAreWrittenInOrderAndTheWriterStopsAtTheEnd() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        OutboundLines lines = new OutboundLines(out, e -> { });
        assertEquals(OutboundLines.SendResult.QUEUED, lines.send("ok"));
        assertEquals(OutboundLines.SendResult.QUEUED, lines.send("beat 4"));
        assertEquals(OutboundLines.SendResult.QUEUED, lines.send("pong"));
        lines.end();
        assertEquals(OutboundLines.SendResult.ENDED, lines.send("too late"));
        Thread writer = Thread.ofVirtual().start(lines);
        assertTrue(writer.join(Duration.ofSeconds(5)));
        assertEquals("ok\nbeat 4\npong\n", out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aRelayThatDoesNotReadFillsItsQueueAndEndStillStopsTheWriter() throws Exception {
        CountDownLatch writing = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ByteArrayOutputStream written = new ByteArrayOutputStream();
        OutputStream blocked = new OutputStream() {
            @Override
            public void write(int b) {
                throw new UnsupportedOperationException();
            }

            @Override
            public void write(byte[] b, int off, int len) {
                writing.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                written.write(b, off, len);
            }
        };
        OutboundLines lines = new OutboundLines(blocked, e -> { });
        Thread writer = Thread.ofVirtual().start(lines);
        lines.send("first");
        writing.await();                       // the writer is stuck writing "first"
        int queued = 0;
        while (lines.send("get c") == OutboundLines.SendResult.QUEUED) {
            queued++;
        }
        assertEquals(OutboundLines.CAPACITY, queued);
        assertEquals(OutboundLines.SendResult.FULL, lines.send("get c"));
        lines.end();
        release.countDown();
        assertTrue(writer.join(Duration.ofSeconds(5)), "the writer finished");
        assertTrue(written.toString(StandardCharsets.UTF_8).startsWith("first\nget c\n"));
    }

    @Test
    void aWriteFailureIsReported() throws Exception {
        AtomicReference<IOException> failure = new AtomicReference<>();
        OutboundLines lines = new OutboundLines(new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                throw new IOException("broken pipe");
            }
        }, failure::set);
        lines.send("get c");
        Thread writer = Thread.ofVirtual().start(lines);
        assertTrue(writer.join(Duration.ofSeconds(5)));
        assertEquals("broken pipe", failure.get().getMessage());
        assertEquals(OutboundLines.SendResult.ENDED, lines.send("get c"));
    }
}
