package io.pulse.alert.builtin.engine;

import io.pulse.spi.alert.AlertLevel;

/**
 * A series' alert state, named as Kapacitor names levels in its payload ({@code OK}, {@code INFO}, {@code WARNING},
 * {@code CRITICAL}), so receivers written for the original keep working.
 */
public enum Level {
    OK, INFO, WARNING, CRITICAL;

    /** The level an alert of {@code level} fires at. */
    public static Level of(AlertLevel level) {
        return switch (level) {
            case INFO -> INFO;
            case WARN -> WARNING;
            case CRIT -> CRITICAL;
        };
    }
}
