package io.pulse.storage.influxdb;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The on-disk buffer on real files: order, persistence across reopening, bound and drop counting. */
class DiskBufferTest {

    private static final long MAX = 64 * 1024;

    @TempDir
    Path dir;

    @Test
    void batchesComeBackOldestFirstAndSurviveReopening() throws IOException {
        DiskBuffer buffer = DiskBuffer.open(dir, MAX);
        assertTrue(buffer.isEmpty());
        buffer.add("a 1\na 2", 2);
        buffer.add("b 3", 1);
        buffer.add("c 4\nc 5\nc 6", 3);
        assertEquals(6, buffer.lineCount());
        assertEquals(3, buffer.batchCount());

        DiskBuffer reopened = DiskBuffer.open(dir, MAX);
        assertEquals(6, reopened.lineCount());
        assertEquals(buffer.byteCount(), reopened.byteCount());
        List<String> bodies = new ArrayList<>();
        while (true) {
            var next = reopened.beginReplay();
            if (next.isEmpty()) {
                break;
            }
            bodies.add(next.get().read());
            reopened.remove(next.get());
        }
        assertEquals(List.of("a 1\na 2", "b 3", "c 4\nc 5\nc 6"), bodies);
        assertTrue(reopened.isEmpty());
        assertEquals(0, reopened.byteCount());
        try (var files = Files.list(dir)) {
            assertEquals(0, files.count(), "replayed batches are deleted");
        }
        reopened.add("d 7", 1);
        assertEquals("d 7", DiskBuffer.open(dir, MAX).beginReplay().orElseThrow().read(), "sequence continues after reopening");
    }

    @Test
    void leftoverTemporaryFilesAreDiscarded() throws IOException {
        Files.writeString(dir.resolve("7-3.lp.tmp"), "half a batch");
        Files.writeString(dir.resolve("notes.txt"), "not ours");
        DiskBuffer buffer = DiskBuffer.open(dir, MAX);
        assertTrue(buffer.isEmpty());
        assertFalse(Files.exists(dir.resolve("7-3.lp.tmp")));
        assertTrue(Files.exists(dir.resolve("notes.txt")), "unrelated files are left alone");
    }

    @Test
    void whenFullTheOldestBatchesAreDroppedAndCounted() throws IOException {
        DiskBuffer buffer = DiskBuffer.open(dir, MAX);
        String body = "x".repeat(10 * 1024 - 1);   // 10 KiB minus one: six fit in 64 KiB, the seventh does not
        for (int i = 0; i < 6; i++) {
            DiskBuffer.Added added = buffer.add(i + body, 10 + i);
            assertTrue(added.stored());
            assertEquals(0, added.droppedLines());
        }
        DiskBuffer.Added added = buffer.add("6" + body, 16);
        assertTrue(added.stored());
        assertEquals(10, added.droppedLines(), "the oldest batch (10 lines) made room");
        assertEquals(10, buffer.droppedLines());
        assertEquals(6, buffer.batchCount());
        assertTrue(buffer.byteCount() <= MAX);
        assertTrue(buffer.beginReplay().orElseThrow().read().startsWith("1"), "the oldest left is the second batch");
    }

    @Test
    void theBatchBeingReplayedIsNotDropped() throws IOException {
        DiskBuffer buffer = DiskBuffer.open(dir, MAX);
        String body = "y".repeat(30 * 1024);
        buffer.add("0" + body, 1);
        DiskBuffer.Batch inFlight = buffer.beginReplay().orElseThrow();
        buffer.add("1" + body, 2);
        DiskBuffer.Added added = buffer.add("2" + body, 3);
        assertEquals(2, added.droppedLines(), "the second batch went, not the one in flight");
        buffer.remove(inFlight);
        assertTrue(buffer.beginReplay().orElseThrow().read().startsWith("2"));
    }

    @Test
    void aBatchLargerThanTheWholeBufferIsDroppedAndCounted() throws IOException {
        DiskBuffer buffer = DiskBuffer.open(dir, MAX);
        buffer.add("small", 1);
        DiskBuffer.Added added = buffer.add("z".repeat((int) MAX + 1), 42);
        assertFalse(added.stored());
        assertEquals(42, buffer.droppedLines());
        assertEquals(1, buffer.lineCount(), "what was buffered stays");
    }
}
