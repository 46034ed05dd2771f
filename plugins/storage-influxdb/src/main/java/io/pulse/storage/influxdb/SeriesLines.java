package io.pulse.storage.influxdb;

import io.pulse.spi.stats.Sample;
import io.pulse.spi.stats.Tags;

import java.util.HashMap;
import java.util.Map;

/**
 * The line-protocol start of each series ({@code cpu_used,host=web1 cpu_used=}), or why InfluxDB cannot store it,
 * worked out once per series instead of once per sample: checking and escaping a stat and its tags costs far more
 * than appending a value and a timestamp, and a relay sends the same series every poll. The kernel hands every
 * sample of a series the same stat String and Tags instance, so a lookup is two cached hash codes and identity
 * comparisons.
 *
 * <p>At most {@value #MAX_SERIES} series are remembered; when full it starts over (a fleet that large only pays
 * the escaping again for a moment).
 *
 * <p>Not thread-safe: used by the storage's writing thread only ({@code Storage.write} is never concurrent).
 */
final class SeriesLines {

    static final int MAX_SERIES = 200_000;

    /**
     * One series.
     *
     * @param prefix      the line up to the value ({@code measurement,tags field=}), or null when unstorable
     * @param unstorable  why InfluxDB cannot store the series ({@link LineProtocol#whyUnstorable}), or null
     */
    record Series(String prefix, String unstorable) {
    }

    /**
     * A series' key. Its hash spreads the stat's hash with a large odd multiplier: the record's own
     * {@code 31 * stat + tags} put a fleet's series ({@code c0..c19} on hosts {@code fleet-0..fleet-199}, whose String
     * hashes are nearly consecutive) into the same few buckets, and the map's lookups walked tree bins.
     */
    private record Key(String stat, Tags tags) {
        @Override
        public int hashCode() {
            return stat.hashCode() * 0x9E3779B1 + tags.hashCode();
        }
    }

    private final Map<Key, Series> series = new HashMap<>();

    /** The series of a sample. */
    Series of(Sample sample) {
        Key key = new Key(sample.stat(), sample.tags());
        Series known = series.get(key);
        if (known != null) {
            return known;
        }
        Series made = LineProtocol.whyUnstorable(sample)
            .map(why -> new Series(null, why))
            .orElseGet(() -> new Series(LineProtocol.prefix(sample), null));
        if (series.size() >= MAX_SERIES) {
            series.clear();
        }
        series.put(key, made);
        return made;
    }

    int size() {
        return series.size();
    }
}
