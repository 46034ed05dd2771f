package io.pulse.storage.influxdb;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Gives every written sample its own nanosecond timestamp within its millisecond: {@code ms * 1e6 + n}, where n
 * counts the samples this process wrote for that millisecond so far.
 *
 * <p>Why: InfluxDB identifies a point by series and timestamp, so two samples of one series in the same
 * millisecond would overwrite each other, while Pulse keeps every sample (and the original pulse, stamping
 * {@code time.Now()} in nanoseconds, practically never collided). The offsets also keep write order inside a
 * millisecond, which is what the contract's "ties: first written" for {@code first}/{@code last} asks. Queries
 * bound time by whole milliseconds, so the offset never moves a sample out of its millisecond or bucket.
 *
 * <p>The counters of the most recent {@value #REMEMBERED} distinct milliseconds are kept; a sample in a
 * millisecond forgotten since (or written by an earlier run) starts at offset 0 again, and a re-sent batch keeps
 * the timestamps it was given, so a replay overwrites rather than duplicates.
 *
 * <p>Thread-safe (synchronised; called once per sample by the single writing thread).
 */
final class WriteClock {

    static final long NANOS_PER_MILLI = 1_000_000L;
    private static final int REMEMBERED = 65_536;

    private final Map<Long, Long> nextOffset = new LinkedHashMap<>(1024, 0.75f, false) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, Long> eldest) {
            return size() > REMEMBERED;
        }
    };

    private boolean hasCurrent;
    private long currentMillis;
    private long currentOffset;

    /** The timestamp, in ns since the epoch, for the next sample stamped {@code millis}. */
    synchronized long nanos(long millis) {
        // The samples of one relay answer share their millisecond, so the counter of the current one is kept in
        // fields and goes to the map only when another millisecond comes (no boxing for most samples).
        if (!hasCurrent || millis != currentMillis) {
            if (hasCurrent) {
                nextOffset.put(currentMillis, currentOffset);
            }
            currentMillis = millis;
            currentOffset = nextOffset.getOrDefault(millis, 0L);
            hasCurrent = true;
        }
        long offset = currentOffset;
        currentOffset = Math.min(offset + 1, NANOS_PER_MILLI - 1);
        return Math.addExact(Math.multiplyExact(millis, NANOS_PER_MILLI), offset);
    }
}
