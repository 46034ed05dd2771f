package io.pulse.kernel.config;

import io.pulse.spi.ConfigException;
import io.pulse.spi.option.OptionValues;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Every owner's option values, parsed and validated from what the operator set. The first invalid value stops parsing
 * with a {@link ConfigException} that names the option, says what is accepted, shows what was given and where it came
 * from, e.g. {@code poll-interval: expected a whole number of seconds or a duration like 90s, got 'soon' (from
 * environment variable PULSE_POLL_INTERVAL)}. A secret's value never appears in a message. Immutable.
 */
public final class ParsedOptions {

    /** What the logs show instead of a secret. */
    public static final String MASK = "****";

    private final Map<OptionOwner, OptionValues> byOwner;
    private final Set<String> secretValues;
    private final List<String> setSummary;

    private ParsedOptions(Map<OptionOwner, OptionValues> byOwner, Set<String> secretValues, List<String> setSummary) {
        this.byOwner = byOwner;
        this.secretValues = secretValues;
        this.setSummary = setSummary;
    }

    /**
     * Parses every option of the registry.
     *
     * @throws ConfigException for the first invalid value
     */
    public static ParsedOptions parse(OptionRegistry registry, ResolvedConfig config) {
        Map<OptionOwner, OptionValues> byOwner = new LinkedHashMap<>();
        Set<String> secrets = new TreeSet<>();
        List<String> summary = new ArrayList<>();
        registry.byOwner().forEach((owner, options) -> {
            OptionValues.Builder values = OptionValues.builder(options.stream().map(DeclaredOption::option).toList());
            for (DeclaredOption option : options) {
                String text = config.get(option.key()).orElse(null);
                if (text == null) {
                    continue;
                }
                if (option.secret() && !text.isBlank()) {
                    secrets.add(text);
                }
                try {
                    values.parse(option.option(), text);
                } catch (IllegalArgumentException e) {
                    String problem = e.getMessage() == null ? "invalid value" : e.getMessage();
                    throw config.invalid(option, option.secret() ? mask(problem, text) : problem);
                }
                summary.add(option.name() + "=" + (option.secret() ? MASK : text) + " (" + config.origin(option.key())
                    + ")");
            }
            byOwner.put(owner, values.build());
        });
        return new ParsedOptions(Collections.unmodifiableMap(byOwner), Collections.unmodifiableSet(secrets),
            List.copyOf(summary));
    }

    /** The values of one owner's options (every option at its default when the owner set nothing). */
    public OptionValues of(OptionOwner owner) {
        OptionValues values = byOwner.get(owner);
        if (values == null) {
            throw new IllegalArgumentException("no options registered for " + owner);
        }
        return values;
    }

    /** The values of secret options that were set, to be masked in every log line. */
    public Set<String> secretValues() {
        return secretValues;
    }

    /** {@code name=value (origin)} for every option the operator set, secrets masked, for the start-up log. */
    public List<String> setSummary() {
        return setSummary;
    }

    private static String mask(String text, String secret) {
        return secret.isEmpty() ? text : text.replace(secret, MASK);
    }
}
