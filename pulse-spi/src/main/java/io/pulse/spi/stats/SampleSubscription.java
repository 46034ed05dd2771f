package io.pulse.spi.stats;

import io.pulse.spi.Api;

/** A subscription to the {@link SampleFeed}; close it to stop receiving. Thread-safe. */
@Api
public interface SampleSubscription extends AutoCloseable {

    /**
     * Batches this subscriber lost because its queue was full.
     *
     * @return how many batches this subscriber lost
     */
    long dropped();

    /** Stops delivery; batches still queued are discarded. Idempotent. */
    @Override
    void close();
}
