package io.pulse.alert.builtin.engine;

import io.pulse.spi.alert.AlertRule;
import io.pulse.spi.stats.Tags;

/**
 * One series of one alert changed state: what a webhook reports.
 *
 * @param rule          the alert, as defined when the change happened
 * @param series        the series' tags
 * @param previous      the state before
 * @param level         the state now ({@link Level#OK} on recovery)
 * @param mean          the window's mean that decided it
 * @param timeMillis    when it changed
 * @param durationNanos how long the incident has lasted, as Kapacitor reports it: 0 when it starts, the time since it
 *                      started on a change of level and on recovery
 */
public record Transition(AlertRule rule, Tags series, Level previous, Level level, double mean, long timeMillis,
                         long durationNanos) {
}
