package io.pulse.api.http.json;

/**
 * A value at a time: the shape of {@code /latest} and of each {@code /hourly} element, {@code {"time":<ms>,"value":<v>}}.
 *
 * @param time  the bucket start (or sample time), ms since the epoch
 * @param value the value
 */
public record TimePoint(long time, double value) {
}
