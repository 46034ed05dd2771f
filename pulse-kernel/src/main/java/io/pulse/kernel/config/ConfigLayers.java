package io.pulse.kernel.config;

import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import io.pulse.kernel.cli.CommandLine;
import io.pulse.spi.ConfigException;

import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The four sources of settings, and their merge with Helidon Config in precedence order:
 * command line &gt; environment ({@code PULSE_*}) &gt; config file &gt; defaults.
 *
 * <p>Resolution is done against a set of known keys: before plugins are discovered only the flags are known
 * (enough to find {@code --plugins-dir}); afterwards each plugin's options are added and the environment is
 * matched again. Keys that are not known are left out of the result (the file's unknown keys are reported by
 * {@link ConfigKeyValidator}). Immutable.
 */
public final class ConfigLayers {

    private final CommandLine commandLine;
    private final EnvironmentSettings environment;
    private final Optional<ConfigFile> file;
    private final Map<String, String> defaults;

    /**
     * @param commandLine the parsed flags
     * @param environment the {@code PULSE_*} variables
     * @param file        the config file, if one is used
     * @param defaults    default values by key
     */
    public ConfigLayers(CommandLine commandLine, EnvironmentSettings environment, Optional<ConfigFile> file,
                        Map<String, String> defaults) {
        this.commandLine = commandLine;
        this.environment = environment;
        this.file = file;
        this.defaults = Map.copyOf(defaults);
    }

    /**
     * Merges the sources for the given keys.
     *
     * @throws ConfigException if Helidon cannot merge them (e.g. a key that is both a value and a section)
     */
    public ResolvedConfig resolve(Collection<String> knownKeys) {
        Set<String> known = new HashSet<>(knownKeys);
        Map<String, String> flags = only(commandLine.values(), known);
        EnvironmentSettings.Mapped env = environment.map(known);
        Map<String, String> fromFile = only(file.map(ConfigFile::values).orElse(Map.of()), known);
        Map<String, String> fromDefaults = only(defaults, known);

        Config merged;
        try {
            merged = bareBuilder()
                // The first source wins.
                .sources(List.of(
                    ConfigSources.create(flags, "command line"),
                    ConfigSources.create(env.values(), "environment"),
                    ConfigSources.create(fromFile, "config file"),
                    ConfigSources.create(fromDefaults, "defaults")))
                .build();
        } catch (RuntimeException e) {
            throw new ConfigException("cannot merge the configuration: " + e.getMessage(), e);
        }
        Map<String, String> values = new TreeMap<>();
        merged.traverse()
            .filter(node -> node.type() == Config.Type.VALUE)
            .forEach(node -> values.put(node.key().toString(), node.asString().orElse("")));

        Map<String, String> origins = new TreeMap<>();
        for (String key : values.keySet()) {
            origins.put(key, originOf(key, flags, env, fromFile));
        }
        return new ResolvedConfig(values, origins, env.unknownVariables());
    }

    private String originOf(String key, Map<String, String> flags, EnvironmentSettings.Mapped env,
                            Map<String, String> fromFile) {
        if (flags.containsKey(key)) {
            return ResolvedConfig.COMMAND_LINE;
        }
        if (env.values().containsKey(key)) {
            return "environment variable " + env.variableByKey().get(key);
        }
        if (fromFile.containsKey(key)) {
            return "config file " + file.orElseThrow().path();
        }
        return ResolvedConfig.DEFAULT;
    }

    private static Map<String, String> only(Map<String, String> values, Set<String> known) {
        Map<String, String> out = new TreeMap<>();
        values.forEach((k, v) -> {
            if (known.contains(k)) {
                out.put(k, v);
            }
        });
        return out;
    }

    /**
     * A Helidon Config builder that reads only the sources it is given: no environment, system properties,
     * discovered parsers/filters/mappers, ${...} resolution or caching. Pulse layers the sources itself.
     */
    static Config.Builder bareBuilder() {
        return Config.builder()
            .disableEnvironmentVariablesSource()
            .disableSystemPropertiesSource()
            .disableParserServices()
            .disableFilterServices()
            .disableMapperServices()
            .disableValueResolving()
            .disableCaching();
    }
}
