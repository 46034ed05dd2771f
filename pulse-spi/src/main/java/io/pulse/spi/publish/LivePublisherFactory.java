package io.pulse.spi.publish;

import io.pulse.spi.Api;
import io.pulse.spi.PluginContext;
import io.pulse.spi.PluginFactory;

/** Creates a {@link LivePublisher}. Any number of publishers may be active. */
@Api
public interface LivePublisherFactory extends PluginFactory {

    /** Creates the publisher from its configuration; no I/O beyond validation. */
    LivePublisher create(PluginContext context);
}
