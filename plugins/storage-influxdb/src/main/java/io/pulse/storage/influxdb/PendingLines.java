package io.pulse.storage.influxdb;

import io.pulse.spi.stats.Sample;

import java.util.List;

/**
 * The lines gathered for the next write request: one line-protocol body built in a reused buffer, how many lines
 * it holds and the earliest sample time among them.
 *
 * <p>Thread-safety: synchronised; the storage's writing thread appends, and whoever sends ({@link WritePath}'s
 * writing thread, its interval task, a query or {@code close}) takes the body.
 */
final class PendingLines {

    /** A taken body. */
    record Body(String text, int lines, long earliestMillis) {
    }

    private static final int INITIAL_CHARS = 64 * 1024;
    private static final int MAX_KEPT_CHARS = 4 * 1024 * 1024;

    private final WriteClock clock;
    private StringBuilder body = new StringBuilder(INITIAL_CHARS);
    private int lines;
    private long earliest = Long.MAX_VALUE;
    /** {@link System#nanoTime} when the first line of the body was appended. */
    private long since;
    /** Mirrors {@link #lines} for a lock-free "anything pending?" ({@link #isEmpty}). */
    private volatile boolean empty = true;

    PendingLines(WriteClock clock) {
        this.clock = clock;
    }

    /**
     * Appends samples {@code from}.. as lines until the body holds {@code maxLines} or the samples end.
     *
     * @param prefixes each sample's line start ({@link SeriesLines.Series#prefix}), in the same order
     * @return the index of the first sample not appended
     */
    synchronized int append(List<Sample> samples, List<String> prefixes, int from, int maxLines) {
        int i = from;
        StringBuilder out = body;
        for (; i < samples.size() && lines < maxLines; i++) {
            Sample sample = samples.get(i);
            if (lines > 0) {
                out.append('\n');
            } else {
                since = System.nanoTime();
            }
            out.append(prefixes.get(i));
            LineProtocol.appendValueAndTime(out, sample.value(), clock.nanos(sample.timeMillis()));
            earliest = Math.min(earliest, sample.timeMillis());
            lines++;
        }
        empty = lines == 0;
        return i;
    }

    /** Lines gathered. */
    synchronized int lines() {
        return lines;
    }

    /** Whether lines have been gathered for at least {@code nanos}. */
    synchronized boolean gatheredFor(long nanos) {
        return lines > 0 && System.nanoTime() - since >= nanos;
    }

    /** Whether nothing is gathered; not locked (a query asks it every time). */
    boolean isEmpty() {
        return empty;
    }

    /** The gathered body, now empty again; null when nothing is gathered. */
    synchronized Body take() {
        if (lines == 0) {
            return null;
        }
        Body taken = new Body(body.toString(), lines, earliest);
        if (body.capacity() > MAX_KEPT_CHARS) {
            body = new StringBuilder(INITIAL_CHARS);  // one huge write does not pin its buffer
        } else {
            body.setLength(0);
        }
        lines = 0;
        earliest = Long.MAX_VALUE;
        empty = true;
        return taken;
    }
}
