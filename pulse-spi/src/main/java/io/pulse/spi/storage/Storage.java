package io.pulse.spi.storage;

import io.pulse.spi.Api;
import io.pulse.spi.Component;
import io.pulse.spi.stats.Sample;

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
 *   {@link StorageUnavailableException}; the kernel counts what it could not store.</li>
 *   <li><b>Raw retention</b>: raw samples are kept at least {@link io.pulse.spi.ServerSettings#rawRetention()}.</li>
 *   <li><b>Down-sampling</b>: for each stat and series (full tag set), the mean of each epoch-aligned
 *   {@link io.pulse.spi.ServerSettings#aggregateInterval() aggregate-interval} bucket is stored as one aggregated
 *   value timed at the bucket start. {@link #maintain} computes every complete bucket (end &lt;= now) whose raw data
 *   is still retained; a late sample that lands in a bucket already aggregated updates that bucket on the next
 *   run. Aggregates are kept {@link io.pulse.spi.ServerSettings#retention()}.</li>
 *   <li><b>Expiry</b>: {@link #maintain} removes raw samples older than the raw retention and aggregates older
 *   than the retention (relative to its {@code nowMillis}), from memory and disk.</li>
 *   <li><b>Keys and tags</b>: see {@link #keys()} and {@link #tagKeys()}; sorted, empty lists rather than null.</li>
 * </ul>
 */
@Api
public interface Storage extends StorageQueries, Component {

    /**
     * Stores samples. Called by one thread at a time.
     *
     * @throws StorageUnavailableException when the samples could not be stored or buffered
     */
    void write(List<Sample> samples);

    /**
     * Down-samples every complete aggregate bucket whose raw data is retained and expires old data. The kernel
     * calls this every aggregate interval on its scheduler (never concurrently with itself); it must not block
     * writes for long. Tests call it directly with a chosen {@code nowMillis}.
     *
     * @param nowMillis "now", ms since the epoch
     */
    void maintain(long nowMillis);
}
