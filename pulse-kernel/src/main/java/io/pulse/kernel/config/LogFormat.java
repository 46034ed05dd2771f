package io.pulse.kernel.config;

import java.util.Optional;

/** How log records are written ({@code --log-format}): one text line each, or one JSON object per line. */
public enum LogFormat {
    TEXT("text"),
    JSON("json");

    private final String text;

    LogFormat(String text) {
        this.text = text;
    }

    /** The option's value: {@code text} or {@code json}. */
    public String text() {
        return text;
    }

    /** The format named {@code value} (as {@code --log-format} takes it), if there is one. */
    public static Optional<LogFormat> parse(String value) {
        for (LogFormat format : values()) {
            if (format.text.equals(value.strip())) {
                return Optional.of(format);
            }
        }
        return Optional.empty();
    }
}
