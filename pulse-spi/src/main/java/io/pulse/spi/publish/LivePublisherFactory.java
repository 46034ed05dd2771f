package io.pulse.spi.publish;

import io.pulse.spi.Api;
import io.pulse.spi.ComponentFactory;
import io.pulse.spi.PluginContext;

/** Creates a {@link LivePublisher}. Any number of publishers may be active; they start after the alert backend. */
@Api
public interface LivePublisherFactory extends ComponentFactory {

    /**
     * Creates the publisher from its options; no I/O beyond validation.
     *
     * @param context the factory's options, the server settings and shared services
     * @return the publisher, not started yet
     */
    LivePublisher create(PluginContext context);
}
