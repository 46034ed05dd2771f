package io.pulse.kernel.config;

import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import io.helidon.config.yaml.YamlConfigParser;
import io.pulse.spi.ConfigException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A config file ({@code -c}), parsed by Helidon Config and flattened to dotted keys.
 *
 * <p>The format follows the extension: {@code .yaml}/{@code .yml} is YAML, {@code .json} is JSON. Both are read by
 * Helidon's YAML parser (JSON is YAML's flow style), a {@code .json} file must hold a JSON object. Top-level keys are
 * the kernel's options and the flag names of plugin options ({@code poll-interval: 30},
 * {@code acme-address: ...}); a plugin's options sit in a section named after its factory id
 * ({@code acme: {batch-size: 500}}), flattened here to {@code acme.batch-size}. A list of values (e.g.
 * {@code publishers: [acme, other]}) becomes a comma-separated value. Immutable.
 */
public final class ConfigFile {

    private static final Pattern MARK = Pattern.compile("line (\\d+), column (\\d+)");

    private final Path path;
    private final Map<String, String> values;
    private final Set<String> sections;

    private ConfigFile(Path path, Map<String, String> values, Set<String> sections) {
        this.path = path;
        this.values = Collections.unmodifiableMap(values);
        this.sections = Collections.unmodifiableSet(sections);
    }

    /**
     * Reads and parses a config file.
     *
     * @throws ConfigException naming the file when it is missing, unreadable, of an unknown type or unparsable
     */
    public static ConfigFile load(Path path) {
        String name = path.getFileName() == null ? "" : path.getFileName().toString().toLowerCase(Locale.ROOT);
        boolean json = name.endsWith(".json");
        if (!json && !name.endsWith(".yaml") && !name.endsWith(".yml")) {
            throw new ConfigException("config-file " + path + ": expected a .json, .yaml or .yml file");
        }
        String text;
        try {
            text = Files.readString(path);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new ConfigException("config-file " + path + ": no such file");
        } catch (java.io.IOException | java.io.UncheckedIOException e) {
            throw new ConfigException("config-file " + path + ": cannot read it: " + e.getMessage());
        }
        if (json && !text.isBlank() && !text.strip().startsWith("{")) {
            throw new ConfigException("config-file " + path + ": expected a JSON object ({...}) at the top level");
        }
        if (onlyComments(text)) {
            // Such as the shipped etc/pulse.yaml, read on every start: no values, and no parser to set up for them.
            return new ConfigFile(path, new TreeMap<>(), new TreeSet<>());
        }
        Config config;
        try {
            config = bareBuilder()
                .sources(List.of(ConfigSources.file(path).parser(YamlConfigParser.create())))
                .build();
        } catch (RuntimeException e) {
            throw new ConfigException("config-file " + path + ": cannot parse it: " + describe(e));
        }
        Map<String, String> values = new TreeMap<>();
        Set<String> sections = new TreeSet<>();
        for (Config child : config.asNodeList().orElse(List.of())) {
            flatten(path, child, values, sections);
        }
        return new ConfigFile(path, values, sections);
    }

    /** Whether the text has nothing but blank lines and {@code #} comment lines (which the parser would skip). */
    static boolean onlyComments(String text) {
        return text.lines().map(String::strip).allMatch(line -> line.isEmpty() || line.startsWith("#"));
    }

    private static void flatten(Path path, Config node, Map<String, String> values, Set<String> sections) {
        String key = node.key().toString();
        switch (node.type()) {
            case VALUE -> values.put(key, node.asString().orElse(""));
            case LIST -> {
                StringBuilder joined = new StringBuilder();
                for (Config item : node.asNodeList().orElse(List.of())) {
                    if (item.type() != Config.Type.VALUE) {
                        throw new ConfigException("config-file " + path + ": " + key
                            + ": expected a list of values, found a nested section or list");
                    }
                    if (!joined.isEmpty()) {
                        joined.append(',');
                    }
                    joined.append(item.asString().orElse(""));
                }
                values.put(key, joined.toString());
            }
            case OBJECT -> {
                if (node.key().parent().isRoot()) {
                    sections.add(key);
                }
                for (Config child : node.asNodeList().orElse(List.of())) {
                    flatten(path, child, values, sections);
                }
            }
            case MISSING -> {
                // nothing there
            }
        }
    }

    /** One line out of the parser's multi-line report: the problem and where it is. */
    private static String describe(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        if (cause instanceof ClassCastException) {
            return "expected a mapping of keys to values at the top level";
        }
        String message = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        String problem = null;
        for (String line : message.split("\\R")) {
            if (line.isBlank() || line.startsWith(" ") || line.strip().equals("^")) {
                continue;
            }
            problem = line.strip();
        }
        Matcher mark = MARK.matcher(message);
        String where = null;
        while (mark.find()) {
            where = "line " + mark.group(1) + ", column " + mark.group(2);
        }
        String out = problem == null ? message.strip().replaceAll("\\s*\\R\\s*", " ") : problem;
        return where == null ? out : out + " (" + where + ")";
    }

    /**
     * A Helidon Config builder that reads only the file it is given: no environment, system properties, discovered
     * filters or mappers, ${...} resolution or caching. Pulse layers the sources itself.
     */
    private static Config.Builder bareBuilder() {
        return Config.builder()
            .disableEnvironmentVariablesSource()
            .disableSystemPropertiesSource()
            .disableParserServices()
            .disableFilterServices()
            .disableMapperServices()
            .disableValueResolving()
            .disableCaching();
    }

    /** The file's path as given. */
    public Path path() {
        return path;
    }

    /** Every value, by dotted key, sorted. */
    public Map<String, String> values() {
        return values;
    }

    /** The top-level keys that are sections (objects), e.g. {@code acme}; sorted. */
    public Set<String> sections() {
        return sections;
    }

    /** Every top-level key: plain values and sections; sorted. */
    public Set<String> topLevelKeys() {
        Set<String> out = new TreeSet<>(sections);
        for (String key : values.keySet()) {
            int dot = key.indexOf('.');
            out.add(dot < 0 ? key : key.substring(0, dot));
        }
        return out;
    }
}
