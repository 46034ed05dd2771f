package io.pulse.spi;

import io.pulse.spi.alert.AlertBackendFactory;
import io.pulse.spi.frontend.FrontEndFactory;
import io.pulse.spi.publish.LivePublisherFactory;
import io.pulse.spi.storage.StorageFactory;

import java.util.List;

/**
 * The entry point of a plugin module: {@code provides io.pulse.spi.Plugin with com.acme.AcmePlugin;}.
 *
 * <p>A plugin returns {@link ComponentFactory factories} for the extension points it implements; every method has a
 * default that returns nothing, so a new extension point can be added without breaking existing plugins (Trino's
 * {@code Plugin} does the same). The kernel instantiates the plugin once, at start-up, with its public no-argument
 * constructor (or a public static {@code provider()} method, as {@link java.util.ServiceLoader} allows). Factories
 * must be cheap to create: nothing is started here.
 *
 * <p>Factory ids are unique per extension point across all loaded plugins; a duplicate stops start-up.
 */
@Api
public interface Plugin {

    /** {@return storage backends this plugin offers (selected with {@code --storage <id>})} */
    default List<StorageFactory> storageFactories() {
        return List.of();
    }

    /** {@return alert backends this plugin offers (selected with {@code --alerts <id>})} */
    default List<AlertBackendFactory> alertBackendFactories() {
        return List.of();
    }

    /** {@return live publishers this plugin offers (selected with {@code --publishers <id,...>})} */
    default List<LivePublisherFactory> livePublisherFactories() {
        return List.of();
    }

    /** {@return front ends this plugin offers (selected with {@code --front-ends <id,...>})} */
    default List<FrontEndFactory> frontEndFactories() {
        return List.of();
    }
}
