package io.pulse.spi.alert;

import io.pulse.spi.Api;
import io.pulse.spi.ComponentFactory;
import io.pulse.spi.PluginContext;

/** Creates an {@link AlertBackend}. At most one alert backend is active per run; it starts after storage. */
@Api
public interface AlertBackendFactory extends ComponentFactory {

    /**
     * Creates the backend from its options; no I/O beyond validation.
     *
     * @param context the factory's options, the server settings, storage queries and the sample feed
     * @return the backend, not started yet
     */
    AlertBackend create(PluginContext context);
}
