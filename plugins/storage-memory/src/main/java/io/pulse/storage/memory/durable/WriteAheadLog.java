package io.pulse.storage.memory.durable;

import io.pulse.spi.stats.Sample;
import io.pulse.storage.memory.series.Series;

import java.io.Closeable;
import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.util.List;

/**
 * The write-ahead log: every write batch is appended to the current segment file before it is applied in memory,
 * so a crashed process loses nothing it acknowledged, and a power loss at most what was written since the last
 * {@link #sync()}.
 *
 * <p>Records (see {@link FramedFile} for the framing and checksums):
 * <pre>
 * SERIES  = 0x01 id:varlong stat:string tagCount:varint (key:string value:string)*
 * SAMPLES = 0x02 batch:varlong count:varint (seriesId:varlong timeDelta:zigzag value:float64)*
 * </pre>
 * A series' definition is written once per segment, before its first sample there, so every segment can be
 * replayed on its own. Times are deltas to the previous sample of the record (the first to 0).
 *
 * <p>Thread-safety: {@link #append} and {@link #roll} are called under the store's write lock (one at a time);
 * {@link #sync()} may run concurrently from the scheduler.
 */
public final class WriteAheadLog implements Closeable {

    static final byte[] MAGIC = FramedFile.magic("PULSEWAL");
    static final int SERIES = 1;
    static final int SAMPLES = 2;

    private final DataDirectory dir;
    private final ByteSink sink = new ByteSink();
    private volatile FramedFile.Writer writer;
    private volatile long segment;

    /** Opens a new segment {@code segment} (the file must not exist). */
    public WriteAheadLog(DataDirectory dir, long segment) throws IOException {
        this.dir = dir;
        this.segment = segment;
        this.writer = new FramedFile.Writer(dir.walPath(segment), MAGIC, segment);
    }

    /** The current segment's number. */
    public long segment() {
        return segment;
    }

    /**
     * Appends one write batch and hands it to the operating system.
     *
     * @param series the series of each sample, resolved by the caller
     */
    public void append(long batch, List<Sample> samples, Series[] series) throws IOException {
        FramedFile.Writer w = writer;
        long seg = segment;
        for (Series s : series) {
            if (s.loggedInSegment() != seg) {
                sink.reset();
                sink.writeByte(SERIES);
                sink.writeVarLong(s.id());
                sink.writeString(s.stat());
                sink.writeVarInt(s.tags().size());
                s.tags().asMap().forEach((k, v) -> {
                    sink.writeString(k);
                    sink.writeString(v);
                });
                w.add(sink);
                s.loggedIn(seg);
            }
        }
        sink.reset();
        sink.writeByte(SAMPLES);
        sink.writeVarLong(batch);
        sink.writeVarInt(samples.size());
        long previous = 0;
        for (int i = 0; i < series.length; i++) {
            Sample sample = samples.get(i);
            sink.writeVarLong(series[i].id());
            sink.writeZigZag(sample.timeMillis() - previous);
            previous = sample.timeMillis();
            sink.writeDouble(sample.value());
        }
        w.add(sink);
        w.flush();
    }

    /** Forces what was appended to the device. */
    public void sync() throws IOException {
        try {
            writer.force();
        } catch (ClosedChannelException e) {
            // the segment was rolled meanwhile, and rolling forced it
        }
    }

    /**
     * Starts segment {@code next}, which must be higher, and hands back the previous one, flushed but neither forced
     * nor closed: the caller does that outside its lock ({@link Segment#close}), so a roll never makes writes wait
     * for the disk. When the new segment cannot be created the log is unusable and must be closed.
     */
    public Segment roll(long next) throws IOException {
        if (next <= segment) {
            throw new IllegalArgumentException("segment " + next + " is not after " + segment);
        }
        FramedFile.Writer old = writer;
        old.flush();
        writer = new FramedFile.Writer(dir.walPath(next), MAGIC, next);
        segment = next;
        return new Segment(old);
    }

    /** A segment the log no longer appends to. */
    public static final class Segment implements Closeable {
        private final FramedFile.Writer writer;

        private Segment(FramedFile.Writer writer) {
            this.writer = writer;
        }

        /** Forces the segment to the device and closes it. */
        @Override
        public void close() throws IOException {
            try {
                writer.force();
            } finally {
                writer.close();
            }
        }
    }

    /** Forces and closes the current segment. */
    @Override
    public void close() throws IOException {
        FramedFile.Writer w = writer;
        try {
            w.flush();
            w.force();
        } finally {
            w.close();
        }
    }
}
