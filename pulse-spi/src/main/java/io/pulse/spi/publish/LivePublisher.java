package io.pulse.spi.publish;

import io.pulse.spi.Api;
import io.pulse.spi.Component;
import io.pulse.spi.stats.SampleBatch;

/**
 * Pushes live values somewhere as they arrive (e.g. Mist pub/sub).
 *
 * <p>The kernel gives each publisher its own bounded queue and its own thread: {@link #publish} is called by one
 * thread at a time, in arrival order, and may block (e.g. on a slow socket) without delaying ingestion, storage or
 * other publishers. When the queue is full the kernel drops the publisher's oldest batches and counts them.
 */
@Api
public interface LivePublisher extends Component {

    /**
     * Publishes one batch. An exception is logged and counted; the next batch is still offered.
     *
     * @param batch the batch
     * @throws Exception if starting fails; the message says what is wrong
     */
    void publish(SampleBatch batch) throws Exception;
}
