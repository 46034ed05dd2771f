package io.pulse.kernel.plugin;

import io.pulse.kernel.config.PluginChoice;
import io.pulse.spi.alert.AlertBackendFactory;
import io.pulse.spi.frontend.FrontEndFactory;
import io.pulse.spi.publish.LivePublisherFactory;
import io.pulse.spi.storage.StorageFactory;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The factories this run uses, in start order: one storage, at most one alert backend, any number of publishers
 * and front ends. Immutable.
 *
 * @param storage    the storage factory and why it was chosen
 * @param alerts     the alert backend factory, if any
 * @param publishers the live publisher factories
 * @param frontEnds  the front-end factories
 */
public record PluginSelection(Selected<StorageFactory> storage, Optional<Selected<AlertBackendFactory>> alerts,
                              List<Selected<LivePublisherFactory>> publishers,
                              List<Selected<FrontEndFactory>> frontEnds) {

    public PluginSelection {
        Objects.requireNonNull(storage, "storage");
        Objects.requireNonNull(alerts, "alerts");
        publishers = List.copyOf(publishers);
        frontEnds = List.copyOf(frontEnds);
    }

    /**
     * One selected factory.
     *
     * @param discovered the factory and its origin
     * @param choice     the configured id and why it was chosen
     * @param <F>        the factory type
     */
    public record Selected<F extends io.pulse.spi.PluginFactory>(DiscoveredFactory<F> discovered, PluginChoice choice) {
        /** The factory. */
        public F factory() {
            return discovered.factory();
        }

        /** The factory id. */
        public String id() {
            return discovered.id();
        }
    }
}
