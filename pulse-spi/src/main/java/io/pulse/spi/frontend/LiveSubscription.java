package io.pulse.spi.frontend;

import io.pulse.spi.Api;

/** A live-sample subscription; close it to stop receiving. */
@Api
public interface LiveSubscription extends AutoCloseable {

    /** Batches this subscriber lost because its queue was full. */
    long dropped();

    /** Stops delivery; batches still queued are discarded. */
    @Override
    void close();
}
