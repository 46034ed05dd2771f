package io.pulse.api.http.routes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import io.pulse.api.http.json.Json;
import io.pulse.api.http.json.RelayBody;
import io.pulse.api.http.peers.Fleet;
import io.pulse.api.http.peers.PeerAnswer;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The fleet-wide side of the relay routes, for a server with peers ({@code --peers}): the whole fleet's relays, each
 * with the server holding it, and the forwarding of a flush or an override to the servers that hold the relays.
 * Thread-safe: no state beyond final collaborators.
 */
final class FleetRelays {

    private final Fleet fleet;
    private final Json json;

    FleetRelays(Fleet fleet, Json json) {
        this.fleet = fleet;
        this.json = json;
    }

    /** True for a request another server forwarded: it is answered from this server's relays only. */
    static boolean forwarded(ServerRequest req) {
        return req.headers().contains(HeaderNames.create(Fleet.FORWARDED_HEADER));
    }

    /** Whether requests may be forwarded: there are peers and the request is not forwarded itself. */
    boolean forwards(ServerRequest req) {
        return fleet.hasPeers() && !forwarded(req);
    }

    /**
     * {@code {"relays":[...each with "server"...],"servers":[...]}}: this server's relays and every peer's (asked
     * in parallel), sorted by id then server; one entry per server saying whether it answered and with how many
     * relays, or why it did not.
     */
    ObjectNode fleetRelays(List<RelayBody> local) {
        List<ObjectNode> relays = new ArrayList<>();
        ArrayNode servers = json.mapper().createArrayNode();
        for (RelayBody relay : local) {
            relays.add(withServer(json.mapper().valueToTree(relay), fleet.self()));
        }
        servers.add(server(fleet.self(), true).put("reachable", true).put("relays", local.size()));
        for (PeerAnswer answer : fleet.getAll("/relays")) {
            String name = answer.peer().toString();
            ObjectNode entry = server(name, false);
            JsonNode list = answer.reached() && answer.status() == 200 ? parse(answer.body()) : null;
            if (list == null || !list.isArray()) {
                entry.put("reachable", false).put("error", answer.reached() && answer.status() == 200
                    ? "answered something other than a list of relays" : answer.problem());
            } else {
                list.forEach(relay -> {
                    if (relay.isObject()) {
                        relays.add(withServer((ObjectNode) relay, name));
                    }
                });
                entry.put("reachable", true).put("relays", list.size());
            }
            servers.add(entry);
        }
        relays.sort(Comparator.comparing((ObjectNode r) -> r.path("id").asText())
            .thenComparing(r -> r.path("server").asText()));
        ObjectNode body = json.mapper().createObjectNode();
        body.putArray("relays").addAll(relays);
        body.set("servers", servers);
        return body;
    }

    /**
     * Asks every peer to flush the relay.
     *
     * @return null when a peer holds it (and flushed it); else why not, for a 404 message
     */
    String flushOnPeers(String id) {
        List<PeerAnswer> answers = fleet.postAll("/relays/" + URLEncoder.encode(id, StandardCharsets.UTF_8)
            .replace("+", "%20") + "/flush", new byte[0]);
        List<String> unreachable = new ArrayList<>();
        for (PeerAnswer answer : answers) {
            if (answer.reached() && answer.status() == 200) {
                return null;
            }
            if (!answer.reached() || answer.status() != 404) {
                unreachable.add(answer.peer() + " (" + answer.problem() + ")");
            }
        }
        return unreachable.isEmpty() ? "" : "; not asked successfully: " + String.join(", ", unreachable);
    }

    /** Sends the override body to every peer; one entry per server, this one first, saying whether it applied. */
    ArrayNode overrideOnPeers(byte[] body) {
        ArrayNode servers = json.mapper().createArrayNode();
        servers.add(server(fleet.self(), true).put("applied", true));
        for (PeerAnswer answer : fleet.postAll("/overrides", body)) {
            ObjectNode entry = server(answer.peer().toString(), false);
            if (answer.reached() && answer.status() == 200) {
                entry.put("applied", true);
            } else {
                entry.put("applied", false).put("error", answer.problem());
            }
            servers.add(entry);
        }
        return servers;
    }

    private ObjectNode server(String name, boolean self) {
        ObjectNode entry = json.mapper().createObjectNode().put("server", name);
        if (self) {
            entry.put("self", true);
        }
        return entry;
    }

    private static ObjectNode withServer(ObjectNode relay, String server) {
        relay.put("server", server);
        return relay;
    }

    private JsonNode parse(byte[] body) {
        try {
            return json.read(body);
        } catch (java.io.IOException e) {
            return null;
        }
    }
}
