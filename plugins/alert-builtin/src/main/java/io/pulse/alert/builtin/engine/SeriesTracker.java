package io.pulse.alert.builtin.engine;

import io.pulse.spi.alert.AlertRule;
import io.pulse.spi.stats.Tags;

/**
 * One series of one alert: its window and its state, and the hysteresis rule.
 *
 * <p>The rule: a series fires as soon as the mean of its window satisfies the condition; once firing it resolves
 * only after the condition has been false at every evaluation for a whole {@code duration}. A single evaluation
 * where the condition holds again restarts that period. So a mean hovering at the threshold - true, false, true -
 * stays firing instead of sending FIRING/OK/FIRING, while a real recovery is reported at most one {@code duration}
 * late. A margin (resolve below {@code threshold - x}) was rejected: no margin fits every stat's scale, and
 * {@code eq}/{@code ne} have no direction to put it in. An empty window (the series went silent) decides nothing:
 * like a Kapacitor batch query with no rows, it neither fires nor resolves.
 *
 * <p>Not thread-safe: owned by the {@link AlertEngine}, which guards it.
 */
final class SeriesTracker {

    private static final long NEVER = Long.MIN_VALUE;

    private final Tags tags;
    private final SeriesWindow window = new SeriesWindow();
    private Level level;
    private long incidentStartMillis;
    /** The first evaluation, since the last one where the condition held, at which it did not hold; or NEVER. */
    private long falseSinceMillis = NEVER;

    SeriesTracker(Tags tags) {
        this(tags, Level.OK, NEVER);
    }

    /** A tracker restored from disk: firing since {@code sinceMillis}, with an empty window. */
    SeriesTracker(Tags tags, Level level, long sinceMillis) {
        this.tags = tags;
        this.level = level;
        this.incidentStartMillis = sinceMillis;
    }

    void add(long timeMillis, double value) {
        window.add(timeMillis, value);
    }

    /** Evaluates at {@code nowMillis}; returns the change of state, or null when there is none. */
    Transition evaluate(AlertRule rule, long nowMillis) {
        long durationMillis = rule.duration().toMillis();
        window.prune(nowMillis - durationMillis);
        if (window.isEmpty()) {
            return null;
        }
        double mean = window.mean();
        if (rule.operator().test(mean, rule.threshold())) {
            falseSinceMillis = NEVER;
            Level target = Level.of(rule.level());
            if (level == target) {
                return null;
            }
            Level previous = level;
            if (previous == Level.OK) {
                incidentStartMillis = nowMillis;
            }
            level = target;
            return new Transition(rule, tags, previous, target, mean, nowMillis, nanosSinceStart(nowMillis));
        }
        if (level == Level.OK) {
            return null;
        }
        if (falseSinceMillis == NEVER) {
            falseSinceMillis = nowMillis;
        }
        if (nowMillis - falseSinceMillis < durationMillis) {
            return null;
        }
        Level previous = level;
        level = Level.OK;
        falseSinceMillis = NEVER;
        return new Transition(rule, tags, previous, Level.OK, mean, nowMillis, nanosSinceStart(nowMillis));
    }

    private long nanosSinceStart(long nowMillis) {
        return Math.max(0, nowMillis - incidentStartMillis) * 1_000_000L;
    }

    Tags tags() {
        return tags;
    }

    Level level() {
        return level;
    }

    long incidentStartMillis() {
        return incidentStartMillis;
    }

    /** An OK series with nothing in its window holds nothing worth keeping. */
    boolean idle() {
        return level == Level.OK && window.isEmpty();
    }
}
