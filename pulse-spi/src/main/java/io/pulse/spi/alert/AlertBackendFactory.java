package io.pulse.spi.alert;

import io.pulse.spi.Api;
import io.pulse.spi.PluginContext;
import io.pulse.spi.PluginFactory;

/** Creates an {@link AlertBackend}. At most one alert backend is active per run. */
@Api
public interface AlertBackendFactory extends PluginFactory {

    /** Creates the backend from its configuration; no I/O beyond validation. */
    AlertBackend create(PluginContext context);
}
