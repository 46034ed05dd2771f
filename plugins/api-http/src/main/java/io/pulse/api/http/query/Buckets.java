package io.pulse.api.http.query;

import io.pulse.spi.storage.Point;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Fills empty buckets of a range result, with the bucket rule of {@link io.pulse.spi.storage.RangeQuery}: every
 * epoch-aligned bucket from the one containing {@code fromMillis} to the last one starting before {@code toMillis}.
 *
 * <p>{@code /hourly} asks storage without a fill and fills here: the original answered 404 when the window held no
 * data at all, even with {@code backfill} (InfluxDB returns no series then), and only a query without fill tells
 * "no data" from "all empty". Stateless.
 */
public final class Buckets {

    private Buckets() {
    }

    /**
     * The points plus a {@code fill} point for every bucket of {@code (fromMillis, toMillis)} that has none,
     * ascending by time.
     *
     * @param points bucket values, each timed at its bucket start
     */
    public static List<Point> fill(List<Point> points, long fromMillis, long toMillis, long bucketMillis, double fill) {
        Set<Long> present = new HashSet<>();
        points.forEach(p -> present.add(p.timeMillis()));
        List<Point> out = new ArrayList<>(points);
        for (long t = Math.floorDiv(fromMillis, bucketMillis) * bucketMillis; t < toMillis; t += bucketMillis) {
            if (!present.contains(t)) {
                out.add(new Point(t, fill));
            }
        }
        out.sort(Comparator.comparingLong(Point::timeMillis));
        return out;
    }
}
