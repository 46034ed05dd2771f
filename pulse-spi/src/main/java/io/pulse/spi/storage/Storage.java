package io.pulse.spi.storage;

import io.pulse.spi.Api;
import io.pulse.spi.Component;
import io.pulse.spi.stats.Sample;
import io.pulse.spi.stats.Tags;

import java.util.List;

/**
 * A storage backend: keeps raw samples for the raw retention, keeps down-sampled aggregates for the retention, and
 * answers {@link StorageQueries queries}. Vendors check their implementation with the storage TCK
 * ({@code io.pulse:pulse-storage-tck}).
 *
 * <h2>Contract</h2>
 * <ul>
 *   <li><b>Writes</b> ({@link #write}) come from the kernel's ingestion pipeline in batches across relays, from one
 *   thread at a time, concurrently with queries. A write is visible to queries when it returns. A backend that
 *   cannot reach its database keeps the batch (buffering it, bounded) or throws
 *   {@link StorageUnavailableException}; the kernel counts what it could not store. A write that stores some
 *   samples and refuses others says so in its {@link WriteResult} rather than by throwing.</li>
 *   <li><b>Raw retention</b>: raw samples are kept at least {@link io.pulse.spi.ServerSettings#rawRetention()}.</li>
 *   <li><b>Down-sampling</b>: for each stat and series (full tag set), the mean of each epoch-aligned
 *   {@link io.pulse.spi.ServerSettings#aggregateInterval() aggregate-interval} bucket is stored as one aggregated
 *   value timed at the bucket start. After {@code maintain(now)}, every complete bucket ({@code start + interval
 *   <= now}) that lies wholly within the raw retention ({@code start >= now - rawRetention}) holds exactly the mean
 *   of the series' raw samples in it: a late sample that lands in a bucket already aggregated updates that bucket
 *   on the next run (InfluxQL {@code RESAMPLE} semantics, not the original's one-shot continuous query). Incomplete
 *   buckets are not aggregated yet. An older bucket that was already aggregated keeps its aggregate (its raw data
 *   may be partly expired, so recomputing it would lose information); one that never was may be aggregated from
 *   whatever raw data is left. Aggregates are kept {@link io.pulse.spi.ServerSettings#retention()}.</li>
 *   <li><b>Expiry</b>: {@link #maintain} removes raw samples with {@code time < now - rawRetention} and aggregates
 *   with {@code time < now - retention} (relative to its {@code nowMillis}), from memory and disk. A backend whose
 *   database enforces retention by its own clock (InfluxDB's retention policies) satisfies this by that clock.</li>
 *   <li><b>Keys and tags</b>: see {@link #keys()} and {@link #tagKeys()}; sorted, empty lists rather than null.</li>
 *   <li><b>Stat names</b>: any non-empty name is stored, including names that are keywords of a query language
 *   ({@code user}, {@code cpu}, {@code select}). Samples whose name the database cannot store at all (InfluxDB
 *   cannot store a field named {@code time}) are refused: {@link #write} stores the batch's other samples and
 *   returns a {@link WriteResult#partial partial result} naming the refused stat and why.</li>
 *   <li><b>Series handles</b> (optional, for the write path's speed): a backend that finds a series per sample by
 *   a lookup may hand out a {@link SeriesHandle} per series ({@link #seriesHandle}); the kernel then writes with
 *   {@link #write(List, SeriesHandle[])}, passing each sample's handle back. A backend without handles overrides
 *   neither method and is written to with {@link #write(List)} only.</li>
 * </ul>
 */
@Api
public interface Storage extends StorageQueries, Component {

    /**
     * Stores samples. Called by one thread at a time.
     *
     * @param samples the samples to store, in arrival order
     * @return how many samples were accepted (stored, or buffered to be stored later) and which were refused for
     *         good, and why; {@link WriteResult#accepted(int)} when every sample was accepted
     * @throws StorageUnavailableException when the samples could not be stored or buffered
     */
    WriteResult write(List<Sample> samples);

    /**
     * Optional: a handle on the series of {@code stat} and {@code tags}, to be passed back with its samples to
     * {@link #write(List, SeriesHandle[])} so that the backend need not look the series up for every sample. The
     * kernel asks once per series of a connected relay and keeps the handle while the relay keeps answering with
     * the same items. Called by the writing thread only (the thread that calls {@code write}).
     *
     * <p>A handle must stay usable for as long as the storage is open, also after the series' data expired and the
     * series was removed (a later write through the handle stores the sample as {@link #write(List)} would, in a
     * series created anew), and it should be small: the kernel may hold one for every series of every connected
     * relay. Asking for a handle must not create the series or change what queries see.
     *
     * @param stat the stat name (non-empty)
     * @param tags the series' tags
     * @return the handle, or null when this backend has no handles (the default): the kernel then calls
     *         {@link #write(List)} only
     */
    default SeriesHandle seriesHandle(String stat, Tags tags) {
        return null;
    }

    /**
     * Stores samples exactly as {@link #write(List)} does (same result, same contract), each sample coming with the
     * handle of its series. Called by one thread at a time, like {@link #write(List)}. The default ignores the handles.
     *
     * @param samples the samples to store, in arrival order
     * @param handles one per sample, same length: {@code handles[i]} is null or a handle that this storage's
     *                {@link #seriesHandle} returned for the stat and tags of {@code samples.get(i)}
     * @return as {@link #write(List)}
     * @throws StorageUnavailableException as {@link #write(List)}
     */
    default WriteResult write(List<Sample> samples, SeriesHandle[] handles) {
        return write(samples);
    }

    /**
     * Down-samples every complete aggregate bucket whose raw data is retained and expires old data. The kernel
     * calls this every aggregate interval on its scheduler (never concurrently with itself); it must not block
     * writes for long. Tests call it directly with a chosen {@code nowMillis}.
     *
     * @param nowMillis "now", ms since the epoch
     */
    void maintain(long nowMillis);
}
