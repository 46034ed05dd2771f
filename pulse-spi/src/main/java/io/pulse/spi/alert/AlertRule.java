package io.pulse.spi.alert;

import io.pulse.spi.Api;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A threshold alert: when the mean of {@code metric} over the series matching {@code tags}, taken over
 * {@code duration}, compares with {@code threshold} by {@code operator}, the backend POSTs a notification to
 * {@code post}. Notifications are sent on state changes only.
 *
 * @param id        the alert's id; null for an alert not yet created (the backend assigns one)
 * @param metric    the stat name
 * @param tags      tag key to required value (sorted); empty means every series
 * @param level     how serious
 * @param operator  the comparison
 * @param threshold the threshold, finite
 * @param duration  the evaluation window and period, positive
 * @param post      the URL notified (http or https)
 */
@Api
public record AlertRule(String id, String metric, Map<String, String> tags, AlertLevel level,
                        AlertOperator operator, double threshold, Duration duration, String post) {
    /** Checks and normalises the components; see the class comment. */
    public AlertRule {
        Objects.requireNonNull(metric, "metric");
        Objects.requireNonNull(level, "level");
        Objects.requireNonNull(operator, "operator");
        Objects.requireNonNull(duration, "duration");
        Objects.requireNonNull(post, "post");
        tags = java.util.Collections.unmodifiableMap(new TreeMap<>(tags == null ? Map.of() : tags));
        if (!Double.isFinite(threshold)) {
            throw new IllegalArgumentException("threshold must be a finite number, got " + threshold);
        }
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException("duration must be positive, got " + duration);
        }
    }

    /**
     * {@return this rule with the given id}
     *
     * @param newId the new id
     */
    public AlertRule withId(String newId) {
        return new AlertRule(newId, metric, tags, level, operator, threshold, duration, post);
    }
}
