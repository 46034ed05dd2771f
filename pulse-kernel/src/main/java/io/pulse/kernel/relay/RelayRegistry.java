package io.pulse.kernel.relay;

import java.util.Collection;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The identified relays, by id.
 *
 * <p>Thread-safe (the original's plain map crashed with {@code concurrent map writes} when ~500 relays connected at
 * once). A relay that identifies with an id already registered replaces the older connection, which the caller
 * closes; when that older connection's thread exits, {@link #unregister} removes an entry only if it is still
 * that very connection, so the newer one stays registered.
 */
final class RelayRegistry {

    private final ConcurrentHashMap<String, ConnectedRelay> byId = new ConcurrentHashMap<>();

    /** Registers a relay; returns the connection it replaced, or null. */
    ConnectedRelay register(ConnectedRelay relay) {
        return byId.put(relay.id(), relay);
    }

    /** Unregisters this connection if it is still the one registered under its id. */
    boolean unregister(ConnectedRelay relay) {
        return byId.remove(relay.id(), relay);
    }

    /** The relay registered under that id, or null. */
    ConnectedRelay get(String id) {
        return byId.get(id);
    }

    /** A weakly consistent view of the registered relays. */
    Collection<ConnectedRelay> all() {
        return byId.values();
    }

    int size() {
        return byId.size();
    }
}
