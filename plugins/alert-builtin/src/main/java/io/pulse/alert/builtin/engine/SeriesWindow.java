package io.pulse.alert.builtin.engine;

import java.util.ArrayDeque;

/**
 * The samples of one series within an alert's last {@code duration}, oldest first, for the mean. Samples arrive
 * roughly in time order (one relay answer after another), so pruning from the head is enough. At most
 * {@link #MAX_SAMPLES} are kept: an hour-long window of a series polled every second fits; beyond that the oldest are
 * dropped, so the mean covers a shorter span instead of memory growing without bound. Not thread-safe: owned by the
 * {@link AlertEngine}, which guards it.
 */
final class SeriesWindow {

    static final int MAX_SAMPLES = 10_000;

    private record Point(long timeMillis, double value) {
    }

    private final ArrayDeque<Point> points = new ArrayDeque<>();

    void add(long timeMillis, double value) {
        if (points.size() == MAX_SAMPLES) {
            points.pollFirst();
        }
        points.addLast(new Point(timeMillis, value));
    }

    /** Drops the samples at or before {@code cutoffMillis} (the window is {@code (now - duration, now]}). */
    void prune(long cutoffMillis) {
        while (!points.isEmpty() && points.peekFirst().timeMillis() <= cutoffMillis) {
            points.pollFirst();
        }
    }

    boolean isEmpty() {
        return points.isEmpty();
    }

    int size() {
        return points.size();
    }

    /** The mean of the samples in the window; summed afresh each time, so no rounding drift accumulates. */
    double mean() {
        if (points.isEmpty()) {
            throw new IllegalStateException("the mean of an empty window is undefined");
        }
        double sum = 0;
        for (Point p : points) {
            sum += p.value();
        }
        return sum / points.size();
    }
}
