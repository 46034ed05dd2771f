package com.acme.pulse;

import io.pulse.spi.Plugin;
import io.pulse.spi.publish.LivePublisherFactory;

import java.util.List;

/** The plugin's entry point: the kernel finds it through {@code provides io.pulse.spi.Plugin} in module-info. */
public final class AcmePlugin implements Plugin {

    @Override
    public List<LivePublisherFactory> livePublisherFactories() {
        return List.of(new AcmePublisherFactory());
    }
}
