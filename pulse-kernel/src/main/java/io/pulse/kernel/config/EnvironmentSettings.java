package io.pulse.kernel.config;

import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Settings from environment variables: {@code PULSE_<KEY>}, where {@code KEY} is a known configuration key
 * upper-cased with both {@code -} and {@code .} written as {@code _}. {@code PULSE_POLL_INTERVAL} sets
 * {@code poll-interval}; {@code PULSE_INFLUXDB_BATCH_SIZE} sets {@code influxdb.batch-size}.
 *
 * <p>Matching is against the known keys (flags, then each discovered plugin's options), never by guessing how
 * {@code _} splits. {@code PULSE_*} variables that match nothing are reported so the launcher can warn once;
 * {@code PULSE_HOME} is left alone (launch scripts conventionally use it for the installation directory).
 * The environment is injected, never read from the process here. Immutable.
 */
public final class EnvironmentSettings {

    /** Every variable Pulse reads starts with this. */
    public static final String PREFIX = "PULSE_";

    private static final Set<String> NOT_SETTINGS = Set.of("PULSE_HOME");

    private final Map<String, String> pulseVariables;

    private EnvironmentSettings(Map<String, String> pulseVariables) {
        this.pulseVariables = pulseVariables;
    }

    /** Keeps the {@code PULSE_*} variables of an environment (e.g. {@code System.getenv()}). */
    public static EnvironmentSettings of(Map<String, String> environment) {
        Map<String, String> pulse = new TreeMap<>();
        environment.forEach((name, value) -> {
            if (name.startsWith(PREFIX) && !NOT_SETTINGS.contains(name)) {
                pulse.put(name, value);
            }
        });
        return new EnvironmentSettings(Collections.unmodifiableMap(pulse));
    }

    /** The variable name that sets {@code key}, e.g. {@code PULSE_INFLUXDB_BATCH_SIZE}. */
    public static String variableFor(String key) {
        return PREFIX + key.toUpperCase(Locale.ROOT).replace('-', '_').replace('.', '_');
    }

    /**
     * Maps the variables onto known keys.
     *
     * @param knownKeys every key that may be set (long flag names and {@code <id>.<option>} keys)
     */
    public Mapped map(Collection<String> knownKeys) {
        Map<String, String> keyByVariable = new HashMap<>();
        for (String key : knownKeys) {
            keyByVariable.putIfAbsent(variableFor(key), key);
        }
        Map<String, String> values = new TreeMap<>();
        Map<String, String> variables = new TreeMap<>();
        List<String> unknown = new java.util.ArrayList<>();
        pulseVariables.forEach((variable, value) -> {
            String key = keyByVariable.get(variable);
            if (key == null) {
                unknown.add(variable);
            } else {
                values.put(key, value);
                variables.put(key, variable);
            }
        });
        return new Mapped(Collections.unmodifiableMap(values), Collections.unmodifiableMap(variables), List.copyOf(unknown));
    }

    /**
     * The environment's settings for a given set of known keys.
     *
     * @param values             key to value
     * @param variableByKey      key to the variable that set it (for messages)
     * @param unknownVariables   {@code PULSE_*} variables that match no known key, sorted
     */
    public record Mapped(Map<String, String> values, Map<String, String> variableByKey, List<String> unknownVariables) {
    }
}
