package io.pulse.protocol;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * {@code add <name>} or {@code add <name>:<t1>,<t2>,...}: the relay exposes a collector with its tags. The text is
 * split on the FIRST {@code :} into name and tags, the tags on {@code ,}, keeping empty strings; {@code add n:} and
 * {@code add n} both mean no tags. Tags are {@code key:value} pairs, bare words or empty strings, as the relay sent
 * them. Example: {@code add cpu_used:,service:web1} is {@code cpu_used} with the tags {@code ["", "service:web1"]}.
 *
 * @param name the collector name: not empty, no {@code ,} (it could not be named in a {@code get}), no {@code :}
 *             (it ends the name) and no line break
 * @param tags the tags as sent: none holds a {@code ,} (it separates them) or a line break
 */
public record AddLine(String name, List<String> tags) {

    public AddLine {
        Objects.requireNonNull(name, "name");
        if (!CollectorNames.isPollable(name) || name.indexOf(':') >= 0 || name.indexOf('\n') >= 0) {
            throw new IllegalArgumentException("collector name \"" + name
                    + "\" cannot be sent in an add line: it must be non-empty, without ',', ':' or a line break");
        }
        tags = List.copyOf(tags);
        for (String tag : tags) {
            if (tag.indexOf(',') >= 0 || tag.indexOf('\n') >= 0) {
                throw new IllegalArgumentException("tag \"" + tag + "\" of collector \"" + name
                        + "\" cannot be sent in an add line: it must not contain ',' or a line break");
            }
        }
    }

    /**
     * {@code add <name>:<tags joined by ,>} without the terminator; always with the colon (so no tags is
     * {@code add name:}), as the original relay wrote it.
     */
    public String line() {
        return Commands.ADD + ' ' + name + ':' + String.join(",", tags);
    }

    /**
     * Reads the text after {@code add }.
     *
     * @return the line, or null when the name is unusable (empty, as in {@code add :tag}, or containing {@code ,}):
     *         the server cannot poll such a collector, so it ignores the line and counts it
     */
    public static AddLine parse(String rest) {
        int colon = rest.indexOf(':');
        String name = colon < 0 ? rest : rest.substring(0, colon);
        if (!CollectorNames.isPollable(name)) {
            return null;
        }
        String tagText = colon < 0 ? "" : rest.substring(colon + 1);
        // split with a one-character, non-regex separator takes String's fast path; -1 keeps empty tags
        List<String> tags = tagText.isEmpty() ? List.of() : Arrays.asList(tagText.split(",", -1));
        return new AddLine(name, tags);
    }

    /** True when a relay may send this tag: no {@code ,} (the server splits tags on it) and no line break. */
    public static boolean isValidTag(String tag) {
        return tag.indexOf(',') < 0 && !CollectorNames.containsLineBreak(tag);
    }
}
