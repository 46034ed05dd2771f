package io.pulse.storage.memory;

import io.pulse.spi.stats.Sample;
import io.pulse.spi.stats.Tags;
import io.pulse.spi.storage.SeriesHandle;
import io.pulse.storage.memory.series.Series;

/**
 * The memory store's {@link SeriesHandle}: the stat and tags of one series and, once a write used it, the series
 * itself, so that later writes append to it without the two hash lookups of {@code SeriesIndex.getOrCreate} (at
 * 40,000 samples a second those lookups, mostly cache misses, were the largest part of the store's write time).
 *
 * <p>When expiry removed the series (all its data aged out), the next write finds or creates the live one and keeps
 * that instead, so a handle stays usable for as long as the store. Asking for a handle creates no series.
 *
 * <p>Thread-safety: {@link #series} is called under the store's write lock only, which also orders the removal of
 * series; the stat and tags never change.
 */
final class MemorySeriesHandle implements SeriesHandle {

    private final MemoryStorage owner;
    private final String stat;
    private final Tags tags;
    private Series series;

    MemorySeriesHandle(MemoryStorage owner, String stat, Tags tags) {
        this.owner = owner;
        this.stat = stat;
        this.tags = tags;
    }

    /**
     * Whether this handle belongs to {@code store} and names the sample's series. The caller promises as much, but a
     * handle passed wrongly must not put a sample into another series: such a sample is looked up as without a
     * handle. Identity first: the kernel hands every sample of a series the same stat and tags instances.
     */
    boolean isFor(MemoryStorage store, Sample sample) {
        return owner == store && stat.equals(sample.stat()) && tags.equals(sample.tags());
    }

    /** The live series (under the store's write lock). */
    Series series(MemoryStorage store) {
        Series s = series;
        if (s == null || s.isRemoved()) {
            s = store.seriesOf(stat, tags);
            series = s;
        }
        return s;
    }

    @Override
    public String toString() {
        return "memory series handle " + stat + tags;
    }
}
