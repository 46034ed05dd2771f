package io.pulse.publish.mist;

import io.pulse.spi.Plugin;
import io.pulse.spi.publish.LivePublisherFactory;

import java.util.List;

/** Offers the Mist live publisher, {@code mist}. */
public final class MistPlugin implements Plugin {

    @Override
    public List<LivePublisherFactory> livePublisherFactories() {
        return List.of(new MistPublisherFactory());
    }
}
