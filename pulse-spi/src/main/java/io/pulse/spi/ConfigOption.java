package io.pulse.spi;

import java.util.Objects;

/**
 * A key a plugin accepts in its configuration section.
 *
 * @param key          the key relative to the section, in the flags' style: lower case words joined by {@code -}
 * @param defaultValue the value used when nothing sets it, as text (empty when there is none)
 * @param description  one line for {@code --help} and generated docs
 */
@Api
public record ConfigOption(String key, String defaultValue, String description) {
    public ConfigOption {
        Objects.requireNonNull(key, "key");
        defaultValue = defaultValue == null ? "" : defaultValue;
        description = description == null ? "" : description;
    }
}
