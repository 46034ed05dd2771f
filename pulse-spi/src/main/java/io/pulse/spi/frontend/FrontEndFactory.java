package io.pulse.spi.frontend;

import io.pulse.spi.Api;
import io.pulse.spi.ComponentFactory;
import io.pulse.spi.PluginContext;

/** Creates a {@link FrontEnd}. Front ends start last, when storage, alerts, publishers and relays are up. */
@Api
public interface FrontEndFactory extends ComponentFactory {

    /**
     * Creates the front end from its options; no I/O beyond validation.
     *
     * @return the front end, not started yet
     * @param context the plugin's options and resources, storage queries and the sample feed
     * @param server  what a front end may do with the server: alerts, relays, metrics, health
     */
    FrontEnd create(PluginContext context, FrontEndContext server);
}
