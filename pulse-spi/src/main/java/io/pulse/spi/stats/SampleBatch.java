package io.pulse.spi.stats;

import io.pulse.spi.Api;

import java.util.List;
import java.util.Objects;

/**
 * The samples of one relay answer ({@code got} line), as they travel to storage and live publishers.
 *
 * @param relayId    the relay that answered
 * @param timeMillis when the answer arrived (every sample carries the same time)
 * @param samples    the samples, never empty
 */
@Api
public record SampleBatch(String relayId, long timeMillis, List<Sample> samples) {
    /** Checks and normalises the components; see the class comment. */
    public SampleBatch {
        Objects.requireNonNull(relayId, "relayId");
        samples = List.copyOf(samples);
    }
}
