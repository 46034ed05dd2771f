package io.pulse.protocol;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code get <c1>,<c2>,...}: the server polls those collectors. The relay answers one {@link GotLine} with the
 * values it has, or nothing when it has none (the server never waits for an answer).
 *
 * @param collectors the collector names, in the order the relay added them; at least one, each
 *                   {@link CollectorNames#isPollable pollable}
 */
public record GetLine(List<String> collectors) {

    public GetLine {
        collectors = List.copyOf(collectors);
        if (collectors.isEmpty()) {
            throw new IllegalArgumentException("a get line names at least one collector");
        }
        for (String name : collectors) {
            if (!CollectorNames.isPollable(name) || name.indexOf('\n') >= 0) {
                throw new IllegalArgumentException("collector name \"" + name
                        + "\" cannot be sent in a get line: it must be non-empty, without ',' or a line break");
            }
        }
    }

    /** {@code get <names joined by ,>} without the terminator. */
    public String line() {
        return Commands.GET + ' ' + String.join(",", collectors);
    }

    /**
     * Reads the text after {@code get }. Empty names ({@code get a,,b}, {@code get }) name nothing and are left
     * out; duplicates are kept (the relay answers each collector once anyway).
     *
     * @return the line, or null when it names no collector at all
     */
    public static GetLine parse(String rest) {
        List<String> names = new ArrayList<>();
        int start = 0;
        while (start <= rest.length()) {
            int comma = rest.indexOf(',', start);
            int end = comma < 0 ? rest.length() : comma;
            if (end > start) {
                names.add(rest.substring(start, end));
            }
            start = end + 1;
        }
        return names.isEmpty() ? null : new GetLine(names);
    }
}
