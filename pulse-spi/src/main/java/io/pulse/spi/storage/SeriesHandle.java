package io.pulse.spi.storage;

import io.pulse.spi.Api;

/**
 * A storage's own reference to one series (a stat and a tag set), handed out by {@link Storage#seriesHandle} and
 * passed back with that series' samples to {@link Storage#write(java.util.List, SeriesHandle[])}, so that the
 * storage finds the series without a lookup per sample (as Prometheus' appender references do). Opaque to the
 * kernel: it only keeps handles and passes them back to the storage that made them.
 *
 * <p>Optional: a storage that hands out no handles (the default) never sees one.
 */
@Api
public interface SeriesHandle {
}
