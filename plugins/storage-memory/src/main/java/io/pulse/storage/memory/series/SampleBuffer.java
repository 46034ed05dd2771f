package io.pulse.storage.memory.series;

import java.util.Arrays;

/**
 * A growable pair of primitive arrays of (time, value), for decoding and merging. Not thread-safe.
 */
final class SampleBuffer {

    private long[] times;
    private double[] values;
    private int size;

    SampleBuffer(int capacity) {
        times = new long[Math.max(4, capacity)];
        values = new double[times.length];
    }

    void add(long time, double value) {
        if (size == times.length) {
            times = Arrays.copyOf(times, size * 2);
            values = Arrays.copyOf(values, size * 2);
        }
        times[size] = time;
        values[size] = value;
        size++;
    }

    int size() {
        return size;
    }

    long time(int i) {
        return times[i];
    }

    double value(int i) {
        return values[i];
    }

    /**
     * Merges sorted (time, value) pairs into this sorted buffer; on equal times this buffer's entries come first.
     */
    void mergeSorted(long[] otherTimes, double[] otherValues, int otherCount) {
        if (otherCount == 0) {
            return;
        }
        long[] t = new long[size + otherCount];
        double[] v = new double[size + otherCount];
        int i = 0;
        int j = 0;
        int k = 0;
        while (i < size && j < otherCount) {
            if (times[i] <= otherTimes[j]) {
                t[k] = times[i];
                v[k++] = values[i++];
            } else {
                t[k] = otherTimes[j];
                v[k++] = otherValues[j++];
            }
        }
        while (i < size) {
            t[k] = times[i];
            v[k++] = values[i++];
        }
        while (j < otherCount) {
            t[k] = otherTimes[j];
            v[k++] = otherValues[j++];
        }
        times = t;
        values = v;
        size = k;
    }
}
