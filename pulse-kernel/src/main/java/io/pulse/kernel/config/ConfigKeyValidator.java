package io.pulse.kernel.config;

import io.pulse.kernel.cli.Flag;
import io.pulse.kernel.cli.Flags;
import io.pulse.spi.ConfigException;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Rejects config-file keys that nothing reads, which catches typos before they silently fall back to defaults.
 * A top-level key must be a flag's long name (holding a value) or the id of a discovered plugin factory (holding
 * a section); a key inside a section must be one of that factory's {@link io.pulse.spi.PluginFactory#options()}.
 * Stateless.
 */
public final class ConfigKeyValidator {

    private ConfigKeyValidator() {
    }

    /**
     * Checks every key of the file.
     *
     * @param file              the parsed file
     * @param flags             the flags
     * @param optionsBySection  factory id to the option keys it accepts (ids of every discovered factory)
     * @throws ConfigException naming the file and the first offending key
     */
    public static void validate(ConfigFile file, Flags flags, Map<String, Set<String>> optionsBySection) {
        String where = "config-file " + file.path() + ": ";
        for (String key : file.topLevelKeys()) {
            Optional<Flag> flag = flags.byLongName(key);
            boolean isSection = file.sections().contains(key);
            if (flag.isPresent()) {
                if (flag.get().scope() != Flag.Scope.EVERYWHERE) {
                    throw new ConfigException(where + "'" + key + "' cannot be set in a config file");
                }
                if (isSection) {
                    throw new ConfigException(where + "'" + key + "' expects a value, not a section");
                }
                continue;
            }
            Set<String> options = optionsBySection.get(key);
            if (options == null) {
                throw new ConfigException(where + "unknown key '" + key + "'" + suggestion(key, topLevelNames(flags, optionsBySection))
                    + ": top-level keys are flag long names (see --help) or plugin ids ("
                    + String.join(", ", new TreeSet<>(optionsBySection.keySet())) + ")");
            }
            if (!isSection) {
                throw new ConfigException(where + "'" + key + "' is a plugin section: put its settings under it, e.g. "
                    + key + ": {" + new TreeSet<>(options).stream().findFirst().orElse("key") + ": ...}");
            }
            String prefix = key + ".";
            for (String full : file.values().keySet()) {
                if (!full.startsWith(prefix)) {
                    continue;
                }
                String option = full.substring(prefix.length());
                if (!options.contains(option)) {
                    String accepted = options.isEmpty() ? "it accepts no settings"
                        : "it accepts " + String.join(", ", new TreeSet<>(options));
                    throw new ConfigException(where + "unknown key '" + full + "'" + suggestion(option, options)
                        + ": " + accepted);
                }
            }
        }
    }

    private static List<String> topLevelNames(Flags flags, Map<String, Set<String>> optionsBySection) {
        List<String> names = new ArrayList<>(optionsBySection.keySet());
        flags.settings().forEach(f -> names.add(f.longName()));
        return names;
    }

    /** " (did you mean 'poll-interval'?)" when a known name is within two edits; else empty. */
    static String suggestion(String given, Iterable<String> known) {
        List<String> close = new ArrayList<>();
        for (String candidate : known) {
            if (distance(given, candidate) <= 2) {
                close.add(candidate);
            }
        }
        close.sort(Comparator.comparingInt((String c) -> distance(given, c)).thenComparing(c -> c));
        return close.isEmpty() ? "" : " (did you mean '" + close.getFirst() + "'?)";
    }

    /** Levenshtein distance. */
    private static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
