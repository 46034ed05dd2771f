package io.pulse.relay.host;

import java.util.Map;

/**
 * {@code load_1}, {@code load_5}, {@code load_15}: the 1, 5 and 15 minute load averages from {@code /proc/loadavg}
 * (runnable plus uninterruptible tasks, not divided by the number of CPUs). Stateless; thread-safe.
 */
final class LoadAverage {

    private final ProcFs proc;

    LoadAverage(ProcFs proc) {
        this.proc = proc;
    }

    /** The three averages as a set collector's values. */
    Map<String, Double> values() {
        return parse(proc.read("loadavg"));
    }

    /**
     * @param procLoadavg e.g. {@code 0.63 0.63 0.32 1/96 9554}
     * @throws IllegalArgumentException if the first three fields are not numbers
     */
    static Map<String, Double> parse(String procLoadavg) {
        String[] fields = procLoadavg.trim().split("\\s+");
        if (fields.length < 3) {
            throw new IllegalArgumentException("/proc/loadavg has fewer than 3 fields: " + procLoadavg);
        }
        try {
            return Map.of("load_1", Double.parseDouble(fields[0]), "load_5", Double.parseDouble(fields[1]),
                    "load_15", Double.parseDouble(fields[2]));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("/proc/loadavg is not numbers: " + procLoadavg, e);
        }
    }
}
