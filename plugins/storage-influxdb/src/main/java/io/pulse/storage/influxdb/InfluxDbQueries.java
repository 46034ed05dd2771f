package io.pulse.storage.influxdb;

import io.pulse.spi.stats.Tags;
import io.pulse.spi.storage.Aggregation;
import io.pulse.spi.storage.Fill;
import io.pulse.spi.storage.InvalidQueryException;
import io.pulse.spi.storage.LatestQuery;
import io.pulse.spi.storage.Point;
import io.pulse.spi.storage.RangeQuery;
import io.pulse.spi.storage.RawQuery;
import io.pulse.spi.storage.RawRow;
import io.pulse.spi.storage.Source;
import io.pulse.spi.storage.TagFilter;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The storage queries translated to InfluxQL, and InfluxDB's answers translated back, so that the results equal
 * the storage contract's (and the memory store's) for the same data.
 *
 * <ul>
 *   <li>latest: {@code SELECT <verb>("s"::field) FROM "db"."one_day"."s" WHERE <filter> AND <window>
 *       GROUP BY time(<interval>) FILL(none)}; the newest bucket with a value wins.</li>
 *   <li>raw rows: {@code SELECT "s"::field ... GROUP BY * ORDER BY time DESC LIMIT n}: n per series, merged here
 *       newest first with ties ordered by the series' tags, as the contract says.</li>
 *   <li>range: the verb per bucket over {@code one_day} (raw) or {@code one_week.aggregate} (down-sampled); empty
 *       buckets are filled here (and a range without any value stays empty, as InfluxDB answers).</li>
 *   <li>{@code mode} is computed here from the raw values with {@link Aggregation#apply}: InfluxDB breaks ties
 *       differently from the contract.</li>
 * </ul>
 * Each bucket query carries a companion {@code count(..)} column that works around an InfluxDB 1.6 percentile bug
 * (see {@link #columns}). Windows are written in whole milliseconds around the sub-millisecond stamps of
 * {@link WriteClock} ({@link InfluxQl#afterUntil}). Every identifier and literal goes through {@link InfluxQl};
 * fields and tags are referenced as {@code ::field} / {@code ::tag} so a stat named like a tag key ({@code host})
 * stays unambiguous. Filter values InfluxDB cannot have stored (empty, line breaks) match nothing, like a series
 * without the key.
 *
 * <p>Stateless apart from its collaborators; thread-safe.
 */
final class InfluxDbQueries {

    /** Upper bound on filled buckets in one range answer, so a typo cannot build a billion points. */
    private static final long MAX_BUCKETS = 1_000_000;

    private final InfluxDbConnection influx;
    private final InfluxDbSettings settings;

    InfluxDbQueries(InfluxDbConnection influx, InfluxDbSettings settings) {
        this.influx = influx;
        this.settings = settings;
    }

    /**
     * Stats with raw or down-sampled data, sorted: the raw measurements whose field is named like them, and the
     * fields of the aggregate measurement.
     */
    List<String> keys() {
        Set<String> keys = new TreeSet<>();
        List<QueryResult.Result> results = influx.query(settings.database(),
            "SHOW FIELD KEYS FROM " + InfluxQl.ident(settings.rawPolicy()) + "./.*/;\n"
                + "SHOW FIELD KEYS FROM " + InfluxQl.ident(settings.aggregatePolicy()) + "." + InfluxQl.ident(settings.aggregateMeasurement()));
        for (int i = 0; i < results.size(); i++) {
            boolean raw = i == 0;
            for (QueryResult.Series series : results.get(i).series()) {
                for (List<Object> row : series.values()) {
                    String field = String.valueOf(row.get(0));
                    if (!raw || series.name().equals(field)) {
                        keys.add(field);
                    }
                }
            }
        }
        return List.copyOf(keys);
    }

    /**
     * Tag keys of stored series, raw or down-sampled, sorted. InfluxDB 1.x keeps one series index per database, so
     * {@code SHOW TAG KEYS} covers both retention policies.
     */
    List<String> tagKeys() {
        Set<String> keys = new TreeSet<>();
        for (QueryResult.Result result : influx.query(settings.database(), "SHOW TAG KEYS")) {
            for (QueryResult.Series series : result.series()) {
                for (List<Object> row : series.values()) {
                    keys.add(String.valueOf(row.get(0)));
                }
            }
        }
        return List.copyOf(keys);
    }

    Optional<Point> latest(LatestQuery query) {
        requireStorable(query.stat());
        Optional<String> where = where(query.filter());
        if (where.isEmpty()) {
            return Optional.empty();
        }
        long interval = query.interval().toMillis();
        String from = rawMeasurement(query.stat());
        String window = InfluxQl.afterUntil(query.fromMillis(), query.nowMillis());
        TreeMap<Long, Double> buckets;
        if (InfluxQl.isComputedByInflux(query.aggregation())) {
            buckets = bucketValues(influx.query(settings.database(), "SELECT " + columns(query.aggregation(), query.stat())
                + " FROM " + from + " WHERE " + where.get() + window
                + " GROUP BY time(" + InfluxQl.duration(exactMillis(query.interval())) + ") FILL(none)"));
        } else {
            buckets = aggregateHere(query.aggregation(), query.stat(), from, where.get() + window, interval);
        }
        for (Map.Entry<Long, Double> bucket : buckets.descendingMap().entrySet()) {
            if (bucket.getValue() != null) {
                return Optional.of(new Point(bucket.getKey(), bucket.getValue()));
            }
        }
        return Optional.empty();
    }

    List<RawRow> raw(RawQuery query) {
        requireStorable(query.stat());
        Optional<String> where = where(query.filter());
        if (where.isEmpty()) {
            return List.of();
        }
        String statement = "SELECT " + InfluxQl.field(query.stat()) + " FROM " + rawMeasurement(query.stat())
            + " WHERE " + where.get() + InfluxQl.afterUntil(query.fromMillis(), query.toMillis())
            + " GROUP BY * ORDER BY time DESC LIMIT " + query.limit();
        record Candidate(long time, double value, Tags tags) {
        }
        List<Candidate> candidates = new ArrayList<>();
        for (QueryResult.Result result : influx.query(settings.database(), statement)) {
            for (QueryResult.Series series : result.series()) {
                Tags tags = tags(series.tags());
                for (List<Object> row : series.values()) {
                    if (row.get(1) instanceof Number value) {
                        candidates.add(new Candidate(((Number) row.get(0)).longValue(), value.doubleValue(), tags));
                    }
                }
            }
        }
        candidates.sort(Comparator.comparingLong(Candidate::time).reversed().thenComparing(Candidate::tags));
        List<RawRow> rows = new ArrayList<>(Math.min(candidates.size(), query.limit()));
        for (Candidate c : candidates.subList(0, Math.min(candidates.size(), query.limit()))) {
            Map<String, String> columns = new LinkedHashMap<>();
            for (String column : query.columns()) {
                String value = c.tags().get(column);
                columns.put(column, value == null ? "" : value);
            }
            rows.add(new RawRow(c.time(), c.value(), columns));
        }
        return rows;
    }

    List<Point> range(RangeQuery query) {
        requireStorable(query.stat());
        long bucket = exactMillis(query.bucket()).toMillis();
        long firstBucket = Math.floorDiv(query.fromMillis(), bucket) * bucket;
        if (query.fill().kind() == Fill.Kind.VALUE && (query.toMillis() - firstBucket) / bucket > MAX_BUCKETS) {
            throw new InvalidQueryException("the range " + query.fromMillis() + ".." + query.toMillis() + " holds more than "
                + MAX_BUCKETS + " buckets of " + query.bucket() + " to fill");
        }
        Optional<String> where = where(query.filter());
        TreeMap<Long, Double> buckets = new TreeMap<>();
        if (where.isPresent() && query.toMillis() > query.fromMillis()) {
            String from = query.source() == Source.RAW ? rawMeasurement(query.stat())
                : InfluxQl.measurement(settings.database(), settings.aggregatePolicy(), settings.aggregateMeasurement());
            String window = InfluxQl.afterBefore(query.fromMillis(), query.toMillis());
            if (InfluxQl.isComputedByInflux(query.aggregation())) {
                buckets = bucketValues(influx.query(settings.database(), "SELECT " + columns(query.aggregation(), query.stat())
                    + " FROM " + from + " WHERE " + where.get() + window
                    + " GROUP BY time(" + InfluxQl.duration(Duration.ofMillis(bucket)) + ") FILL(none)"));
            } else {
                buckets = aggregateHere(query.aggregation(), query.stat(), from, where.get() + window, bucket);
            }
        }
        List<Point> points = new ArrayList<>();
        if (buckets.isEmpty()) {
            return points; // no value anywhere in the range: empty whatever the fill (as InfluxDB answers)
        }
        if (query.fill().kind() == Fill.Kind.NONE) {
            buckets.forEach((time, value) -> points.add(new Point(time, value)));
            return points;
        }
        for (long start = firstBucket; start < query.toMillis(); start += bucket) {
            Double value = buckets.get(start);
            points.add(new Point(start, value != null ? value : query.fill().value()));
        }
        return points;
    }

    /**
     * Fetches the raw values and applies the verb per bucket here (for verbs InfluxDB computes differently).
     */
    private TreeMap<Long, Double> aggregateHere(Aggregation aggregation, String stat, String from, String where, long bucket) {
        TreeMap<Long, List<Double>> values = new TreeMap<>();
        for (QueryResult.Result result : influx.query(settings.database(),
            "SELECT " + InfluxQl.field(stat) + " FROM " + from + " WHERE " + where)) {
            for (QueryResult.Series series : result.series()) {
                for (List<Object> row : series.values()) {
                    if (row.get(1) instanceof Number value) {
                        long time = ((Number) row.get(0)).longValue();
                        values.computeIfAbsent(Math.floorDiv(time, bucket) * bucket, k -> new ArrayList<>()).add(value.doubleValue());
                    }
                }
            }
        }
        TreeMap<Long, Double> buckets = new TreeMap<>();
        values.forEach((start, list) -> {
            double[] array = list.stream().mapToDouble(Double::doubleValue).toArray();
            double result = aggregation.apply(array, array.length);
            if (!Double.isNaN(result)) {
                buckets.put(start, result);
            }
        });
        return buckets;
    }

    /**
     * The verb as column {@code value}, with {@code count(..)} as a companion column {@code n}. The companion is
     * not decoration: InfluxDB 1.6 answering {@code percentile(..)} alone per time bucket silently drops every
     * bucket after two buckets in a row where it gives no value (fewer values than its rank needs), or returns
     * nothing at all when those come first; with a second aggregate in the statement it answers every bucket.
     */
    private static String columns(Aggregation aggregation, String stat) {
        return InfluxQl.call(aggregation, stat) + " AS \"value\", count(" + InfluxQl.field(stat) + ") AS \"n\"";
    }

    /**
     * Bucket start to value from a {@code GROUP BY time(..) FILL(none)} answer of {@link #columns}, leaving out the
     * buckets where the verb gave no value (null).
     */
    private static TreeMap<Long, Double> bucketValues(List<QueryResult.Result> results) {
        TreeMap<Long, Double> buckets = new TreeMap<>();
        for (QueryResult.Result result : results) {
            for (QueryResult.Series series : result.series()) {
                int valueColumn = series.columns().indexOf("value");
                for (List<Object> row : series.values()) {
                    long time = ((Number) row.get(0)).longValue();
                    if (row.get(valueColumn) instanceof Number n && Double.isFinite(n.doubleValue())) {
                        buckets.put(time, n.doubleValue());
                    }
                }
            }
        }
        return buckets;
    }

    /**
     * The filter as InfluxQL conditions followed by {@code " AND "} (or "" for no filter); empty when no stored
     * series can match (a key or all values of a key that InfluxDB cannot store).
     */
    static Optional<String> where(TagFilter filter) {
        StringBuilder out = new StringBuilder();
        for (Map.Entry<String, Set<String>> entry : filter.asMap().entrySet()) {
            List<String> alternatives = new ArrayList<>();
            for (String value : entry.getValue()) {
                if (LineProtocol.isStorableTag(entry.getKey(), value)) {
                    alternatives.add(InfluxQl.tag(entry.getKey()) + " = " + InfluxQl.string(value));
                }
            }
            if (alternatives.isEmpty()) {
                return Optional.empty();
            }
            out.append('(').append(String.join(" OR ", alternatives)).append(") AND ");
        }
        return Optional.of(out.toString());
    }

    private String rawMeasurement(String stat) {
        return InfluxQl.measurement(settings.database(), settings.rawPolicy(), stat);
    }

    private static void requireStorable(String stat) {
        LineProtocol.whyUnstorableStat(stat).ifPresent(why -> {
            throw new InvalidQueryException(why);
        });
    }

    private static Duration exactMillis(Duration duration) {
        Duration millis = Duration.ofMillis(duration.toMillis());
        if (!millis.equals(duration)) {
            throw new InvalidQueryException("bucket " + duration + " is not a whole number of milliseconds");
        }
        return millis;
    }

    /** Tags of a {@code GROUP BY *} series; InfluxDB reports keys the series lacks with empty values. */
    private static Tags tags(Map<String, String> raw) {
        if (raw == null || raw.isEmpty()) {
            return Tags.empty();
        }
        Map<String, String> present = new TreeMap<>();
        raw.forEach((k, v) -> {
            if (v != null && !v.isEmpty()) {
                present.put(k, v);
            }
        });
        return Tags.of(present);
    }
}
