package io.pulse.benchmarks.http;

/**
 * Counts latencies in microseconds in log-linear buckets: exact below 64 us, then 32 buckets per power of two (at
 * most about 3 % wide), up to about 2^40 us. One per load thread (not thread-safe); {@link #add} merges them.
 */
final class LatencyHistogram {

    private static final int SUB_BUCKET_BITS = 5;
    private static final int SUB_BUCKETS = 1 << SUB_BUCKET_BITS;
    private static final int LINEAR = 2 * SUB_BUCKETS;
    private static final int MAX_EXPONENT = 40;

    private final long[] counts = new long[LINEAR + (MAX_EXPONENT - 6 + 1) * SUB_BUCKETS];
    private long total;
    private long maxMicros;

    void record(long micros) {
        long v = Math.max(0, micros);
        counts[index(v)]++;
        total++;
        maxMicros = Math.max(maxMicros, v);
    }

    void add(LatencyHistogram other) {
        for (int i = 0; i < counts.length; i++) {
            counts[i] += other.counts[i];
        }
        total += other.total;
        maxMicros = Math.max(maxMicros, other.maxMicros);
    }

    long count() {
        return total;
    }

    long maxMicros() {
        return maxMicros;
    }

    /** The upper bound of the bucket holding the p-th fraction of the values (0 < p <= 1); -1 when empty. */
    long percentileMicros(double p) {
        if (total == 0) {
            return -1;
        }
        long rank = Math.max(1, (long) Math.ceil(p * total));
        long seen = 0;
        for (int i = 0; i < counts.length; i++) {
            seen += counts[i];
            if (seen >= rank) {
                return Math.min(upperBound(i), maxMicros);
            }
        }
        return maxMicros;
    }

    private static int index(long v) {
        if (v < LINEAR) {
            return (int) v;
        }
        int exponent = Math.min(63 - Long.numberOfLeadingZeros(v), MAX_EXPONENT);
        int sub = (int) ((v >>> (exponent - SUB_BUCKET_BITS)) & (SUB_BUCKETS - 1));
        return LINEAR + (exponent - 6) * SUB_BUCKETS + sub;
    }

    private static long upperBound(int index) {
        if (index < LINEAR) {
            return index;
        }
        int exponent = (index - LINEAR) / SUB_BUCKETS + 6;
        int sub = (index - LINEAR) % SUB_BUCKETS;
        long width = 1L << (exponent - SUB_BUCKET_BITS);
        return (1L << exponent) + (sub + 1L) * width - 1;
    }
}
