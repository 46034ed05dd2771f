package io.pulse.kernel.cli;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A parsed command line: the settings given as flags (canonical option key to raw text, booleans as {@code true}/{@code false}),
 * and whether {@code --help}, {@code --version} or {@code --config-template} was asked for. Values are not validated here; the settings
 * parser validates every source alike. Immutable.
 *
 * @param values  option key ({@code poll-interval}, {@code acme.address}) to the text given for it (the last
 *                occurrence wins)
 * @param help    {@code -h}/{@code --help} was given
 * @param version {@code -v}/{@code --version} was given
 * @param configTemplate {@code --config-template} was given
 */
public record CommandLine(Map<String, String> values, boolean help, boolean version, boolean configTemplate) {

    public CommandLine {
        values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }
}
