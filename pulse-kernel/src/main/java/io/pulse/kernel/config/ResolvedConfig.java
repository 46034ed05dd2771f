package io.pulse.kernel.config;

import io.pulse.spi.ConfigException;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What the operator set: option key to text, for every option some source set (defaults are not in here), with where
 * each value came from - for error messages, for the start-up log and for "selected because it is set" rules.
 * Immutable.
 */
public final class ResolvedConfig {

    static final String COMMAND_LINE = "command line";

    private final Map<String, String> values;
    private final Map<String, String> origins;
    private final List<String> unknownEnvironmentVariables;

    ResolvedConfig(Map<String, String> values, Map<String, String> origins, List<String> unknownEnvironmentVariables) {
        this.values = Collections.unmodifiableMap(new TreeMap<>(values));
        this.origins = Collections.unmodifiableMap(new TreeMap<>(origins));
        this.unknownEnvironmentVariables = List.copyOf(unknownEnvironmentVariables);
    }

    /** The text set for {@code key}, if any source set it. */
    public Optional<String> get(String key) {
        return Optional.ofNullable(values.get(key));
    }

    /** Every value set, by key, sorted. */
    public Map<String, String> values() {
        return values;
    }

    /** Whether some source (command line, environment, file) set {@code key}. */
    public boolean isSet(String key) {
        return values.containsKey(key);
    }

    /** Where the value of {@code key} came from, e.g. {@code "environment variable PULSE_POLL_INTERVAL"}. */
    public String origin(String key) {
        return origins.getOrDefault(key, "default");
    }

    /** {@code PULSE_*} variables that matched no option. */
    public List<String> unknownEnvironmentVariables() {
        return unknownEnvironmentVariables;
    }

    /** An error about an option's value, naming it, the problem and where the value came from. */
    public ConfigException invalid(DeclaredOption option, String problem) {
        String from = isSet(option.key()) ? " (from " + origin(option.key()) + ")" : "";
        return new ConfigException(option.name() + ": " + problem + from);
    }
}
