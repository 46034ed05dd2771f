package io.pulse.api.http.routes;

import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.pulse.api.http.json.MessageBody;
import io.pulse.api.http.json.OverrideBody;
import io.pulse.api.http.json.RelayBody;
import io.pulse.spi.frontend.FrontEndContext;
import io.pulse.spi.frontend.PollOverride;

import java.util.List;

/**
 * The relay admin routes Pulse adds: {@code GET /relays} (who is connected, their collectors, when they were last
 * polled and answered), {@code POST /relays/{id}/flush}, {@code POST /overrides} and {@code GET /overrides}.
 * Thread-safe: no state beyond final collaborators.
 */
public final class RelayRoutes {

    private final FrontEndContext server;
    private final Respond respond;

    public RelayRoutes(FrontEndContext server, Respond respond) {
        this.server = server;
        this.respond = respond;
    }

    /** The routes, in registration order. */
    public List<Route> routes() {
        return List.of(
            Route.get("/relays", true, (req, res) ->
                respond.ok(res, server.relays().stream().map(RelayBody::of).toList())),
            Route.post("/relays/{id}/flush", true, this::flush),
            Route.post("/overrides", true, this::override),
            Route.get("/overrides", true, (req, res) ->
                respond.ok(res, server.overrides().stream().map(OverrideBody::of).toList())));
    }

    void flush(ServerRequest req, ServerResponse res) {
        String id = req.path().pathParameters().get("id");
        if (!server.flush(id)) {
            throw ApiException.notFound("no relay with id '" + id + "' is connected");
        }
        respond.ok(res, MessageBody.SUCCESS);
    }

    void override(ServerRequest req, ServerResponse res) throws Exception {
        OverrideRequest request = OverrideRequest.parse(Bodies.read(req), respond.json());
        PollOverride started;
        try {
            started = server.override(request.duration(), request.collectors());
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(e.getMessage());
        }
        respond.ok(res, OverrideBody.of(started));
    }
}
