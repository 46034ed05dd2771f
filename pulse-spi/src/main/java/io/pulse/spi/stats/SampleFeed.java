package io.pulse.spi.stats;

import io.pulse.spi.Api;

import java.util.function.Consumer;

/**
 * Every sample batch the server ingests, for components that react to live values (an alert engine, a live stream,
 * a scrape endpoint). Obtained from {@link io.pulse.spi.PluginContext#samples()}. Thread-safe.
 */
@Api
public interface SampleFeed {

    /**
     * {@return delivers every batch ingested from now on to {@code listener}, one at a time and in arrival order, on a kernel
     * thread of this subscription's own, through a bounded queue of {@code capacity} batches: when the listener falls
     * behind, its oldest queued batches are dropped and counted ({@link SampleSubscription#dropped()} and the
     * server's {@code subscribers.dropped}); ingestion never waits for it} An exception from the listener is logged
     * and counted, and the next batch is still delivered. The listener runs with the subscriber's class loader as the
     * thread context class loader.
     *
     * @param listener the listener
     * @param name     a short name for logs and thread names, e.g. {@code "alert-engine"}
     * @param capacity how many batches may wait, at least 1
     * @throws IllegalArgumentException for a capacity below 1
     * @throws IllegalStateException    once the server is stopping
     */
    SampleSubscription subscribe(String name, int capacity, Consumer<SampleBatch> listener);
}
