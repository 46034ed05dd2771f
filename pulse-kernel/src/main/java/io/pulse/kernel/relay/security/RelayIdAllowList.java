package io.pulse.kernel.relay.security;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Which relay ids may register ({@code --relay-allow-ids}): exact ids or glob patterns, where {@code *} stands for
 * any run of characters (none included) and {@code ?} for exactly one; everything else is literal, and a pattern
 * must match the whole id. {@code web-*} allows {@code web-1} and {@code web-eu-2} but not {@code db-1}. An empty
 * list allows every id. Immutable and thread-safe.
 */
public final class RelayIdAllowList {

    private static final RelayIdAllowList ANY = new RelayIdAllowList(List.of(), List.of());

    private final List<String> patterns;
    private final List<Pattern> compiled;

    private RelayIdAllowList(List<String> patterns, List<Pattern> compiled) {
        this.patterns = patterns;
        this.compiled = compiled;
    }

    /** Every id allowed. */
    public static RelayIdAllowList any() {
        return ANY;
    }

    /**
     * @param patterns ids or globs; blank entries are ignored, and no entry at all means every id
     */
    public static RelayIdAllowList of(List<String> patterns) {
        List<String> kept = new ArrayList<>();
        List<Pattern> compiled = new ArrayList<>();
        for (String raw : patterns) {
            String pattern = raw.strip();
            if (!pattern.isEmpty()) {
                kept.add(pattern);
                compiled.add(glob(pattern));
            }
        }
        return kept.isEmpty() ? ANY : new RelayIdAllowList(List.copyOf(kept), List.copyOf(compiled));
    }

    /** Parses a comma-separated list, as the option gives it. */
    public static RelayIdAllowList parse(String commaSeparated) {
        return of(List.of(commaSeparated.split(",")));
    }

    /** Whether the list restricts anything. */
    public boolean restricts() {
        return !compiled.isEmpty();
    }

    /** Whether {@code id} may register. */
    public boolean allows(String id) {
        if (compiled.isEmpty()) {
            return true;
        }
        for (Pattern pattern : compiled) {
            if (pattern.matcher(id).matches()) {
                return true;
            }
        }
        return false;
    }

    /** The patterns, as given (for logs). */
    public List<String> patterns() {
        return patterns;
    }

    private static Pattern glob(String glob) {
        StringBuilder regex = new StringBuilder();
        StringBuilder literal = new StringBuilder();
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            if (c == '*' || c == '?') {
                if (!literal.isEmpty()) {
                    regex.append(Pattern.quote(literal.toString()));
                    literal.setLength(0);
                }
                regex.append(c == '*' ? ".*" : ".");
            } else {
                literal.append(c);
            }
        }
        if (!literal.isEmpty()) {
            regex.append(Pattern.quote(literal.toString()));
        }
        return Pattern.compile(regex.toString(), Pattern.DOTALL);
    }

    @Override
    public String toString() {
        return compiled.isEmpty() ? "any id" : String.join(",", patterns);
    }
}
