package io.pulse.kernel.logging;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * Replaces the values of secret options with {@code ****} in text bound for the log. The kernel registers the values
 * the operator set once they are parsed; from then on no log line - the kernel's, a plugin's or a library's - shows
 * them, even when a plugin logs a URL or an exception message that contains one. Values shorter than
 * {@value #MIN_LENGTH} characters cannot be told from ordinary words and are not masked (the launcher warns about
 * them). Thread-safe: the list is replaced whole.
 */
public final class SecretMask {

    /** The shortest value that is masked. */
    public static final int MIN_LENGTH = 4;
    static final String MASK = "****";

    private static volatile List<String> secrets = List.of();

    private SecretMask() {
    }

    /** Masks these values from now on (replacing any registered before). */
    public static void register(Collection<String> values) {
        // Longest first, so a secret that contains another is masked whole.
        secrets = values.stream().filter(v -> v.length() >= MIN_LENGTH).distinct()
            .sorted(Comparator.comparingInt(String::length).reversed()).toList();
    }

    /** {@code text} with every registered secret replaced by {@code ****}. */
    public static String apply(String text) {
        List<String> current = secrets;
        if (current.isEmpty() || text == null) {
            return text;
        }
        String out = text;
        for (String secret : current) {
            if (out.contains(secret)) {
                out = out.replace(secret, MASK);
            }
        }
        return out;
    }
}
