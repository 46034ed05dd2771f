package io.pulse.spi.storage;

import io.pulse.spi.Api;
import io.pulse.spi.PluginContext;
import io.pulse.spi.PluginFactory;

/** Creates a {@link Storage}. The kernel uses exactly one storage backend per run. */
@Api
public interface StorageFactory extends PluginFactory {

    /**
     * Creates the backend from its configuration; does no I/O beyond validating it (I/O belongs in
     * {@link Storage#start()}).
     *
     * @throws io.pulse.spi.ConfigException for invalid configuration
     */
    Storage create(PluginContext context);
}
