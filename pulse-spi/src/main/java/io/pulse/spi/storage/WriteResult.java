package io.pulse.spi.storage;

import io.pulse.spi.Api;

import java.util.List;
import java.util.Objects;

/**
 * What {@link Storage#write} did with a batch: how many samples it accepted, and which it refused and why.
 *
 * <p>A backend that accepts every sample returns {@link #accepted(int)}. A backend that cannot store some samples
 * at all (InfluxDB cannot store a field named {@code time}) stores the others and returns
 * {@link #partial(int, List)} with one {@link Refusal} per stat and reason; for a correct backend
 * {@code accepted() + refusedSamples()} is the batch size. A backend that can store nothing now (its database is
 * unreachable and it cannot buffer) throws {@link StorageUnavailableException} instead of returning a result.
 *
 * @param accepted  samples stored, or kept by the backend to be stored later (e.g. buffered through an outage)
 * @param refusals  the samples refused for good, grouped by stat and reason; empty when the write was complete
 */
@Api
public record WriteResult(int accepted, List<Refusal> refusals) {

    /** Checks and normalises the components; see the class comment. */
    public WriteResult {
        if (accepted < 0) {
            throw new IllegalArgumentException("accepted samples must not be negative, got " + accepted);
        }
        // List.copyOf returns an empty or already immutable list as it is, so complete results copy nothing
        refusals = List.copyOf(refusals);
    }

    /**
     * Samples of one stat refused for one reason.
     *
     * @param stat    the stat name, as it came in the samples
     * @param samples how many of the batch's samples were refused, at least 1
     * @param reason  why, for the log: what the database cannot store (e.g. "InfluxDB cannot store a field named
     *                'time'")
     */
    public record Refusal(String stat, int samples, String reason) {
        /** Checks and normalises the components; see the class comment. */
        public Refusal {
            Objects.requireNonNull(stat, "stat");
            Objects.requireNonNull(reason, "reason");
            if (samples < 1) {
                throw new IllegalArgumentException("a refusal covers at least 1 sample, got " + samples);
            }
        }
    }

    /**
     * {@return a complete result: every sample of the batch accepted}
     *
     * @param samples how many samples the batch had
     */
    public static WriteResult accepted(int samples) {
        return new WriteResult(samples, List.of());
    }

    /**
     * {@return {@code accepted} samples were accepted and the {@code refusals} were not}
     *
     * @throws IllegalArgumentException when {@code refusals} is empty (that is {@link #accepted(int)})
     */
    public static WriteResult partial(int accepted, List<Refusal> refusals) {
        if (refusals.isEmpty()) {
            throw new IllegalArgumentException("a partial write refuses something; use WriteResult.accepted");
        }
        return new WriteResult(accepted, refusals);
    }

    /** {@return whether every sample was accepted (nothing was refused)} */
    public boolean isComplete() {
        return refusals.isEmpty();
    }

    /** {@return how many samples were refused, over all refusals} */
    public int refusedSamples() {
        int sum = 0;
        for (Refusal refusal : refusals) {
            sum += refusal.samples();
        }
        return sum;
    }
}
