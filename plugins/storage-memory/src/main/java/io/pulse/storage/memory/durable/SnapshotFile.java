package io.pulse.storage.memory.durable;

import io.pulse.spi.stats.Tags;
import io.pulse.storage.memory.codec.Block;
import io.pulse.storage.memory.series.Series;
import io.pulse.storage.memory.series.SeriesState;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A snapshot: the whole state of the store, written to a temporary file, forced, then renamed into place, so a
 * snapshot file is either complete or absent. {@code snapshot-<n>.snap} holds everything written before log
 * segment {@code n}, and possibly more (series are captured one at a time while writes go on; replay skips what a
 * series already holds, see {@link Recovery}).
 *
 * <p>Records (see {@link FramedFile} for the framing and checksums):
 * <pre>
 * META   = 0x01 createdMillis:zigzag nextSeriesId:varlong nextBatch:varlong [aggregateMillis:varlong]
 * SERIES = 0x02 id:varlong stat:string tagCount:varint (key:string value:string)*
 *               lastBatch+1:varlong appliedInLastBatch:varint
 *               blockCount:varint (codec:byte scale:byte count:varint minTime:zigzag maxTime:zigzag
 *                                  wordCount:varint word:int64*)*
 *               lateCount:varint (time:zigzag value:float64)*
 *               aggregateCount:varint (timeDelta:zigzag value:float64)*
 *               dirtyCount:varint (bucketStart:zigzag)*
 * END    = 0x03 seriesCount:varlong
 * </pre>
 * {@code aggregateMillis}, the aggregate interval the dirty buckets are aligned to, was added later: a snapshot
 * without it reads as 0 (unknown), and readers that predate it ignore it.
 * A series record that fails its checksum or does not decode (including a block that does not decode to its
 * declared bounds) is skipped and reported; the others are loaded.
 */
public final class SnapshotFile {

    static final byte[] MAGIC = FramedFile.magic("PULSESNP");
    static final int META = 1;
    static final int SERIES = 2;
    static final int END = 3;

    /**
     * What a snapshot held.
     *
     * @param aggregateMillis the aggregate interval its dirty buckets are aligned to; 0 when the snapshot does not say
     */
    public record Contents(long sequence, long nextSeriesId, long nextBatch, long aggregateMillis,
                           List<SeriesState> series, List<String> problems) {
    }

    private SnapshotFile() {
    }

