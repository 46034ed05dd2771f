package io.pulse.benchmarks;

import java.util.SplittableRandom;

/**
 * Values shaped like what relays report, per stat kind: server receive times every 60 s with a few milliseconds of
 * jitter, and values that are short decimals (the original relay sent 4 decimals).
 */
final class RelayData {

    /** How a stat's values move. */
    enum Kind {
        /** A ratio that changes every poll, uniformly at random (cpu_used): the worst realistic case. */
        RANDOM_RATIO,
        /** A ratio that moves by a few ten-thousandths (ram_used). */
        SLOW_RATIO,
        /** A value that stays put, changing rarely (swap_used, disk_used). */
        MOSTLY_CONSTANT,
        /** A growing integer counter (bytes sent). */
        COUNTER,
        /** Arbitrary doubles with a full mantissa (a computed rate): what XOR compression must handle. */
        ARBITRARY
    }

    private RelayData() {
    }

    /** The next value of a series of {@code kind} after {@code previous}. */
    static double next(Kind kind, double previous, SplittableRandom random) {
        return switch (kind) {
            case RANDOM_RATIO -> random.nextInt(10_000) / 10_000.0;
            case SLOW_RATIO -> Math.max(0, Math.min(10_000, Math.round(previous * 10_000) + random.nextInt(11) - 5)) / 10_000.0;
            case MOSTLY_CONSTANT -> random.nextInt(200) == 0 ? random.nextInt(10_000) / 10_000.0 : previous;
            case COUNTER -> previous + random.nextInt(100_000);
            case ARBITRARY -> random.nextDouble() * 1000;
        };
    }

    /** The receive time of poll {@code n}: every 60 s, give or take 20 ms. */
    static long pollTime(long origin, long n, SplittableRandom random) {
        return origin + n * 60_000 + random.nextInt(41) - 20;
    }
}
