package io.pulse.alert.builtin;

import io.pulse.spi.Plugin;
import io.pulse.spi.alert.AlertBackendFactory;

import java.util.List;

/** Offers the built-in alert backend, {@code builtin}. */
public final class BuiltinAlertPlugin implements Plugin {

    @Override
    public List<AlertBackendFactory> alertBackendFactories() {
        return List.of(new BuiltinAlertBackendFactory());
    }
}
