/**
 * The {@code http} front end: the original pulse HTTP API (ping, keys, tags, latest, hourly, daily, alerts) plus the
 * relay admin routes, health, metrics, an OpenAPI document and a browser dashboard, served by Helidon SE WebServer on
 * virtual threads.
 *
 * <p>It sees the server only through {@code io.pulse.spi} (its {@link io.pulse.spi.PluginContext} for the storage's
 * queries and settings, a {@link io.pulse.spi.frontend.FrontEndContext} for alerts, relays, metrics and health);
 * Helidon and Jackson stay inside this module. Packages:
 * <ul>
 *   <li>{@code io.pulse.api.http} - the plugin, factory, settings and the front end's lifecycle;</li>
 *   <li>{@code io.pulse.api.http.routes} - one class per group of routes and the route table;</li>
 *   <li>{@code io.pulse.api.http.query} - query-string parsing and the stat query parameters;</li>
 *   <li>{@code io.pulse.api.http.security} - token auth and CORS;</li>
 *   <li>{@code io.pulse.api.http.tls} - the self-signed certificate (JDK only; PEM loading and the TLS policy are
 *   the SPI's {@code io.pulse.spi.tls});</li>
 *   <li>{@code io.pulse.api.http.live} - the clients of the {@code /live} stream and their bounded queues;</li>
 *   <li>{@code io.pulse.api.http.prometheus} - the Prometheus text format of {@code /federate};</li>
 *   <li>{@code io.pulse.api.http.json} - the response shapes, serialised by Jackson.</li>
 * </ul>
 *
 * <p>The dashboard's files are resources of this module under {@code io/pulse/api/http/ui/}, read by its own code
 * ({@code DashboardRoutes}), so nothing needs opening. uPlot comes from the WebJar {@code org.webjars.npm:uplot}, but
 * not as a module: a WebJar would be an automatic module, which jlink refuses to link into the image, and reading
 * another module's resources would need it to open them. The build unpacks its two files into this module's
 * resources instead (maven-dependency-plugin, see the pom), so the same bytes are served on the module path, on the
 * class path and from the jlink image, and nothing is copied into the repository.
 */
module io.pulse.api.http {
    requires io.pulse.spi;
    requires io.helidon.webserver;
    requires io.helidon.webserver.sse;
    requires io.helidon.http.media.jackson;
    requires com.fasterxml.jackson.databind;
    requires com.fasterxml.jackson.annotation;
    // Peers (--peers): the other servers of the fleet are asked over their HTTP API.
    requires java.net.http;

    // Jackson serialises the response records reflectively.
    opens io.pulse.api.http.json to com.fasterxml.jackson.databind;

    provides io.pulse.spi.Plugin with io.pulse.api.http.HttpApiPlugin;
}
