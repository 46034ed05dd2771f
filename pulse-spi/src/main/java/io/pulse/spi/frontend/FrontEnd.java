package io.pulse.spi.frontend;

import io.pulse.spi.Api;
import io.pulse.spi.Component;

/**
 * What users and dashboards talk to (the HTTP API is one). It sees the server only through the
 * {@link FrontEndContext} it was created with. {@link #start()} opens its listeners.
 */
@Api
public interface FrontEnd extends Component {
}