    /**
     * Writes a snapshot of {@code series} as {@code snapshot-<sequence>.snap}.
     *
     * @param nextSeriesId the first series id not yet given out (ids are never reused)
     * @param nextBatch    the first write batch number not yet used (batch numbers only grow)
     * @param aggregateMillis the aggregate interval of the store (its dirty buckets are aligned to it)
     * @return the number of series written
     */
    public static int write(DataDirectory dir, long sequence, Iterable<Series> series, long createdMillis,
                            long nextSeriesId, long nextBatch, long aggregateMillis) throws IOException {
        Path target = dir.snapshotPath(sequence);
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        int count = 0;
        ByteSink sink = new ByteSink();
        try (FramedFile.Writer w = new FramedFile.Writer(tmp, MAGIC, sequence)) {
            sink.writeByte(META);
            sink.writeZigZag(createdMillis);
            sink.writeVarLong(nextSeriesId);
            sink.writeVarLong(nextBatch);
            sink.writeVarLong(aggregateMillis);
            w.add(sink);
            for (Series s : series) {
                if (s.isRemoved()) {
                    continue;
                }
                sink.reset();
                encode(s.capture(), sink);
                w.add(sink);
                count++;
                if (w.pendingBytes() > 1 << 20) {
                    w.flush();
                }
            }
            sink.reset();
            sink.writeByte(END);
            sink.writeVarLong(count);
            w.add(sink);
            w.flush();
            w.force();
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        dir.forceDirectory();
        return count;
    }

    /**
     * Reads a snapshot, loading every readable series and reporting the rest.
     *
     * @throws CorruptDataException when the file header is unusable (nothing can be read)
     */
    public static Contents read(Path file) throws IOException {
        List<SeriesState> series = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        String name = file.getFileName().toString();
        try (FramedFile.Reader r = new FramedFile.Reader(file, MAGIC)) {
            boolean ended = false;
            long declared = -1;
            long nextSeriesId = 0;
            long nextBatch = 0;
            long aggregateMillis = 0;
            int recordNumber = 0;
            byte[] payload;
            while ((payload = r.next()) != null) {
                recordNumber++;
                if (ended) {
                    problems.add(name + ": unexpected record #" + recordNumber + " after the end record (ignored)");
                    continue;
                }
                try {
                    ByteSource in = new ByteSource(payload);
                    int type = in.readByte();
                    switch (type) {
                        case META -> {
                            in.readZigZag();
                            nextSeriesId = in.readVarLong();
                            nextBatch = in.readVarLong();
                            aggregateMillis = in.hasRemaining() ? in.readVarLong() : 0;
                        }
                        case SERIES -> series.add(decode(in));
                        case END -> {
                            declared = in.readVarLong();
                            ended = true;
                        }
                        default -> throw new CorruptDataException("unknown record type " + type);
                    }
                } catch (CorruptDataException | IllegalArgumentException e) {
                    problems.add(name + ": record #" + recordNumber + " is unreadable (" + e.getMessage() + "); skipped");
                }
            }
            problems.addAll(r.problems());
            if (!ended) {
                problems.add(name + ": no end record - the file was cut short; " + series.size() + " series read");
            } else if (declared != series.size()) {
                problems.add(name + ": " + declared + " series written, " + series.size() + " readable");
            }
            return new Contents(r.sequence(), nextSeriesId, nextBatch, aggregateMillis, series, problems);
        }
    }

    private static void encode(SeriesState s, ByteSink out) {
        out.writeByte(SERIES);
        out.writeVarLong(s.id());
        out.writeString(s.stat());
        out.writeVarInt(s.tags().size());
        s.tags().asMap().forEach((k, v) -> {
            out.writeString(k);
            out.writeString(v);
        });
        out.writeVarLong(s.lastBatch() + 1);
        out.writeVarInt(s.appliedInLastBatch());
        out.writeVarInt(s.blocks().size());
        for (Block b : s.blocks()) {
            out.writeByte(b.codec());
            out.writeByte(b.scale());
            out.writeVarInt(b.count());
            out.writeZigZag(b.minTime());
            out.writeZigZag(b.maxTime());
            long[] words = b.words();
            out.writeVarInt(words.length);
            for (long w : words) {
                out.writeLong(w);
            }
        }
        out.writeVarInt(s.lateTimes().length);
        for (int i = 0; i < s.lateTimes().length; i++) {
            out.writeZigZag(s.lateTimes()[i]);
            out.writeDouble(s.lateValues()[i]);
        }
        out.writeVarInt(s.aggregateTimes().length);
        long previous = 0;
        for (int i = 0; i < s.aggregateTimes().length; i++) {
            out.writeZigZag(s.aggregateTimes()[i] - previous);
            previous = s.aggregateTimes()[i];
            out.writeDouble(s.aggregateValues()[i]);
        }
        out.writeVarInt(s.dirtyBuckets().length);
        for (long d : s.dirtyBuckets()) {
            out.writeZigZag(d);
        }
    }

    private static SeriesState decode(ByteSource in) {
        long id = in.readVarLong();
        String stat = in.readString();
        if (stat.isEmpty()) {
            throw new CorruptDataException("empty stat name");
        }
        int tagCount = in.readCount(2);
        Map<String, String> tags = new LinkedHashMap<>();
        for (int i = 0; i < tagCount; i++) {
            tags.put(in.readString(), in.readString());
        }
        long lastBatch = in.readVarLong() - 1;
        int applied = (int) Math.min(Integer.MAX_VALUE, in.readVarLong());
        int blockCount = in.readCount(6);
        List<Block> blocks = new ArrayList<>(blockCount);
        long previousMax = Long.MIN_VALUE;
        for (int i = 0; i < blockCount; i++) {
            int codec = in.readByte();
            int scale = in.readByte();
            int count = in.readCount(0);
            long min = in.readZigZag();
            long max = in.readZigZag();
            int wordCount = in.readCount(8);
            long[] words = new long[wordCount];
            for (int w = 0; w < wordCount; w++) {
                words[w] = in.readLong();
            }
            Block block = new Block(codec, scale, count, min, max, words);
            if (!block.verify()) {
                throw new CorruptDataException("block " + i + " does not decode to its " + count + " samples");
            }
            if (min < previousMax) {
                throw new CorruptDataException("block " + i + " starts before the previous one ends");
            }
            previousMax = max;
            blocks.add(block);
        }
        int lateCount = in.readCount(9);
        long[] lateTimes = new long[lateCount];
        double[] lateValues = new double[lateCount];
        for (int i = 0; i < lateCount; i++) {
            lateTimes[i] = in.readZigZag();
            lateValues[i] = in.readDouble();
            if (i > 0 && lateTimes[i] < lateTimes[i - 1]) {
                throw new CorruptDataException("late samples out of order");
            }
        }
        int aggregateCount = in.readCount(9);
        long[] aggregateTimes = new long[aggregateCount];
        double[] aggregateValues = new double[aggregateCount];
        long previous = 0;
        for (int i = 0; i < aggregateCount; i++) {
            previous += in.readZigZag();
            aggregateTimes[i] = previous;
            aggregateValues[i] = in.readDouble();
            if (i > 0 && aggregateTimes[i] <= aggregateTimes[i - 1]) {
                throw new CorruptDataException("aggregates out of order");
            }
        }
        int dirtyCount = in.readCount(1);
        long[] dirty = new long[dirtyCount];
        for (int i = 0; i < dirtyCount; i++) {
            dirty[i] = in.readZigZag();
            if (i > 0 && dirty[i] <= dirty[i - 1]) {
                throw new CorruptDataException("dirty buckets out of order");
            }
        }
        if (in.hasRemaining()) {
            throw new CorruptDataException(in.remaining() + " unexpected bytes at the end");
        }
        return new SeriesState(id, stat, Tags.of(tags), blocks, lateTimes, lateValues, aggregateTimes, aggregateValues,
            dirty, lastBatch, applied);
    }
}
