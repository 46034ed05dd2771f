package io.pulse.spi.storage;

import io.pulse.spi.Api;
import io.pulse.spi.ComponentFactory;
import io.pulse.spi.PluginContext;

/** Creates a {@link Storage}. The kernel uses exactly one storage backend per run, and starts it first. */
@Api
public interface StorageFactory extends ComponentFactory {

    /**
     * Creates the backend from its options; does no I/O beyond validating them (I/O belongs in
     * {@link Storage#start()}).
     *
     * @param context the factory's options, the server settings and shared services
     * @return the backend, not started yet
     * @throws io.pulse.spi.ConfigException for invalid configuration
     */
    Storage create(PluginContext context);
}
