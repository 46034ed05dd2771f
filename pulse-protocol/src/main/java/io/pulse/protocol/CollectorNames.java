package io.pulse.protocol;

/**
 * What a collector name (and a set collector's entry name) may be. Names travel inside lines whose parts are cut on
 * {@code -} ({@code got} items: collector, stat), {@code :} ({@code add} name and tags, {@code got} and
 * {@code override} items) and {@code ,} (lists), so a name holding one of these reads back wrong; a line break
 * would end the line early.
 *
 * <p>Three rules, from strict to lenient, for three kinds of callers:
 * <ul>
 *   <li>{@link #problem}: what a relay may register - the original relay library's rule (no {@code -}, {@code :},
 *       {@code ,}, not {@value #RESERVED}) plus: not empty, no line break;</li>
 *   <li>{@link #isSafeOnTheWire}: what the server names in an {@code override} - additionally no spaces or other
 *       control characters, so any relay implementation reads it back unchanged;</li>
 *   <li>{@link #isPollable}: what the server accepts in {@code add} - only what it could not name in a
 *       {@code get} is refused (empty, or a {@code ,}); an original relay never sends less, and anything stricter
 *       would lose a relay's data for nothing.</li>
 * </ul>
 * Stateless and thread-safe.
 */
public final class CollectorNames {

    /** The name the relay library uses for its connection state in {@code Info()}; no collector may take it. */
    public static final String RESERVED = "_connected";

    /** Why a relay may not register a name. */
    public enum Problem {
        /** The name is empty. */
        EMPTY,
        /** The name contains {@code -}, {@code :} or {@code ,}. */
        SEPARATOR,
        /** The name contains {@code \n} or {@code \r}. */
        LINE_BREAK,
        /** The name is {@value CollectorNames#RESERVED}. */
        RESERVED
    }

    private CollectorNames() {
    }

    /**
     * Why a relay may not register this collector name, or null when it may. Also the rule for a set collector's
     * entry names (the stat names in {@code got}), where only {@link Problem#RESERVED} does not apply.
     */
    public static Problem problem(String name) {
        if (name.isEmpty()) {
            return Problem.EMPTY;
        }
        if (containsSeparator(name)) {
            return Problem.SEPARATOR;
        }
        if (containsLineBreak(name)) {
            return Problem.LINE_BREAK;
        }
        return name.equals(RESERVED) ? Problem.RESERVED : null;
    }

    /** True when a relay may register the name: {@link #problem} finds nothing. */
    public static boolean isValid(String name) {
        return problem(name) == null;
    }

    /** True when the name may be a stat name in a {@code got} item: {@link #problem} finds nothing but RESERVED. */
    public static boolean isValidStat(String stat) {
        Problem problem = problem(stat);
        return problem == null || problem == Problem.RESERVED;
    }

    /**
     * True when the name is non-empty and has none of {@code - : ,}, no whitespace and no control characters: it
     * reads back the same from any line, in any relay implementation. The server requires it of the names it sends
     * in {@code override} lines.
     */
    public static boolean isSafeOnTheWire(String name) {
        if (name.isEmpty() || containsSeparator(name)) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (Character.isWhitespace(c) || Character.isISOControl(c)) {
                return false;
            }
        }
        return true;
    }

    /** True when a server can poll a collector of that name: it is not empty and has no {@code ,}. */
    public static boolean isPollable(String name) {
        return !name.isEmpty() && name.indexOf(',') < 0;
    }

    /** True if the text contains {@code -}, {@code :} or {@code ,}, the separators inside protocol items. */
    public static boolean containsSeparator(String text) {
        return text.indexOf('-') >= 0 || text.indexOf(':') >= 0 || text.indexOf(',') >= 0;
    }

    /** True if the text contains {@code \n} or {@code \r}, which would end or corrupt a protocol line. */
    public static boolean containsLineBreak(String text) {
        return text.indexOf('\n') >= 0 || text.indexOf('\r') >= 0;
    }
}
