package io.pulse.api.http.routes;

import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerResponse;
import io.pulse.api.http.json.ErrorBody;
import io.pulse.api.http.json.Json;

import java.nio.charset.StandardCharsets;

/**
 * Writes answers the way the original did: JSON as {@code application/json} followed by {@code \n}, errors as
 * {@code {"error":"..."}}, text as {@code text/plain; charset=utf-8}. Thread-safe (stateless apart from the codec).
 */
public final class Respond {

    private final Json json;

    public Respond(Json json) {
        this.json = json;
    }

    /** The JSON codec. */
    public Json json() {
        return json;
    }

    /** Sends {@code body} as JSON with {@code status}. */
    public void json(ServerResponse res, int status, Object body) {
        res.status(Status.create(status));
        res.header(HeaderValues.CONTENT_TYPE_JSON);
        res.send(json.write(body));
    }

    /** Sends {@code body} as JSON with 200. */
    public void ok(ServerResponse res, Object body) {
        json(res, 200, body);
    }

    /** Sends {@code {"error":message}} with {@code status}. */
    public void error(ServerResponse res, int status, String message) {
        json(res, status, new ErrorBody(message));
    }

    /** Sends plain text. */
    public void text(ServerResponse res, int status, String text) {
        res.status(Status.create(status));
        res.header(HeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8");
        res.send(text.getBytes(StandardCharsets.UTF_8));
    }
}
