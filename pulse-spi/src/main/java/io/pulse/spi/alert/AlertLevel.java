package io.pulse.spi.alert;

import io.pulse.spi.Api;

import java.util.Locale;

/** How serious an alert is. The default is {@link #CRIT}. */
@Api
public enum AlertLevel {
    /** Informational. */
    INFO,
    /** A warning. */
    WARN,
    /** Critical. */
    CRIT;

    /** {@return the level's name as the API writes it: {@code info}, {@code warn}, {@code crit}} */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Parses {@code info}, {@code warn} or {@code crit} (case-insensitive).
     *
     * @param text a level name
     * @return the level
     * @throws IllegalArgumentException naming the accepted values
     */
    public static AlertLevel parse(String text) {
        for (AlertLevel level : values()) {
            if (level.id().equalsIgnoreCase(text == null ? "" : text.strip())) {
                return level;
            }
        }
        throw new IllegalArgumentException("unknown level '" + text + "': accepted are info, warn, crit");
    }
}
