package io.pulse.api.http.routes;

import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.pulse.api.http.json.MessageBody;
import io.pulse.api.http.json.OverrideBody;
import io.pulse.api.http.json.RelayBody;
import io.pulse.api.http.peers.Fleet;
import io.pulse.spi.frontend.FrontEndContext;
import io.pulse.spi.frontend.PollOverride;

import java.util.List;

/**
 * The relay admin routes Pulse adds: {@code GET /relays} (who is connected, their collectors, when they were last
 * polled and answered), {@code POST /relays/{id}/flush}, {@code POST /overrides} and {@code GET /overrides}.
 * With peers ({@code --peers}), {@code GET /relays?scope=fleet} lists the whole fleet, a flush for a relay on another
 * server is forwarded to it and an override is applied on every server (see {@link FleetRelays}).
 * Thread-safe: no state beyond final collaborators.
 */
public final class RelayRoutes {

    private final FrontEndContext server;
    private final Respond respond;
    private final FleetRelays fleet;

    public RelayRoutes(FrontEndContext server, Respond respond) {
        this(server, respond, null);
    }

    /**
     * @param fleet this server's peers; null for a server on its own
     */
    public RelayRoutes(FrontEndContext server, Respond respond, Fleet fleet) {
        this.server = server;
        this.respond = respond;
        this.fleet = fleet == null ? null : new FleetRelays(fleet, respond.json());
    }

    /** The routes, in registration order. */
    public List<Route> routes() {
        return List.of(
            Route.get("/relays", true, this::relays),
            Route.post("/relays/{id}/flush", true, this::flush),
            Route.post("/overrides", true, this::override),
            Route.get("/overrides", true, (req, res) ->
                respond.ok(res, server.overrides().stream().map(OverrideBody::of).toList())));
    }

    void relays(ServerRequest req, ServerResponse res) {
        String scope = req.query().first("scope").orElse("local");
        List<RelayBody> local = server.relays().stream().map(RelayBody::of).toList();
        switch (scope) {
            case "local" -> respond.ok(res, local);
            case "fleet" -> {
                if (fleet == null) {
                    throw ApiException.badRequest("scope=fleet needs the other servers of the fleet: start this"
                        + " server with --peers http://a:8080,http://b:8080,...");
                }
                respond.ok(res, fleet.fleetRelays(local));
            }
            default -> throw ApiException.badRequest("'scope' must be local (this server's relays) or fleet (every"
                + " server's), got '" + scope + "'");
        }
    }

    void flush(ServerRequest req, ServerResponse res) {
        String id = req.path().pathParameters().get("id");
        if (!server.flush(id)) {
            if (fleet == null || !fleet.forwards(req)) {
                throw ApiException.notFound("no relay with id '" + id + "' is connected");
            }
            String missing = fleet.flushOnPeers(id);
            if (missing != null) {
                throw ApiException.notFound("no relay with id '" + id + "' is connected to any server of the fleet"
                    + missing);
            }
        }
        respond.ok(res, MessageBody.SUCCESS);
    }

    void override(ServerRequest req, ServerResponse res) throws Exception {
        byte[] body = Bodies.read(req);
        OverrideRequest request = OverrideRequest.parse(body, respond.json());
        PollOverride started;
        try {
            started = server.override(request.duration(), request.collectors());
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(e.getMessage());
        }
        if (fleet != null && fleet.forwards(req)) {
            // Overrides apply to every relay, so every server of the fleet gets the same one.
            com.fasterxml.jackson.databind.node.ObjectNode answer =
                respond.json().mapper().valueToTree(OverrideBody.of(started));
            answer.set("servers", fleet.overrideOnPeers(body));
            respond.ok(res, answer);
            return;
        }
        respond.ok(res, OverrideBody.of(started));
    }
}
