package io.pulse.api.http.routes;

import io.helidon.http.RequestException;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.pulse.api.http.security.Cors;
import io.pulse.spi.storage.InvalidQueryException;
import io.pulse.spi.storage.StorageUnavailableException;

import java.lang.System.Logger.Level;

/**
 * Runs a route's handler so that every outcome is a proper answer: the CORS headers first (when the route has them,
 * so errors carry them too), then the handler, and every failure turned into {@code {"error":"..."}} with the right
 * status. Bad input is 4xx, an unavailable backend 503, and anything unexpected 500 with a logged stack trace that
 * never reaches the client. Thread-safe.
 */
final class GuardedHandler implements Handler {

    private static final System.Logger LOG = System.getLogger(GuardedHandler.class.getName());

    private final Route route;
    private final Cors cors;
    private final Respond respond;
    private final long maxBodySize;

    GuardedHandler(Route route, Cors cors, Respond respond, long maxBodySize) {
        this.route = route;
        this.cors = cors;
        this.respond = respond;
        this.maxBodySize = maxBodySize;
    }

    @Override
    public void handle(ServerRequest req, ServerResponse res) {
        if (route.cors()) {
            cors.apply(res);
        }
        try {
            route.handler().handle(req, res);
        } catch (ApiException e) {
            fail(res, e.status(), e.getMessage());
        } catch (InvalidQueryException e) {
            fail(res, 400, e.getMessage());
        } catch (StorageUnavailableException e) {
            fail(res, 503, "storage unavailable: " + e.getMessage());
        } catch (RequestException e) {
            // Helidon refused the request while we read it, e.g. a chunked body over the size limit.
            fail(res, e.status().code(), e.status().code() == 413
                ? "request body too large: at most " + maxBodySize + " bytes are accepted"
                : e.status().reasonPhrase());
        } catch (Exception e) {
            LOG.log(Level.ERROR, "unexpected failure answering " + route + " (" + req.path().path() + ")", e);
            fail(res, 500, "internal error (" + e.getClass().getSimpleName() + "); the server log has the details");
        }
    }

    private void fail(ServerResponse res, int status, String message) {
        if (!res.isSent()) {
            respond.error(res, status, message);
        }
    }
}
