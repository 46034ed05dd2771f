package io.pulse.api.http.routes;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.helidon.http.HeaderValues;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.helidon.http.HeaderNames;
import io.pulse.api.http.json.HealthBody;
import io.pulse.api.http.prometheus.PrometheusText;
import io.pulse.api.http.prometheus.SelfMetrics;
import io.pulse.spi.frontend.FrontEndContext;
import io.pulse.spi.metrics.MetricFamily;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.Set;

/**
 * Routes for operators: {@code GET /health} (every component's health; 503 when one is down),
 * {@code GET /health/live} (the process answers: always 200), {@code GET /health/ready} (200 when every component
 * is up, 503 otherwise, with each one's health), {@code GET /metrics} (the server's counters and gauges in the
 * Prometheus text format, or as a JSON object for {@code Accept: application/json}) and {@code GET /openapi} (this
 * API's OpenAPI 3 document, its {@code info.version} the running server's version; needs no token). Whether the
 * health and metrics routes need the token is {@code open-ops-routes}' business ({@link #OPS_PATHS}). Thread-safe:
 * the document is read once.
 */
public final class OpsRoutes {

    /** The OpenAPI document's resource name, next to {@link io.pulse.api.http.HttpApiPlugin}. */
    public static final String OPENAPI_RESOURCE = "/io/pulse/api/http/openapi.json";
    /** {@code info.version} in the shipped document, replaced by the server's version when served. */
    static final String VERSION_PLACEHOLDER = "\"(the server's version, filled in when served)\"";
    /** The path of the OpenAPI document, served without a token. */
    public static final String OPENAPI_PATH = "/openapi";
    /** The health and metrics paths: open (no token) unless {@code open-ops-routes} is false. */
    public static final Set<String> OPS_PATHS = Set.of("/health", "/health/live", "/health/ready", "/metrics");

    private static final HealthBody LIVE = new HealthBody("UP", List.of());

    private final FrontEndContext server;
    private final Respond respond;
    private final byte[] openApi;

    /**
     * @param server  the server's counters, gauges and health
     * @param respond how JSON answers are written
     * @param version the server's version ({@code ServerSettings.version()}), the document's {@code info.version}
     */
    public OpsRoutes(FrontEndContext server, Respond respond, String version) {
        this.server = server;
        this.respond = respond;
        this.openApi = openApiDocument(version);
    }

    /** The routes, in registration order. */
    public List<Route> routes() {
        return List.of(
            Route.get("/health", true, this::health),
            Route.get("/health/live", true, (req, res) -> respond.json(res, 200, LIVE)),
            Route.get("/health/ready", true, this::health),
            Route.get("/metrics", true, this::metrics),
            Route.get(OPENAPI_PATH, true, this::openApi));
    }

    /** {@code /health} and {@code /health/ready}: ready means every component (storage, listeners, plugins) is up. */
    void health(ServerRequest req, ServerResponse res) {
        HealthBody health = HealthBody.of(server.health());
        respond.json(res, health.up() ? 200 : 503, health);
    }

    /** Prometheus text unless the client asks for JSON (the form this route had first). */
    void metrics(ServerRequest req, ServerResponse res) {
        if (wantsJson(req.headers().first(HeaderNames.ACCEPT).orElse(""))) {
            respond.ok(res, jsonMetrics());
            return;
        }
        res.header(HeaderNames.CONTENT_TYPE, PrometheusText.CONTENT_TYPE);
        res.send(SelfMetrics.render(server.typedMetrics(), server.metricFamilies()).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The JSON form: the dotted counters and gauges by name, as this route always answered, and under
     * {@code families} the histograms, labelled and plugin metrics (name, type, help, samples; a sample whose value is
     * not finite is left out, JSON having no such numbers).
     */
    private Map<String, Object> jsonMetrics() {
        Map<String, Object> body = new LinkedHashMap<>(server.metrics());
        List<MetricFamily> families = new ArrayList<>();
        for (MetricFamily family : server.metricFamilies()) {
            families.add(new MetricFamily(family.name(), family.type(), family.help(),
                family.samples().stream().filter(sample -> Double.isFinite(sample.value())).toList()));
        }
        body.put("families", families);
        return body;
    }

    /**
     * Whether an {@code Accept} header asks for JSON rather than text: it names {@code application/json} and no
     * {@code text/plain} before it (Prometheus sends {@code text/plain;version=0.0.4;q=0.3,*}{@code /*;q=0.2}).
     */
    static boolean wantsJson(String accept) {
        int json = accept.toLowerCase(Locale.ROOT).indexOf("application/json");
        if (json < 0) {
            return false;
        }
        int text = accept.toLowerCase(Locale.ROOT).indexOf("text/plain");
        return text < 0 || json < text;
    }

    void openApi(ServerRequest req, ServerResponse res) {
        res.header(HeaderValues.CONTENT_TYPE_JSON);
        res.send(openApi);
    }

    /**
     * The shipped document with {@code info.version} set to {@code version}: the document describes the API of the
     * server that serves it, and the build gives the kernel (not this plugin) its version. The placeholder is replaced
     * in the text, so the document keeps its layout.
     */
    public static byte[] openApiDocument(String version) {
        String shipped = new String(openApiDocument(), StandardCharsets.UTF_8);
        int at = shipped.indexOf(VERSION_PLACEHOLDER);
        if (at < 0 || shipped.indexOf(VERSION_PLACEHOLDER, at + 1) >= 0) {
            throw new IllegalStateException(OPENAPI_RESOURCE + " must hold " + VERSION_PLACEHOLDER
                + " once, as info.version");
        }
        String quoted;
        try {
            quoted = new ObjectMapper().writeValueAsString(version);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        return (shipped.substring(0, at) + quoted + shipped.substring(at + VERSION_PLACEHOLDER.length()))
            .getBytes(StandardCharsets.UTF_8);
    }

    /** The document as shipped in this module ({@code info.version} is filled in when served). */
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
