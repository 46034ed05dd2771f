package io.pulse.spi;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A read-only view of configuration values, as plain text keyed by dotted paths ({@code "buffer.max-size"}).
 *
 * <p>The kernel resolves every source (flags, environment, file, defaults) before a plugin sees anything, so a
 * plugin never cares where a value came from. A plugin receives its own section (keys relative to it) and,
 * separately, the server's top-level settings. Typed getters throw {@link ConfigException} naming the full key
 * and what is accepted.
 */
@Api
public final class ConfigView {

    private static final ConfigView EMPTY = new ConfigView("", Map.of());

    private final String path;
    private final Map<String, String> values;

    private ConfigView(String path, Map<String, String> values) {
        this.path = path;
        this.values = values;
    }

    /**
     * A view over the given values.
     *
     * @param path   where this section sits in the whole configuration ({@code ""} for the root), used in messages
     * @param values dotted keys relative to the section, to their textual values
     */
    public static ConfigView of(String path, Map<String, String> values) {
        Objects.requireNonNull(path, "path");
        return new ConfigView(path, Map.copyOf(values));
    }

    /** An empty root view. */
    public static ConfigView empty() {
        return EMPTY;
    }

    /** Where this section sits, e.g. {@code "influxdb"}; {@code ""} for the root. */
    public String path() {
        return path;
    }

    /** All keys with a value, relative to this section, sorted. */
    public Set<String> keys() {
        return new TreeSet<>(values.keySet());
    }

    /** All values, relative to this section, sorted by key. */
    public java.util.SortedMap<String, String> asMap() {
        return java.util.Collections.unmodifiableSortedMap(new TreeMap<>(values));
    }

    /** The sub-section {@code name}: keys below {@code name.}, relative to it. */
    public ConfigView section(String name) {
        String prefix = name + ".";
        Map<String, String> sub = new TreeMap<>();
        values.forEach((k, v) -> {
            if (k.startsWith(prefix)) {
                sub.put(k.substring(prefix.length()), v);
            }
        });
        return new ConfigView(fullKey(name), Map.copyOf(sub));
    }

    /** The value of {@code key}, if set. */
    public Optional<String> get(String key) {
        return Optional.ofNullable(values.get(key));
    }

    /** The value of {@code key}, or {@code defaultValue}. */
    public String get(String key, String defaultValue) {
        return values.getOrDefault(key, defaultValue);
    }

    /** The value of {@code key}, or a {@link ConfigException} saying it is required. */
    public String require(String key) {
        String value = values.get(key);
        if (value == null || value.isBlank()) {
            throw new ConfigException(fullKey(key) + ": is required");
        }
        return value;
    }

    /** A whole number, or {@code defaultValue} when unset. */
    public long getLong(String key, long defaultValue) {
        String value = values.get(key);
        if (value == null || value.isBlank()) {
            return defaultValue;
        }
        try {
            return Long.parseLong(value.strip());
        } catch (NumberFormatException e) {
            throw new ConfigException(fullKey(key) + ": expected a whole number, got '" + value + "'");
        }
    }

    /** A whole number within {@code [min, max]}, or {@code defaultValue} when unset. */
    public int getInt(String key, int defaultValue, int min, int max) {
        long value = getLong(key, defaultValue);
        if (value < min || value > max) {
            throw new ConfigException(fullKey(key) + ": expected a whole number from " + min + " to " + max + ", got " + value);
        }
        return (int) value;
    }

    /** A number, or {@code defaultValue} when unset. */
    public double getDouble(String key, double defaultValue) {
        String value = values.get(key);
        if (value == null || value.isBlank()) {
            return defaultValue;
        }
        try {
            double d = Double.parseDouble(value.strip());
            if (!Double.isFinite(d)) {
                throw new NumberFormatException();
            }
            return d;
        } catch (NumberFormatException e) {
            throw new ConfigException(fullKey(key) + ": expected a number, got '" + value + "'");
        }
    }

    /** {@code true}/{@code false} (case-insensitive), or {@code defaultValue} when unset. */
    public boolean getBoolean(String key, boolean defaultValue) {
        String value = values.get(key);
        if (value == null || value.isBlank()) {
            return defaultValue;
        }
        return switch (value.strip().toLowerCase(java.util.Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new ConfigException(fullKey(key) + ": expected true or false, got '" + value + "'");
        };
    }

    /**
     * A duration written as {@link Durations#parse(String) a duration literal} ({@code 30s}, {@code 5m},
     * {@code 1h30m}), or {@code defaultValue} when unset.
     */
    public Duration getDuration(String key, Duration defaultValue) {
        String value = values.get(key);
        if (value == null || value.isBlank()) {
            return defaultValue;
        }
        try {
            return Durations.parse(value);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(fullKey(key) + ": " + e.getMessage());
        }
    }

    /** The full dotted key of {@code key} in the whole configuration, for messages. */
    public String fullKey(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    @java.lang.Override
    public String toString() {
        return "ConfigView[" + path + "]" + keys();
    }
}
