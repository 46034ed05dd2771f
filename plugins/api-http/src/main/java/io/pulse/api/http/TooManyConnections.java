package io.pulse.api.http;

import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.http.Status;
import io.helidon.webserver.Router;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.pulse.api.http.json.ErrorBody;
import io.pulse.api.http.json.Json;
import io.pulse.api.http.security.Cors;
import io.pulse.api.http.security.SecurityHeaders;

/**
 * The answer to every request on a connection beyond {@code max-connections} ({@link ConnectionLimit}):
 * {@code 503} with {@code Retry-After}, the API's {@code {"error":"..."}} body, its security and CORS headers (a
 * dashboard in a browser can read why), and {@code Connection: close}. No token is needed to read it: it says
 * nothing but the limit, and checking the token would be work for a connection that is not served.
 *
 * <p>The answer goes out with a lingering close ({@link LingeringClose}): a client still sending its request body
 * reads the refusal instead of a connection reset. The lingering close also ends the connection: Helidon 4.5 leaves
 * a connection open after answering {@code Connection: close} (helidon#12324), whereas the lingering close reads
 * until the client closes or has been quiet for a second, then closes the socket. Thread-safe: immutable.
 */
final class TooManyConnections implements Handler {

    /**
     * What {@code Retry-After} asks for, in seconds: long enough for a burst of requests to pass, short enough that a
     * dashboard retrying after it does not look broken.
     */
    static final int RETRY_AFTER_SECONDS = 5;

    private final byte[] body;
    private final Cors cors;

    /**
     * @param max  the limit, for the message
     * @param json the API's JSON codec
     * @param cors the API's CORS headers
     */
    TooManyConnections(int max, Json json, Cors cors) {
        this.body = json.write(new ErrorBody("too many connections: this server serves at most " + max
            + " at once (max-connections); retry after " + RETRY_AFTER_SECONDS + " s"));
        this.cors = cors;
    }

    /** A router that answers every request with this refusal. */
    Router router() {
        return Router.builder().addRouting(HttpRouting.builder().any(this)).build();
    }

    @Override
    public void handle(ServerRequest req, ServerResponse res) {
        res.status(Status.SERVICE_UNAVAILABLE_503);
        res.header(HeaderValues.CONTENT_TYPE_JSON);
        res.header(HeaderNames.RETRY_AFTER, Integer.toString(RETRY_AFTER_SECONDS));
        res.header(HeaderValues.CONNECTION_CLOSE);
        SecurityHeaders.errorAnswer(res.headers());
        cors.apply(res);
        LingeringClose.expectRefusal();
        res.send(body);
    }
}
