package io.pulse.storage.memory;

import io.pulse.spi.storage.Aggregation;
import io.pulse.spi.storage.Point;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Groups values into epoch-aligned buckets and applies a verb to each, with {@link Aggregation}'s semantics.
 * Count, sum, mean, min, max, spread, first and last are computed as values stream in; the others keep the
 * bucket's values.
 *
 * <p>Not thread-safe: one per query. Values may arrive series by series: first/last compare times, and a tie keeps
 * the value seen first (first) or last (last).
 */
final class Buckets {

    /** One bucket's running state. */
    private static final class Bucket {
        final long start;
        int count;
        double sum;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        long firstTime = Long.MAX_VALUE;
        double first;
        long lastTime = Long.MIN_VALUE;
        double last;
        double[] values;

        Bucket(long start, boolean keepValues) {
            this.start = start;
            this.values = keepValues ? new double[4] : null;
        }

        void add(long time, double value) {
            if (values != null) {
                if (count == values.length) {
                    values = Arrays.copyOf(values, count * 2);
                }
                values[count] = value;
            }
            count++;
            sum += value;
            min = Math.min(min, value);
            max = Math.max(max, value);
            if (time < firstTime) {
                firstTime = time;
                first = value;
            }
            if (time >= lastTime) {
                lastTime = time;
                last = value;
            }
        }
    }

    private final long width;
    private final Aggregation aggregation;
    private final boolean keepValues;
    private final Map<Long, Bucket> buckets = new HashMap<>();
    private Bucket recent;

    Buckets(long widthMillis, Aggregation aggregation) {
        this.width = widthMillis;
        this.aggregation = aggregation;
        this.keepValues = switch (aggregation.function()) {
            case MEDIAN, MODE, PERCENTILE, STDDEV -> true;
            default -> false;
        };
    }

    /** Adds a value at {@code time} to its bucket. */
    void add(long time, double value) {
        long start = Math.floorDiv(time, width) * width;
        Bucket b = recent;
        if (b == null || b.start != start) {
            b = buckets.computeIfAbsent(start, s -> new Bucket(s, keepValues));
            recent = b;
        }
        b.add(time, value);
    }

    boolean isEmpty() {
        return buckets.isEmpty();
    }

    /** The newest bucket for which the verb gives a value. */
    Optional<Point> newestWithValue() {
        List<Bucket> sorted = sorted();
        for (int i = sorted.size() - 1; i >= 0; i--) {
            double v = result(sorted.get(i));
            if (!Double.isNaN(v)) {
                return Optional.of(new Point(sorted.get(i).start, v));
            }
        }
        return Optional.empty();
    }

    /** Every bucket with a value, ascending. */
    List<Point> withValues() {
        List<Point> out = new ArrayList<>(buckets.size());
        for (Bucket b : sorted()) {
            double v = result(b);
            if (!Double.isNaN(v)) {
                out.add(new Point(b.start, v));
            }
        }
        return out;
    }

    /** The result of the bucket starting at {@code start}, or NaN when it is empty or the verb gives nothing. */
    double resultAt(long start) {
        Bucket b = buckets.get(start);
        return b == null ? Double.NaN : result(b);
    }

    private List<Bucket> sorted() {
        List<Bucket> list = new ArrayList<>(buckets.values());
        list.sort((a, b) -> Long.compare(a.start, b.start));
        return list;
    }

    private double result(Bucket b) {
        if (b.count == 0) {
            return Double.NaN;
        }
        return switch (aggregation.function()) {
            case COUNT -> b.count;
            case SUM -> b.sum;
            case MEAN -> b.sum / b.count;
            case MIN -> b.min;
            case MAX -> b.max;
            case SPREAD -> b.max - b.min;
            case FIRST -> b.first;
            case LAST -> b.last;
            default -> aggregation.apply(Arrays.copyOf(b.values, b.count), b.count);
        };
    }
}
