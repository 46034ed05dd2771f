package io.pulse.kernel.ingest;

import io.pulse.spi.frontend.LiveSubscription;
import io.pulse.spi.stats.SampleBatch;

import java.util.function.Consumer;

/**
 * Live sample batches for whoever wants them (front ends), each subscriber behind its own bounded queue.
 * Implemented by the ingestion pipeline; thread-safe.
 */
public interface LiveFeed {

    /** See {@link io.pulse.spi.frontend.FrontEndContext#subscribe}. */
    LiveSubscription subscribe(int capacity, Consumer<SampleBatch> listener);
}
