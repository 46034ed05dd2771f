package io.pulse.spi.frontend;

import io.pulse.spi.Api;
import io.pulse.spi.PluginContext;
import io.pulse.spi.PluginFactory;

/** Creates a {@link FrontEnd}. Front ends start last, when storage, alerts and publishers are up. */
@Api
public interface FrontEndFactory extends PluginFactory {

    /**
     * Creates the front end from its configuration; no I/O beyond validation.
     *
     * @param context the plugin's configuration and resources
     * @param server  what the front end may do with the server
     */
    FrontEnd create(PluginContext context, FrontEndContext server);
}
