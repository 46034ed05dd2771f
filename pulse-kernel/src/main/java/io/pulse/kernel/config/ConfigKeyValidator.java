package io.pulse.kernel.config;

import io.pulse.spi.ConfigException;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Turns a config file's keys into option keys, rejecting keys that nothing reads - which catches typos before they
 * silently fall back to defaults. A top-level key must be a kernel option or a plugin option's flag alias (holding a
 * value) or the id of a loaded factory (holding a section); a key inside a section must be one of that factory's
 * options. Stateless.
 */
public final class ConfigKeyValidator {

    private ConfigKeyValidator() {
    }

    /**
     * Checks every key of the file and maps it to its option's canonical key.
     *
     * @return canonical option key to the file's text
     * @throws ConfigException naming the file and the first offending key
     */
    public static Map<String, String> canonicalValues(ConfigFile file, OptionRegistry registry) {
        String where = "config-file " + file.path() + ": ";
        for (String key : file.topLevelKeys()) {
            boolean isSection = file.sections().contains(key);
            Optional<DeclaredOption> option = registry.byTopLevelKey(key);
            if (option.isPresent()) {
                if (option.get().scope() != DeclaredOption.Scope.EVERYWHERE) {
                    throw new ConfigException(where + "'" + key + "' cannot be set in a config file");
                }
                if (isSection) {
                    throw new ConfigException(where + "'" + key + "' expects a value, not a section");
                }
            } else if (registry.sections().contains(key)) {
                if (!isSection) {
                    throw new ConfigException(where + "'" + key + "' is a plugin section: put its settings under it, e.g. "
                        + key + ": {" + registry.section(key).keySet().stream().findFirst().orElse("key") + ": ...}");
                }
            } else {
                List<String> known = new ArrayList<>(registry.topLevelKeys());
                known.addAll(registry.sections());
                throw new ConfigException(where + "unknown key '" + key + "'" + suggestion(key, known)
                    + ": top-level keys are option names (see --help) or plugin ids ("
                    + String.join(", ", registry.sections()) + ")");
            }
        }
        Map<String, String> canonical = new TreeMap<>();
        Map<String, String> writtenAs = new TreeMap<>();
        file.values().forEach((fileKey, value) -> {
            DeclaredOption option = resolve(where, fileKey, registry);
            String previous = writtenAs.putIfAbsent(option.key(), fileKey);
            if (previous != null) {
                throw new ConfigException(where + "'" + previous + "' and '" + fileKey + "' both set "
                    + option.name() + ": keep one of them");
            }
            canonical.put(option.key(), value);
        });
        return canonical;
    }

    private static DeclaredOption resolve(String where, String fileKey, OptionRegistry registry) {
        int dot = fileKey.indexOf('.');
        if (dot < 0) {
            return registry.byTopLevelKey(fileKey).orElseThrow();
        }
        String section = fileKey.substring(0, dot);
        String key = fileKey.substring(dot + 1);
        Map<String, DeclaredOption> options = registry.section(section);
        DeclaredOption option = options.get(key);
        if (option == null) {
            String accepted = options.isEmpty() ? "it accepts no settings"
                : "it accepts " + String.join(", ", new java.util.TreeSet<>(options.keySet()));
            throw new ConfigException(where + "unknown key '" + fileKey + "'" + suggestion(key, options.keySet())
                + ": " + accepted);
        }
        return option;
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
