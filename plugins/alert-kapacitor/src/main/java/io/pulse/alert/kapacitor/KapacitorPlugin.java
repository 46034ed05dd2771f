package io.pulse.alert.kapacitor;

import io.pulse.spi.Plugin;
import io.pulse.spi.alert.AlertBackendFactory;

import java.util.List;

/** The plugin entry point: offers the {@code kapacitor} alert backend. */
public final class KapacitorPlugin implements Plugin {

    /** Called by {@link java.util.ServiceLoader}. */
    public KapacitorPlugin() {
    }

    @Override
    public List<AlertBackendFactory> alertBackendFactories() {
        return List.of(new KapacitorAlertBackendFactory());
    }
}
