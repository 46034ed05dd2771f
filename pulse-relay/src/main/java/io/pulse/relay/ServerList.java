package io.pulse.relay;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The servers a relay may connect to, as given: one {@code host:port} or several separated by commas
 * ({@code a:3000,b:3000,c:3000}). Order does not matter (each relay ranks them itself, see
 * {@link RendezvousRanking}); the same address twice is a mistake and refused.
 */
final class ServerList {

    private ServerList() {
    }

    /**
     * @throws IllegalArgumentException for an empty list, a malformed address or the same address twice
     */
    static List<ServerAddress> parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("server address is missing (expected host:port, or several"
                    + " separated by commas)");
        }
        return of(List.of(text.split(",", -1)));
    }

    /**
     * @throws IllegalArgumentException for an empty list, a malformed address or the same address twice
     */
    static List<ServerAddress> of(List<String> addresses) {
        if (addresses == null || addresses.isEmpty()) {
            throw new IllegalArgumentException("at least one server address is needed (host:port)");
        }
        List<ServerAddress> servers = new ArrayList<>(addresses.size());
        Set<ServerAddress> seen = new HashSet<>();
        for (String address : addresses) {
            if (address == null || address.isBlank()) {
                throw new IllegalArgumentException("the server list \"" + String.join(",", addresses)
                        + "\" has an empty entry");
            }
            ServerAddress server = ServerAddress.parse(address.strip());
            if (!seen.add(server)) {
                throw new IllegalArgumentException("the server " + server + " is listed twice");
            }
            servers.add(server);
        }
        return List.copyOf(servers);
    }
}
