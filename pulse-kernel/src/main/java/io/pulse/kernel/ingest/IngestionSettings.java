package io.pulse.kernel.ingest;

import java.time.Duration;
import java.util.Objects;

/**
 * Bounds of the ingestion pipeline.
 *
 * @param storageQueueCapacity   answers (sample batches) waiting for the storage writer at most; when full, the
 *                               oldest waiting batch is dropped and counted
 * @param writeBatchMaxSamples   samples per {@code Storage.write} call at most
 * @param writeBatchMaxDelay     how long the writer waits for more samples to merge into one write, counted from the
 *                               first sample of the write; also the longest a sample waits before it is written
 *                               (when storage keeps up)
 * @param publisherQueueCapacity batches waiting for each live publisher at most; when full, that publisher's oldest
 *                               batch is dropped and counted
 */
public record IngestionSettings(int storageQueueCapacity, int writeBatchMaxSamples, Duration writeBatchMaxDelay,
                                int publisherQueueCapacity) {

    public IngestionSettings {
        Objects.requireNonNull(writeBatchMaxDelay, "writeBatchMaxDelay");
        if (storageQueueCapacity < 1) {
            throw new IllegalArgumentException("storage queue capacity must be at least 1, got " + storageQueueCapacity);
        }
        if (writeBatchMaxSamples < 1) {
            throw new IllegalArgumentException("write batch size must be at least 1 sample, got " + writeBatchMaxSamples);
        }
        if (writeBatchMaxDelay.isNegative()) {
            throw new IllegalArgumentException("write batch delay must not be negative, got " + writeBatchMaxDelay);
        }
        if (publisherQueueCapacity < 1) {
            throw new IllegalArgumentException(
                    "publisher queue capacity must be at least 1, got " + publisherQueueCapacity);
        }
    }

    /**
     * 30,000 queued answers (three poll rounds of 10,000 relays: a fleet's first round arrives while every series is
     * being created and G1 pauses, and relays that fell behind answer in bursts of more than one round a second;
     * with room for one round only, such a burst dropped answers - docs/performance.md, "the 10,000-relay ramp"),
     * writes of up to 5,000 samples (the request size time-series databases advise) merged for up to 200 ms, and 1,000
     * queued batches per publisher. A queued answer of 20 samples holds about 1 KB, so a full queue is ~30 MB.
     */
    public static IngestionSettings defaults() {
        return new IngestionSettings(30_000, 5_000, Duration.ofMillis(200), 1_000);
    }
}
