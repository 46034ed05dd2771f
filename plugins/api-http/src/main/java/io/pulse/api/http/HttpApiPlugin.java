package io.pulse.api.http;

import io.pulse.spi.Plugin;
import io.pulse.spi.frontend.FrontEndFactory;

import java.util.List;

/** The plugin entry point: offers the {@code http} front end. */
public final class HttpApiPlugin implements Plugin {

    @Override
    public List<FrontEndFactory> frontEndFactories() {
        // The kernel asks at discovery, before loading the plugin folders: Helidon sets up on another core meanwhile.
        HelidonWarmUp.begin();
        return List.of(new HttpApiFactory());
    }
}
