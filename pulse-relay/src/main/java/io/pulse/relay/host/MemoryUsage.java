package io.pulse.relay.host;

import java.util.HashMap;
import java.util.Map;

/**
 * {@code ram_used} and {@code swap_used} (fractions 0..1) from {@code /proc/meminfo}.
 *
 * <p>RAM used is {@code 1 - MemAvailable / MemTotal}: memory the kernel could hand out without swapping counts as
 * free, caches included (as {@code free}'s "available" column). Kernels before 3.14 have no MemAvailable; then
 * MemFree + Buffers + Cached stands in. Swap used is {@code (SwapTotal - SwapFree) / SwapTotal}, 0 without swap.
 * Stateless; thread-safe.
 */
final class MemoryUsage {

    /**
     * The meminfo fields this needs, in kB.
     */
    record MemInfo(long memTotal, long memAvailable, long swapTotal, long swapFree) {

        /**
         * @throws IllegalArgumentException if MemTotal is missing or zero
         */
        static MemInfo parse(String procMeminfo) {
            Map<String, Long> fields = new HashMap<>();
            for (String line : procMeminfo.split("\n")) {
                int colon = line.indexOf(':');
                if (colon <= 0) {
                    continue;
                }
                String[] value = line.substring(colon + 1).trim().split("\\s+");
                try {
                    fields.put(line.substring(0, colon), Long.parseLong(value[0]));
                } catch (NumberFormatException e) {
                    // not a number field; none of ours
                }
            }
            long total = fields.getOrDefault("MemTotal", 0L);
            if (total <= 0) {
                throw new IllegalArgumentException("no MemTotal in /proc/meminfo");
            }
            Long available = fields.get("MemAvailable");
            if (available == null) {
                available = fields.getOrDefault("MemFree", 0L) + fields.getOrDefault("Buffers", 0L)
                        + fields.getOrDefault("Cached", 0L);
            }
            return new MemInfo(total, available, fields.getOrDefault("SwapTotal", 0L),
                    fields.getOrDefault("SwapFree", 0L));
        }

        double ramUsed() {
            return Math.clamp(1 - (double) memAvailable / memTotal, 0.0, 1.0);
        }

        double swapUsed() {
            return swapTotal <= 0 ? 0 : Math.clamp(1 - (double) swapFree / swapTotal, 0.0, 1.0);
        }
    }

    private final ProcFs proc;

    MemoryUsage(ProcFs proc) {
        this.proc = proc;
    }

    double ramUsed() {
        return MemInfo.parse(proc.read("meminfo")).ramUsed();
    }

    double swapUsed() {
        return MemInfo.parse(proc.read("meminfo")).swapUsed();
    }
}
