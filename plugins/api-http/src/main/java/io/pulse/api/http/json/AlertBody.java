package io.pulse.api.http.json;

import io.pulse.spi.Durations;
import io.pulse.spi.alert.AlertRule;

import java.util.Map;

/**
 * An alert as the API writes it, the original's alert object:
 * {@code {"id":..,"tags":{..},"metric":..,"level":"crit","operator":"gt","threshold":80,"duration":"30s","post":..}}.
 * The threshold is written as a number, as the seed's documentation shows it.
 *
 * @param id        the alert's id
 * @param tags      tag key to required value
 * @param metric    the stat
 * @param level     {@code info}, {@code warn} or {@code crit}
 * @param operator  {@code eq}, {@code ne}, {@code lt}, {@code le}, {@code gt} or {@code ge}
 * @param threshold the threshold
 * @param duration  the evaluation window as a duration literal
 * @param post      the URL notified
 */
public record AlertBody(String id, Map<String, String> tags, String metric, String level, String operator,
                        double threshold, String duration, String post) {

    /** The API's view of a rule. */
    public static AlertBody of(AlertRule rule) {
        return new AlertBody(rule.id(), rule.tags(), rule.metric(), rule.level().id(), rule.operator().id(),
            rule.threshold(), Durations.format(rule.duration()), rule.post());
    }
}
