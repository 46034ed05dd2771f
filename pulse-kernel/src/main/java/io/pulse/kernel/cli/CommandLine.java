package io.pulse.kernel.cli;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A parsed command line: the settings given as flags (long name to raw text, booleans as {@code true}/{@code false}),
 * and whether {@code --help} or {@code --version} was asked for. Values are not validated here; the settings
 * parser validates every source alike. Immutable.
 *
 * @param values  long flag name to the text given for it (the last occurrence wins)
 * @param help    {@code -h}/{@code --help} was given
 * @param version {@code -v}/{@code --version} was given
 */
public record CommandLine(Map<String, String> values, boolean help, boolean version) {

    public CommandLine {
        values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }
}
