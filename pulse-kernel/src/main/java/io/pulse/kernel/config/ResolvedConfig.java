package io.pulse.kernel.config;

import io.pulse.spi.ConfigException;
import io.pulse.spi.ConfigView;

import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The merged configuration: every known key that has a value, with where the value came from (for error messages
 * and for "set explicitly" rules such as selecting InfluxDB when {@code influx-address} was configured). Immutable.
 */
public final class ResolvedConfig {

    static final String COMMAND_LINE = "command line";
    static final String DEFAULT = "default";

    private final Map<String, String> values;
    private final Map<String, String> origins;
    private final List<String> unknownEnvironmentVariables;

    ResolvedConfig(Map<String, String> values, Map<String, String> origins, List<String> unknownEnvironmentVariables) {
        this.values = Collections.unmodifiableMap(new TreeMap<>(values));
        this.origins = Collections.unmodifiableMap(new TreeMap<>(origins));
        this.unknownEnvironmentVariables = List.copyOf(unknownEnvironmentVariables);
    }

    /** The value of {@code key}, if any source (defaults included) set it. */
    public Optional<String> get(String key) {
        return Optional.ofNullable(values.get(key));
    }

    /** Every value by key, sorted. */
    public Map<String, String> values() {
        return values;
    }

    /** True when the value came from the command line, the environment or the config file, not from a default. */
    public boolean isExplicit(String key) {
        String origin = origins.get(key);
        return origin != null && !origin.equals(DEFAULT);
    }

    /** Where the value of {@code key} came from, e.g. {@code "environment variable PULSE_POLL_INTERVAL"}. */
    public String origin(String key) {
        return origins.getOrDefault(key, DEFAULT);
    }

    /** {@code PULSE_*} variables that matched no known key. */
    public List<String> unknownEnvironmentVariables() {
        return unknownEnvironmentVariables;
    }

    /** An error about {@code key}'s value, naming the key, the problem and where the value came from. */
    public ConfigException invalid(String key, String problem) {
        String origin = origin(key);
        String from = origin.equals(DEFAULT) ? "" : " (from " + origin + ")";
        return new ConfigException(key + ": " + problem + from);
    }

    /** The server's top-level view: the given keys (the settings flags) with their values. */
    public ConfigView topLevel(Collection<String> keys) {
        Map<String, String> out = new TreeMap<>();
        for (String key : keys) {
            String value = values.get(key);
            if (value != null) {
                out.put(key, value);
            }
        }
        return ConfigView.of("", out);
    }

    /** A plugin's section: the values below {@code id.}, keys relative to it. */
    public ConfigView section(String id) {
        String prefix = id + ".";
        Map<String, String> out = new TreeMap<>();
        values.forEach((key, value) -> {
            if (key.startsWith(prefix)) {
                out.put(key.substring(prefix.length()), value);
            }
        });
        return ConfigView.of(id, out);
    }
}
