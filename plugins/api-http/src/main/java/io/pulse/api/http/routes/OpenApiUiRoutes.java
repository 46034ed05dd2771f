package io.pulse.api.http.routes;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Swagger UI for this API's OpenAPI document: {@code GET /openapi/ui} (the page) and {@code GET /openapi/ui/{asset}}
 * (Swagger UI's bundle, stylesheet, icons and licence notice, and the script that points it at {@code /openapi}).
 * None of them needs the token: the page asks for it ("Authorize") and sends it with the calls it tries.
 *
 * <p>Swagger UI's files come from the {@code org.webjars:swagger-ui} WebJar, unpacked into this module's resources at
 * build time (see this module's pom), so the page works without internet access. Only the fixed set below is served;
 * their presence is checked at construction (a missing one fails start-up), their bytes (about 2 MB) are read on first
 * request and kept, so a server nobody opens the page on never loads them. Thread-safe.
 */
public final class OpenApiUiRoutes {

    /** The page's path. */
    public static final String PAGE_PATH = "/openapi/ui";
    /** The files' path prefix; every path under it is served without a token (unknown names are 404). */
    public static final String ASSET_PREFIX = "/openapi/ui/";

    private static final String RESOURCES = "/io/pulse/api/http/openapi-ui/";
    /**
     * Scripts, styles, images and calls from this origin only, nothing inline: Swagger UI styles through
     * {@code element.style}, which {@code style-src} does not restrict, and draws its icons as inline SVG elements.
     */
    private static final String CONTENT_SECURITY_POLICY =
        "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:;"
            + " font-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    /** File name to content type. */
    private static final Map<String, String> FILES = Map.of(
        "swagger-ui-bundle.js", "text/javascript; charset=utf-8",
        "swagger-ui.css", "text/css; charset=utf-8",
        "openapi-ui.js", "text/javascript; charset=utf-8",
        "favicon-32x32.png", "image/png",
        "favicon-16x16.png", "image/png",
        "swagger-ui-bundle.js.LICENSE.txt", "text/plain; charset=utf-8");

    private final Respond respond;
    private final Map<String, byte[]> loaded = new ConcurrentHashMap<>();

    public OpenApiUiRoutes(Respond respond) {
        this.respond = respond;
        for (String name : List.of("index.html", "swagger-ui-bundle.js", "swagger-ui.css", "openapi-ui.js",
            "favicon-32x32.png", "favicon-16x16.png", "swagger-ui-bundle.js.LICENSE.txt")) {
            if (OpenApiUiRoutes.class.getResource(RESOURCES + name) == null) {
                throw new IllegalStateException(RESOURCES + name + " is missing from the module");
            }
        }
    }

    /** The routes, in registration order. */
    public List<Route> routes() {
        return List.of(
            Route.get(PAGE_PATH, false, (req, res) -> {
                res.header(HeaderNames.create("Content-Security-Policy"), CONTENT_SECURITY_POLICY);
                res.header(HeaderNames.create("X-Content-Type-Options"), "nosniff");
                send(res, "index.html", "text/html; charset=utf-8");
            }),
            Route.get(ASSET_PREFIX + "{asset}", false, this::asset));
    }

    private void asset(ServerRequest req, ServerResponse res) {
        String name = req.path().pathParameters().get("asset");
        String type = FILES.get(name);
        if (type == null) {
            respond.text(res, 404, ApiRoutes.PAGE_NOT_FOUND);
            return;
        }
        res.header(HeaderNames.create("X-Content-Type-Options"), "nosniff");
        send(res, name, type);
    }

    private void send(ServerResponse res, String name, String contentType) {
        res.header(HeaderNames.CONTENT_TYPE, contentType);
        // The files change only with a new Pulse version: let the browser keep them, but check each time.
        res.header(HeaderNames.CACHE_CONTROL, "no-cache");
        res.send(loaded.computeIfAbsent(name, OpenApiUiRoutes::read));
    }

    private static byte[] read(String name) {
        try (InputStream in = OpenApiUiRoutes.class.getResourceAsStream(RESOURCES + name)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCES + name + " is missing from the module");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
