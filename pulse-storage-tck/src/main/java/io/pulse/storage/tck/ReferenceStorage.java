package io.pulse.storage.tck;

import io.pulse.spi.Health;
import io.pulse.spi.PluginContext;
import io.pulse.spi.ServerSettings;
import io.pulse.spi.stats.Sample;
import io.pulse.spi.stats.Tags;
import io.pulse.spi.storage.Aggregation;
import io.pulse.spi.storage.Fill;
import io.pulse.spi.storage.LatestQuery;
import io.pulse.spi.storage.Point;
import io.pulse.spi.storage.RangeQuery;
import io.pulse.spi.storage.RawQuery;
import io.pulse.spi.storage.RawRow;
import io.pulse.spi.storage.Source;
import io.pulse.spi.storage.Storage;
import io.pulse.spi.storage.StorageFactory;
import io.pulse.spi.storage.TagFilter;
import io.pulse.spi.storage.WriteResult;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The storage contract written as plainly as possible: every sample in one list, every query a linear scan. It is
 * slow and keeps nothing on disk; it exists as an executable reading of the SPI javadoc, so that the TCK itself is
 * checked against something, and so that a backend's tests can compare their answers with it on random data.
 *
 * <p>Thread-safe: every method holds the instance's lock.
 */
public final class ReferenceStorage implements Storage {

    /** One stored sample, with its write sequence number (which breaks ties in time: first written first). */
    private record Stored(String stat, Tags tags, long timeMillis, double value, long sequence) {
    }

    /** One series' bucket. */
    private record BucketKey(String stat, Tags tags, long startMillis) {
    }

    private final long aggregateMillis;
    private final long rawRetentionMillis;
    private final long retentionMillis;
    private final List<Stored> raw = new ArrayList<>();
    private final Map<BucketKey, Double> aggregates = new HashMap<>();
    private final Set<BucketKey> dirty = new HashSet<>();
    private long sequence;

    /** A reference store with these settings. */
    public ReferenceStorage(ServerSettings settings) {
        this.aggregateMillis = settings.aggregateInterval().toMillis();
        this.rawRetentionMillis = settings.rawRetention().toMillis();
        this.retentionMillis = settings.retention().toMillis();
    }

    /** A factory with id {@code reference}. */
    public static StorageFactory factory() {
        return new StorageFactory() {
            @Override
            public String id() {
                return "reference";
            }

            @Override
            public String description() {
                return "the reference reading of the storage contract (tests only)";
            }

            @Override
            public Storage create(PluginContext context) {
                return new ReferenceStorage(context.server());
            }
        };
    }

    @Override
    public synchronized WriteResult write(List<Sample> samples) {
        for (Sample s : samples) {
            raw.add(new Stored(s.stat(), s.tags(), s.timeMillis(), s.value(), sequence++));
            dirty.add(new BucketKey(s.stat(), s.tags(), floor(s.timeMillis(), aggregateMillis)));
        }
        return WriteResult.accepted(samples.size());
    }

    @Override
    public synchronized void maintain(long nowMillis) {
        long rawCutoff = nowMillis - rawRetentionMillis;
        for (Iterator<BucketKey> it = dirty.iterator(); it.hasNext(); ) {
            BucketKey key = it.next();
            if (key.startMillis() + aggregateMillis > nowMillis) {
                continue; // not complete yet
            }
            it.remove();
            if (key.startMillis() < rawCutoff && aggregates.containsKey(key)) {
                continue; // partly expired raw data must not overwrite a complete aggregate
            }
            double sum = 0;
            int n = 0;
            for (Stored s : raw) {
                if (s.stat().equals(key.stat()) && s.tags().equals(key.tags())
                    && floor(s.timeMillis(), aggregateMillis) == key.startMillis()) {
                    sum += s.value();
                    n++;
                }
            }
            if (n > 0) {
                aggregates.put(key, sum / n);
            }
        }
        raw.removeIf(s -> s.timeMillis() < rawCutoff);
        long cutoff = nowMillis - retentionMillis;
        aggregates.keySet().removeIf(k -> k.startMillis() < cutoff);
        dirty.removeIf(k -> k.startMillis() < cutoff);
    }

    @Override
    public synchronized List<String> keys() {
        Set<String> keys = new TreeSet<>();
        raw.forEach(s -> keys.add(s.stat()));
        aggregates.keySet().forEach(k -> keys.add(k.stat()));
        return List.copyOf(keys);
    }

