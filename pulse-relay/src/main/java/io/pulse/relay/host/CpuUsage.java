package io.pulse.relay.host;

import java.util.concurrent.locks.ReentrantLock;

/**
 * {@code cpu_used}: the fraction (0..1) of CPU time spent not idle, from the aggregate {@code cpu} line of
 * {@code /proc/stat}, over the time since the previous reading (since boot for the first one).
 *
 * <p>Busy time is user + nice + system + irq + softirq + steal; idle time is idle + iowait (guest time is already
 * counted in user and nice). Thread-safe: readings are serialised.
 */
final class CpuUsage {

    /**
     * Cumulative CPU time counters (in clock ticks).
     *
     * @param idle  idle + iowait
     * @param total every counter that makes up the wall time
     */
    record Times(long idle, long total) {

        /**
         * @param procStat the text of {@code /proc/stat}
         * @throws IllegalArgumentException if there is no readable aggregate {@code cpu} line
         */
        static Times parse(String procStat) {
            for (String line : procStat.split("\n")) {
                String[] fields = line.trim().split("\\s+");
                if (!fields[0].equals("cpu")) {
                    continue;
                }
                if (fields.length < 5) {
                    throw new IllegalArgumentException("the cpu line of /proc/stat is too short: " + line);
                }
                long[] counters = new long[8]; // user nice system idle iowait irq softirq steal
                for (int i = 0; i < counters.length && i + 1 < fields.length; i++) {
                    counters[i] = Long.parseLong(fields[i + 1]);
                }
                long idle = counters[3] + counters[4];
                long total = 0;
                for (long counter : counters) {
                    total += counter;
                }
                return new Times(idle, total);
            }
            throw new IllegalArgumentException("no aggregate cpu line in /proc/stat");
        }

        /** Busy fraction between two readings, or NaN when no time passed between them. */
        double usedSince(Times earlier) {
            long elapsed = total - earlier.total;
            if (elapsed <= 0) {
                return Double.NaN;
            }
            double idleShare = (double) (idle - earlier.idle) / elapsed;
            return Math.clamp(1 - idleShare, 0.0, 1.0);
        }
    }

    private static final Times BOOT = new Times(0, 0);

    private final ProcFs proc;
    private final ReentrantLock lock = new ReentrantLock();
    private Times previous = BOOT;
    private double lastUsed;

    CpuUsage(ProcFs proc) {
        this.proc = proc;
    }

    /** The busy fraction since the previous call (since boot on the first). */
    double used() {
        Times now = Times.parse(proc.read("stat"));
        lock.lock();
        try {
            double used = now.usedSince(previous);
            if (!Double.isNaN(used)) {
                // Called twice within one clock tick: keep the last figure rather than report nothing.
                lastUsed = used;
                previous = now;
            }
            return lastUsed;
        } finally {
            lock.unlock();
        }
    }
}
