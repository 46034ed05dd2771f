package io.pulse.kernel.config;

import io.pulse.spi.ConfigException;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Settings from environment variables. Each option answers to {@code PULSE_<KEY>} (its canonical key upper-cased,
 * {@code -} and {@code .} written as {@code _}: {@code PULSE_POLL_INTERVAL}, {@code PULSE_ACME_BATCH_SIZE}),
 * to {@code PULSE_<FLAG>} for a flag alias ({@code PULSE_ACME_ADDRESS}), and to an extra name its owner declared
 * (see {@link DeclaredOption#environmentNames()}).
 *
 * <p>Matching is against the declared names, never by guessing how {@code _} splits. {@code PULSE_*} variables that
 * match nothing are reported so the launcher can warn once; {@code PULSE_HOME} is left alone (launch scripts use it
 * for the installation directory). The environment is injected, never read from the process here. Immutable.
 */
public final class EnvironmentSettings {

    private static final Set<String> NOT_SETTINGS = Set.of("PULSE_HOME");

    private final Map<String, String> variables;

    private EnvironmentSettings(Map<String, String> variables) {
        this.variables = variables;
    }

    /** Keeps the environment (e.g. {@code System.getenv()}). */
    public static EnvironmentSettings of(Map<String, String> environment) {
        return new EnvironmentSettings(Collections.unmodifiableMap(new TreeMap<>(environment)));
    }

    /**
     * Maps the variables onto the registry's options.
     *
     * @throws ConfigException when two variables set the same option
     */
    public Mapped map(OptionRegistry registry) {
        Map<String, String> values = new TreeMap<>();
        Map<String, String> variableByKey = new TreeMap<>();
        List<String> unknown = new ArrayList<>();
        variables.forEach((variable, value) -> {
            var option = registry.byVariable(variable);
            if (option.isEmpty()) {
                if (variable.startsWith(DeclaredOption.ENV_PREFIX) && !NOT_SETTINGS.contains(variable)) {
                    unknown.add(variable);
                }
                return;
            }
            String key = option.get().key();
            String previous = variableByKey.putIfAbsent(key, variable);
            if (previous != null) {
                throw new ConfigException(previous + " and " + variable + " both set " + option.get().name()
                    + ": keep one of them");
            }
            values.put(key, value);
        });
        return new Mapped(Collections.unmodifiableMap(values), Collections.unmodifiableMap(variableByKey),
            List.copyOf(unknown));
    }

    /**
     * The environment's settings for a registry.
     *
     * @param values           option key to value
     * @param variableByKey    option key to the variable that set it (for messages)
     * @param unknownVariables {@code PULSE_*} variables that match no option, sorted
     */
    public record Mapped(Map<String, String> values, Map<String, String> variableByKey, List<String> unknownVariables) {
    }
}
