package io.pulse.api.http.routes;

import io.helidon.http.Method;
import io.helidon.webserver.http.HttpRouting;
import io.pulse.api.http.json.MessageBody;
import io.pulse.api.http.security.Cors;
import io.pulse.api.http.security.TokenAuth;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The whole API as Helidon routing: the token check in front of everything, the route table (every route guarded,
 * see {@link GuardedHandler}), {@code OPTIONS} on any path answering {@code {"msg":"Success"}} with the CORS headers,
 * and the original's {@code 404 page not found} for every other path or method. The route table is also what the
 * OpenAPI document is checked against. Immutable.
 */
public final class ApiRoutes {

    /** The original's answer to an unknown path or method (Go's {@code http.NotFound}). */
    static final String PAGE_NOT_FOUND = "404 page not found\n";

    private final List<Route> table;
    private final Optional<TokenAuth> auth;
    private final Cors cors;
    private final Respond respond;
    private final long maxBodySize;

    /**
     * @param groups      the route groups, registered in this order
     * @param auth        the token check; empty when auth is disabled
     * @param cors        the CORS headers
     * @param respond     the answer writer
     * @param maxBodySize the body size limit, for messages
     */
    public ApiRoutes(List<List<Route>> groups, Optional<TokenAuth> auth, Cors cors, Respond respond,
                     long maxBodySize) {
        List<Route> all = new ArrayList<>();
        groups.forEach(all::addAll);
        this.table = List.copyOf(all);
        this.auth = auth;
        this.cors = cors;
        this.respond = respond;
        this.maxBodySize = maxBodySize;
    }

    /** Every route, in registration order. */
    public List<Route> table() {
        return table;
    }

    /** Registers everything with a Helidon routing builder. */
    public void register(HttpRouting.Builder routing) {
        auth.ifPresent(routing::addFilter);
        for (Route route : table) {
            routing.route(route.method(), route.path(), new GuardedHandler(route, cors, respond, maxBodySize));
        }
        routing.route(Method.OPTIONS, (req, res) -> {
            cors.apply(res);
            respond.ok(res, MessageBody.SUCCESS);
        });
        routing.any((req, res) -> respond.text(res, 404, PAGE_NOT_FOUND));
    }
}
