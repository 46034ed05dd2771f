package io.pulse.storage.memory.series;

/** Receives samples from a scan, one call per sample. */
@FunctionalInterface
public interface SampleSink {
    void accept(long timeMillis, double value);
}