    @Override
    public synchronized List<String> tagKeys() {
        Set<String> keys = new TreeSet<>();
        raw.forEach(s -> keys.addAll(s.tags().keys()));
        aggregates.keySet().forEach(k -> keys.addAll(k.tags().keys()));
        return List.copyOf(keys);
    }

    @Override
    public synchronized Optional<Point> latest(LatestQuery q) {
        long interval = q.interval().toMillis();
        TreeMap<Long, List<Stored>> buckets = new TreeMap<>(Comparator.reverseOrder());
        for (Stored s : raw) {
            if (s.stat().equals(q.stat()) && q.filter().matches(s.tags())
                && s.timeMillis() > q.fromMillis() && s.timeMillis() <= q.nowMillis()) {
                buckets.computeIfAbsent(floor(s.timeMillis(), interval), k -> new ArrayList<>()).add(s);
            }
        }
        for (Map.Entry<Long, List<Stored>> e : buckets.entrySet()) {
            double v = apply(q.aggregation(), e.getValue());
            if (!Double.isNaN(v)) {
                return Optional.of(new Point(e.getKey(), v));
            }
        }
        return Optional.empty();
    }

    @Override
    public synchronized List<RawRow> raw(RawQuery q) {
        List<Stored> rows = new ArrayList<>();
        for (Stored s : raw) {
            if (s.stat().equals(q.stat()) && q.filter().matches(s.tags())
                && s.timeMillis() > q.fromMillis() && s.timeMillis() <= q.toMillis()) {
                rows.add(s);
            }
        }
        rows.sort(Comparator.comparingLong(Stored::timeMillis).reversed()
            .thenComparing(Stored::tags)
            .thenComparingLong(Stored::sequence));
        List<RawRow> out = new ArrayList<>();
        for (Stored s : rows.subList(0, Math.min(q.limit(), rows.size()))) {
            Map<String, String> columns = new LinkedHashMap<>();
            for (String c : q.columns()) {
                String v = s.tags().get(c);
                columns.put(c, v == null ? "" : v);
            }
            out.add(new RawRow(s.timeMillis(), s.value(), columns));
        }
        return out;
    }

    @Override
    public synchronized List<Point> range(RangeQuery q) {
        List<Stored> values = new ArrayList<>();
        if (q.source() == Source.RAW) {
            values.addAll(raw);
        } else {
            aggregates.forEach((k, v) -> values.add(new Stored(k.stat(), k.tags(), k.startMillis(), v, 0)));
            values.sort(Comparator.comparingLong(Stored::timeMillis).thenComparing(Stored::tags));
        }
        long bucket = q.bucket().toMillis();
        TreeMap<Long, List<Stored>> buckets = new TreeMap<>();
        for (Stored s : values) {
            if (s.stat().equals(q.stat()) && q.filter().matches(s.tags())
                && s.timeMillis() > q.fromMillis() && s.timeMillis() < q.toMillis()) {
                buckets.computeIfAbsent(floor(s.timeMillis(), bucket), k -> new ArrayList<>()).add(s);
            }
        }
        List<Point> out = new ArrayList<>();
        if (buckets.isEmpty()) {
            return out;
        }
        if (q.fill().kind() == Fill.Kind.NONE) {
            buckets.forEach((start, bucketValues) -> {
                double v = apply(q.aggregation(), bucketValues);
                if (!Double.isNaN(v)) {
                    out.add(new Point(start, v));
                }
            });
            return out;
        }
        for (long start = floor(q.fromMillis(), bucket); start < q.toMillis(); start += bucket) {
            List<Stored> bucketValues = buckets.get(start);
            double v = bucketValues == null ? Double.NaN : apply(q.aggregation(), bucketValues);
            out.add(new Point(start, Double.isNaN(v) ? q.fill().value() : v));
        }
        return out;
    }

    @Override
    public Health health() {
        return Health.up("reference store");
    }

    @Override
    public void close() {
        // nothing to release
    }

    /** The verb over values in time order (ties: write order). */
    private static double apply(Aggregation aggregation, List<Stored> values) {
        List<Stored> sorted = new ArrayList<>(values);
        sorted.sort(Comparator.comparingLong(Stored::timeMillis).thenComparingLong(Stored::sequence));
        double[] v = new double[sorted.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = sorted.get(i).value();
        }
        return aggregation.apply(v, v.length);
    }

    private static long floor(long time, long size) {
        return Math.floorDiv(time, size) * size;
    }
}
