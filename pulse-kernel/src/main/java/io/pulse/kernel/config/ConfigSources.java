package io.pulse.kernel.config;

import io.pulse.kernel.cli.CommandLine;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The three sources an operator sets options in, merged in precedence order: command line &gt; environment
 * ({@code PULSE_*}) &gt; config file. Defaults are not text here: each option's typed default applies when no source
 * sets it. Resolution is done against a {@link OptionRegistry}: before plugins are loaded only the kernel's options
 * are known (enough to find {@code --plugins-dir} and the log level); afterwards every plugin's. Immutable.
 */
public final class ConfigSources {

    private final CommandLine commandLine;
    private final EnvironmentSettings environment;
    private final Optional<ConfigFile> file;

    /**
     * @param commandLine the parsed flags (canonical keys)
     * @param environment the environment
     * @param file        the config file, if one is used
     */
    public ConfigSources(CommandLine commandLine, EnvironmentSettings environment, Optional<ConfigFile> file) {
        this.commandLine = commandLine;
        this.environment = environment;
        this.file = file;
    }

    /** The config file, if one is used. */
    public Optional<ConfigFile> file() {
        return file;
    }

    /**
     * Merges the sources for the registry's options. The config file's keys are checked against the registry (an
     * unknown key is an error) only when {@code checkFileKeys} is set: before plugins are loaded, a plugin's keys
     * cannot be told from typos yet.
     *
     * @throws io.pulse.spi.ConfigException for an unknown file key, or one option set twice in one source
     */
    public ResolvedConfig resolve(OptionRegistry registry, boolean checkFileKeys) {
        EnvironmentSettings.Mapped env = environment.map(registry);
        Map<String, String> fromFile = new TreeMap<>();
        if (file.isPresent()) {
            if (checkFileKeys) {
                fromFile.putAll(ConfigKeyValidator.canonicalValues(file.get(), registry));
            } else {
                file.get().values().forEach((key, value) -> registry.byTopLevelKey(key)
                    .filter(option -> option.owner().isKernel())
                    .ifPresent(option -> fromFile.put(option.key(), value)));
            }
        }
        Map<String, String> values = new TreeMap<>();
        Map<String, String> origins = new TreeMap<>();
        // The last put wins: lowest precedence first.
        fromFile.forEach((key, value) -> put(key, value, "config file " + file.orElseThrow().path(), values, origins));
        env.values().forEach((key, value) ->
            put(key, value, "environment variable " + env.variableByKey().get(key), values, origins));
        commandLine.values().forEach((key, value) -> {
            if (registry.byKey(key).isPresent()) {
                put(key, value, ResolvedConfig.COMMAND_LINE, values, origins);
            }
        });
        return new ResolvedConfig(values, origins, env.unknownVariables());
    }

    private static void put(String key, String value, String origin, Map<String, String> values,
                            Map<String, String> origins) {
        values.put(key, value);
        origins.put(key, origin);
    }
}
