package io.pulse.api.http.routes;

import io.helidon.http.HeaderValues;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.pulse.api.http.json.HealthBody;
import io.pulse.spi.frontend.FrontEndContext;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * Routes for operators: {@code GET /health} (every component's health; 503 when one is down), {@code GET /metrics}
 * (the server's counters as a JSON object) and {@code GET /openapi} (this API's OpenAPI 3 document; needs no
 * token). Thread-safe: the document is read once.
 */
public final class OpsRoutes {

    /** The OpenAPI document's resource name, next to {@link io.pulse.api.http.HttpApiPlugin}. */
    public static final String OPENAPI_RESOURCE = "/io/pulse/api/http/openapi.json";
    /** The path of the OpenAPI document, served without a token. */
    public static final String OPENAPI_PATH = "/openapi";

    private final FrontEndContext server;
    private final Respond respond;
    private final byte[] openApi;

    public OpsRoutes(FrontEndContext server, Respond respond) {
        this.server = server;
        this.respond = respond;
        this.openApi = openApiDocument();
    }

    /** The routes, in registration order. */
    public List<Route> routes() {
        return List.of(
            Route.get("/health", true, this::health),
            Route.get("/metrics", true, (req, res) -> respond.ok(res, server.metrics())),
            Route.get(OPENAPI_PATH, true, this::openApi));
    }

    void health(ServerRequest req, ServerResponse res) {
        HealthBody health = HealthBody.of(server.health());
        respond.json(res, health.up() ? 200 : 503, health);
    }

    void openApi(ServerRequest req, ServerResponse res) {
        res.header(HeaderValues.CONTENT_TYPE_JSON);
        res.send(openApi);
    }

    /** The document as shipped in this module. */
    public static byte[] openApiDocument() {
        try (InputStream in = OpsRoutes.class.getResourceAsStream(OPENAPI_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(OPENAPI_RESOURCE + " is missing from the module");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
