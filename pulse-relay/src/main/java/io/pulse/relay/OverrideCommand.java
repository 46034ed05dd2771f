package io.pulse.relay;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A parsed {@code override <duration> <collector>:<interval>,...} request: for {@code duration} seconds, collect
 * each named collector every {@code interval} seconds (the seed README's definition). Both numbers are seconds;
 * decimals are accepted.
 *
 * @param duration  how long the override lasts
 * @param intervals collector name to its collection interval during the override, in the order given
 * @param rejected  items that could not be read (each with the reason), skipped
 */
record OverrideCommand(Duration duration, Map<String, Duration> intervals, List<String> rejected) {

    /**
     * @param arguments what follows {@code override } on the line
     * @throws IllegalArgumentException if the duration is unreadable or no item is
     */
    static OverrideCommand parse(String arguments) {
        if (arguments == null || arguments.isBlank()) {
            throw new IllegalArgumentException("override needs '<seconds> <collector>:<interval>,...'");
        }
        String[] parts = arguments.strip().split(" +", 2);
        if (parts.length < 2) {
            throw new IllegalArgumentException("override names no collector: \"" + arguments + "\"");
        }
        Duration duration = Protocol.parseSeconds(parts[0]);
        Map<String, Duration> intervals = new LinkedHashMap<>();
        List<String> rejected = new ArrayList<>();
        for (String item : parts[1].split(",")) {
            int colon = item.indexOf(':');
            if (colon <= 0) {
                rejected.add("\"" + item + "\": expected <collector>:<interval>");
                continue;
            }
            try {
                intervals.put(item.substring(0, colon).strip(), Protocol.parseSeconds(item.substring(colon + 1)));
            } catch (IllegalArgumentException e) {
                rejected.add("\"" + item + "\": " + e.getMessage());
            }
        }
        if (intervals.isEmpty()) {
            throw new IllegalArgumentException("override has no readable <collector>:<interval> item: " + rejected);
        }
        return new OverrideCommand(duration, Map.copyOf(intervals), List.copyOf(rejected));
    }
}
