package io.pulse.protocol;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * {@code override <seconds> <c>:<interval>,...}: for {@code seconds}, collect each named collector every
 * {@code interval} seconds (the seed README's definition; the original relay and server never implemented it).
 * The Java relay answers {@code ok} and honours it; an original relay ignores it. Example:
 * {@code override 300 cpu_used:5,ram_used:5}.
 *
 * <p>Written with the collectors sorted by name, so the same override is always the same line. The server writes
 * whole seconds; decimals ({@code 0.5}) are written and read too.
 *
 * @param duration  how long the override lasts, positive
 * @param intervals collector name to its collection interval meanwhile, sorted by name; at least one; names
 *                  non-empty without {@code ,}, {@code :} or a line break, intervals positive
 */
public record OverrideLine(Duration duration, SortedMap<String, Duration> intervals) {

    public OverrideLine {
        Seconds.positive(duration, "override duration");
        Objects.requireNonNull(intervals, "intervals");
        if (intervals.isEmpty()) {
            throw new IllegalArgumentException("an override names at least one collector");
        }
        TreeMap<String, Duration> copy = new TreeMap<>();
        intervals.forEach((name, interval) -> {
            Objects.requireNonNull(name, "collector name");
            if (name.isEmpty() || name.indexOf(',') >= 0 || name.indexOf(':') >= 0
                    || CollectorNames.containsLineBreak(name)) {
                throw new IllegalArgumentException("collector name \"" + name
                        + "\" cannot be sent in an override line: it must be non-empty, without ',', ':' or a line break");
            }
            copy.put(name, Seconds.positive(interval, "override interval of collector \"" + name + "\""));
        });
        intervals = Collections.unmodifiableSortedMap(copy);
    }

    /** An override of these collectors (in any order; the line sorts them). */
    public static OverrideLine of(Duration duration, Map<String, Duration> intervals) {
        return new OverrideLine(duration, new TreeMap<>(intervals));
    }

    /** {@code override <seconds> <c>:<interval>,...} without the terminator. */
    public String line() {
        StringBuilder line = new StringBuilder(Commands.OVERRIDE).append(' ').append(Seconds.format(duration))
                .append(' ');
        boolean first = true;
        for (Map.Entry<String, Duration> e : intervals.entrySet()) {
            if (!first) {
                line.append(',');
            }
            first = false;
            line.append(e.getKey()).append(':').append(Seconds.format(e.getValue()));
        }
        return line.toString();
    }

    /**
     * An override read from a line, with the items that could not be read.
     *
     * @param override what the line asks for
     * @param rejected the unreadable items, each quoted with the reason; they were skipped
     */
    public record Parsed(OverrideLine override, List<String> rejected) {
        public Parsed {
            Objects.requireNonNull(override, "override");
            rejected = List.copyOf(rejected);
        }
    }

    /**
     * Reads the text after {@code override }. Leniently, as a relay should read a command it may act on in part:
     * spaces around the numbers and names are ignored, and an unreadable item ({@code bad}, {@code c:x},
     * {@code :3}) is skipped and reported while the others are kept. For a collector named twice, the last item
     * wins.
     *
     * @throws IllegalArgumentException when the duration is unreadable or not positive, or no item is readable
     */
    public static Parsed parse(String rest) {
        if (rest == null || rest.isBlank()) {
            throw new IllegalArgumentException("override needs '<seconds> <collector>:<interval>,...'");
        }
        String text = rest.strip();
        int space = text.indexOf(' ');
        if (space < 0) {
            throw new IllegalArgumentException("override names no collector: \"" + rest + "\"");
        }
        Duration duration = Seconds.parse(text.substring(0, space));
        TreeMap<String, Duration> intervals = new TreeMap<>();
        List<String> rejected = new ArrayList<>();
        for (String item : items(text.substring(space + 1))) {
            int colon = item.indexOf(':');
            String name = colon < 0 ? "" : item.substring(0, colon).strip();
            if (name.isEmpty()) {
                rejected.add("\"" + item + "\": expected <collector>:<interval>");
                continue;
            }
            try {
                intervals.put(name, Seconds.parse(item.substring(colon + 1)));
            } catch (IllegalArgumentException e) {
                rejected.add("\"" + item + "\": " + e.getMessage());
            }
        }
        if (intervals.isEmpty()) {
            throw new IllegalArgumentException("override has no readable <collector>:<interval> item: " + rejected);
        }
        return new Parsed(new OverrideLine(duration, intervals), rejected);
    }

    /** The items split on {@code ,}; trailing empty items (a trailing comma) are not items. */
    private static List<String> items(String text) {
        List<String> items = new ArrayList<>();
        int start = 0;
        while (start <= text.length()) {
            int comma = text.indexOf(',', start);
            int end = comma < 0 ? text.length() : comma;
            items.add(text.substring(start, end));
            start = end + 1;
        }
        while (!items.isEmpty() && items.getLast().isEmpty()) {
            items.removeLast();
        }
        return items;
    }
}
