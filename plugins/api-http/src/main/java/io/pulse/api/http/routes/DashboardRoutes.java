package io.pulse.api.http.routes;

import io.pulse.api.http.security.SecurityHeaders;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The browser dashboard: {@code GET /} (the page) and {@code GET /ui/{asset}} (its script, stylesheet and the uPlot
 * chart library). These paths need no token: the page itself asks for the token and sends it with every API call.
 *
 * <p>Only the fixed set of files below is served, read once from this module's resources at construction (a missing
 * one fails start-up rather than the first browser), so no request path ever reaches the resource lookup. uPlot's
 * two files are unpacked from the {@code org.webjars.npm:uplot} WebJar at build time (see this module's pom).
 * Thread-safe: immutable.
 */
public final class DashboardRoutes {

    /** The page's path. */
    public static final String PAGE_PATH = "/";
    /** The assets' path prefix; every path under it is served without a token (unknown names are 404). */
    public static final String ASSET_PREFIX = "/ui/";

    private static final String RESOURCES = "/io/pulse/api/http/ui/";
    /** The page's policy (every answer carries it, see {@link SecurityHeaders}; set here too, where it matters). */
    private static final String CONTENT_SECURITY_POLICY = SecurityHeaders.CONTENT_SECURITY_POLICY;

    private final Respond respond;
    private final Asset page;
    private final Map<String, Asset> assets;

    public DashboardRoutes(Respond respond) {
        this.respond = respond;
        this.page = Asset.load("dashboard.html", "text/html; charset=utf-8");
        Map<String, Asset> byName = new LinkedHashMap<>();
        byName.put("dashboard.js", Asset.load("dashboard.js", "text/javascript; charset=utf-8"));
        byName.put("dashboard.css", Asset.load("dashboard.css", "text/css; charset=utf-8"));
        byName.put("uPlot.iife.min.js", Asset.load("uPlot.iife.min.js", "text/javascript; charset=utf-8"));
        byName.put("uPlot.min.css", Asset.load("uPlot.min.css", "text/css; charset=utf-8"));
        byName.put("uPlot-LICENSE.txt", Asset.load("LICENSE", "text/plain; charset=utf-8"));
        this.assets = Map.copyOf(byName);
    }

    /** The routes, in registration order. */
    public List<Route> routes() {
        return List.of(
            Route.get(PAGE_PATH, false, (req, res) -> {
                res.header(HeaderNames.create("Content-Security-Policy"), CONTENT_SECURITY_POLICY);
                res.header(HeaderNames.create("X-Content-Type-Options"), "nosniff");
                send(res, page);
            }),
            Route.get(ASSET_PREFIX + "{asset}", false, this::asset));
    }

    private void asset(ServerRequest req, ServerResponse res) {
        Asset asset = assets.get(req.path().pathParameters().get("asset"));
        if (asset == null) {
            respond.text(res, 404, ApiRoutes.PAGE_NOT_FOUND);
            return;
        }
        res.header(HeaderNames.create("X-Content-Type-Options"), "nosniff");
        send(res, asset);
    }

    private static void send(ServerResponse res, Asset asset) {
        res.header(HeaderNames.CONTENT_TYPE, asset.contentType());
        // The files change only with a new Pulse version: let the browser keep them, but check each time.
        res.header(HeaderNames.CACHE_CONTROL, "no-cache");
        res.send(asset.bytes());
    }

    private record Asset(byte[] bytes, String contentType) {
        static Asset load(String name, String contentType) {
            try (InputStream in = DashboardRoutes.class.getResourceAsStream(RESOURCES + name)) {
                if (in == null) {
                    throw new IllegalStateException(RESOURCES + name + " is missing from the module");
                }
                return new Asset(in.readAllBytes(), contentType);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
