package io.pulse.kernel.config;

import java.util.Locale;
import java.util.Optional;
import java.util.logging.Level;

/**
 * The levels {@code --log-level} accepts (the original's lumber levels; {@code fatal} logs only errors, as Pulse
 * has nothing more severe than an error), and the {@link java.util.logging} level each one lets through.
 */
public enum LogLevel {
    TRACE(Level.FINEST),
    DEBUG(Level.FINE),
    INFO(Level.INFO),
    WARN(Level.WARNING),
    ERROR(Level.SEVERE),
    FATAL(Level.SEVERE);

    private final Level julLevel;

    LogLevel(Level julLevel) {
        this.julLevel = julLevel;
    }

    /** The least severe JUL level that is logged. */
    public Level julLevel() {
        return julLevel;
    }

    /**
     * Parses a level name (the option type of {@code --log-level}).
     *
     * @throws IllegalArgumentException listing the levels
     */
    public static LogLevel parseOrThrow(String text) {
        return parse(text).orElseThrow(() -> new IllegalArgumentException(
            "expected trace, debug, info, warn, error or fatal, got '" + text + "'"));
    }

    /** The name as {@code --log-level} takes it, e.g. {@code info}. */
    public String text() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses a level name, case-insensitively ({@code INFO} and {@code info} alike). */
    public static Optional<LogLevel> parse(String text) {
        String name = text.strip().toUpperCase(Locale.ROOT);
        if (name.equals("WARNING")) {
            return Optional.of(WARN);
        }
        for (LogLevel level : values()) {
            if (level.name().equals(name)) {
                return Optional.of(level);
            }
        }
        return Optional.empty();
    }
}
