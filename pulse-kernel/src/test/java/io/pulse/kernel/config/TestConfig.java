package io.pulse.kernel.config;

import io.pulse.kernel.cli.CommandLineParser;
import io.pulse.kernel.cli.Flag;
import io.pulse.kernel.cli.Flags;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Builds the merged configuration the way the launcher does, from injected flags, environment and file. */
public final class TestConfig {

    private TestConfig() {
    }

    /** Flags, environment and optional file, resolved for the flags plus {@code extraKeys}. */
    public static ResolvedConfig resolve(List<String> args, Map<String, String> env, Optional<Path> file,
                                         List<String> extraKeys) {
        Flags flags = Flags.forHome(Optional.empty());
        List<String> keys = new ArrayList<>();
        for (Flag flag : flags.settings()) {
            keys.add(flag.longName());
        }
        keys.addAll(extraKeys);
        return new ConfigLayers(new CommandLineParser(flags).parse(args.toArray(String[]::new)),
            EnvironmentSettings.of(env), file.map(ConfigFile::load), flags.defaults()).resolve(keys);
    }

    /** Flags only. */
    public static ResolvedConfig flags(String... args) {
        return resolve(List.of(args), Map.of(), Optional.empty(), List.of());
    }

    /** Parsed settings from flags only. */
    public static PulseSettings settings(String... args) {
        return SettingsParser.parse(flags(args));
    }
}
