package io.pulse.api.http.json;

/**
 * A slot of the day and its value: each {@code /daily} element, {@code {"time":"HH:MM","value":<v>}}.
 *
 * @param time  the slot, {@code 00:00} to {@code 23:45}
 * @param value the mean of the slot across days
 */
public record SlotPoint(String time, double value) {
}
