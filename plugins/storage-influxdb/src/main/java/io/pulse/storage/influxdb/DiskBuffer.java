package io.pulse.storage.influxdb;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A bounded first-in-first-out queue of write batches on disk, holding what InfluxDB could not take yet.
 *
 * <p>Each batch is one file {@code <sequence>-<lines>.lp} holding the request body (line protocol). A batch is
 * written to a {@code .tmp} file, forced to disk and renamed, so a crash leaves either a whole batch or none;
 * leftover {@code .tmp} files are deleted when the buffer opens. Files are replayed in sequence order, so a
 * restarted Pulse sends what an earlier run buffered, oldest first.
 *
 * <p>The buffer holds at most {@code maxBytes} of batch files. Adding a batch that does not fit drops the oldest
 * batches first (except the one being replayed) and counts their lines in {@link #droppedLines()}; a batch larger
 * than the whole bound is dropped itself.
 *
 * <p>Thread-safe: every method is synchronised; file I/O of one batch happens under the lock, which keeps order
 * simple and costs one small local write.
 */
final class DiskBuffer {

    /**
     * One buffered batch.
     *
     * @param sequence its position in the queue
     * @param lines    how many line-protocol lines (samples) it holds
     * @param bytes    its size on disk
     * @param file     where it is
     */
    record Batch(long sequence, int lines, long bytes, Path file) {
        /** The request body. */
        String read() {
            try {
                return Files.readString(file, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read buffered batch " + file + ": " + e.getMessage(), e);
            }
        }
    }

    /** What {@link #add} did. */
    record Added(boolean stored, long droppedLines) {
    }

    private static final Pattern NAME = Pattern.compile("(\\d{1,19})-(\\d{1,10})\\.lp");

    private final Path dir;
    private final long maxBytes;
    private final Deque<Batch> batches = new ArrayDeque<>();
    private long bytes;
    private long lines;
    private long nextSequence;
    private long droppedLines;
    private Batch inFlight;

    private DiskBuffer(Path dir, long maxBytes) {
        this.dir = dir;
        this.maxBytes = maxBytes;
    }

    /**
     * Opens (creating if needed) the buffer in {@code dir}, picking up batches an earlier run left.
     *
     * @throws IOException when the directory cannot be created or listed
     */
    static DiskBuffer open(Path dir, long maxBytes) throws IOException {
        Files.createDirectories(dir);
        DiskBuffer buffer = new DiskBuffer(dir, maxBytes);
        List<Batch> found = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                Matcher m = NAME.matcher(name);
                if (name.endsWith(".tmp")) {
                    Files.deleteIfExists(file);
                } else if (m.matches()) {
                    found.add(new Batch(Long.parseLong(m.group(1)), Integer.parseInt(m.group(2)), Files.size(file), file));
                }
            }
        }
        found.sort((a, b) -> Long.compare(a.sequence(), b.sequence()));
        for (Batch batch : found) {
            buffer.batches.addLast(batch);
            buffer.bytes += batch.bytes();
            buffer.lines += batch.lines();
            buffer.nextSequence = batch.sequence() + 1;
        }
        return buffer;
    }

    /**
     * Appends a batch, dropping the oldest batches when it would not fit.
     *
     * @param body  line-protocol lines separated by {@code \n}
     * @param count how many lines
     * @throws IOException when the batch cannot be written (disk full, permissions); nothing was dropped then
     */
    synchronized Added add(String body, int count) throws IOException {
        byte[] data = body.getBytes(StandardCharsets.UTF_8);
        if (data.length > maxBytes) {
            droppedLines += count;
            return new Added(false, count);
        }
        long dropped = 0;
        while (bytes + data.length > maxBytes) {
            Batch oldest = oldestDroppable();
            if (oldest == null) {
                break;
            }
            batches.remove(oldest);
            forget(oldest);
            Files.deleteIfExists(oldest.file());
            dropped += oldest.lines();
        }
        droppedLines += dropped;
        if (bytes + data.length > maxBytes) {
            // Only the batch being replayed is left and the new one does not fit beside it.
            droppedLines += count;
            return new Added(false, dropped + count);
        }
        long sequence = nextSequence++;
        Path file = dir.resolve(sequence + "-" + count + ".lp");
        Path tmp = dir.resolve(sequence + "-" + count + ".lp.tmp");
        try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
            StandardOpenOption.WRITE)) {
            ByteBuffer buf = ByteBuffer.wrap(data);
            while (buf.hasRemaining()) {
                channel.write(buf);
            }
            channel.force(true);
        } catch (IOException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
        try {
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
        }
        Batch batch = new Batch(sequence, count, data.length, file);
        batches.addLast(batch);
        bytes += data.length;
        lines += count;
        return new Added(true, dropped);
    }

    private Batch oldestDroppable() {
        for (Batch batch : batches) {
            if (batch != inFlight) {
                return batch;
            }
        }
        return null;
    }

    /**
     * The oldest batch, marked as being replayed (so that it is not dropped meanwhile), or empty when the buffer
     * is empty.
     */
    synchronized Optional<Batch> beginReplay() {
        inFlight = batches.peekFirst();
        return Optional.ofNullable(inFlight);
    }

    /** Removes a batch that was replayed (or given up on). */
    synchronized void remove(Batch batch) throws IOException {
        if (inFlight == batch) {
            inFlight = null;
        }
        if (batches.remove(batch)) {
            forget(batch);
            try {
                Files.delete(batch.file());
            } catch (NoSuchFileException e) {
                // already gone: nothing to undo
            }
        }
    }

    /** Ends a replay attempt that failed; the batch stays first in line. */
    synchronized void endReplay() {
        inFlight = null;
    }

    private void forget(Batch batch) {
        bytes -= batch.bytes();
        lines -= batch.lines();
    }

    synchronized boolean isEmpty() {
        return batches.isEmpty();
    }

    /** Number of buffered batches. */
    synchronized int batchCount() {
        return batches.size();
    }

    /** Number of buffered lines (samples). */
    synchronized long lineCount() {
        return lines;
    }

    /** Bytes on disk. */
    synchronized long byteCount() {
        return bytes;
    }

    /** The bound. */
    long maxBytes() {
        return maxBytes;
    }

    /** Lines dropped because the buffer was full, since it was opened. */
    synchronized long droppedLines() {
        return droppedLines;
    }

    /** The directory, for messages. */
    Path dir() {
        return dir;
    }
}
