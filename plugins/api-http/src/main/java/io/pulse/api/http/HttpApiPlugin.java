package io.pulse.api.http;

import io.pulse.spi.Plugin;
import io.pulse.spi.frontend.FrontEndFactory;

import java.util.List;

/** The plugin entry point: offers the {@code http} front end. */
public final class HttpApiPlugin implements Plugin {

    @Override
    public List<FrontEndFactory> frontEndFactories() {
        return List.of(new HttpApiFactory());
    }
}
