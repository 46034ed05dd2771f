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
     * @param context the context
     * @return the new instance
     */
    AlertBackend create(PluginContext context);
}
