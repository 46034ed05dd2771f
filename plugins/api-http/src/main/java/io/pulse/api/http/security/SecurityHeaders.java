package io.pulse.api.http.security;

import io.helidon.http.Header;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;
import io.helidon.http.ServerResponseHeaders;

import java.util.Set;

/**
 * Security headers on every routed answer (installed before the token check, so refusals carry them too):
 * <ul>
 *   <li>{@code X-Content-Type-Options: nosniff} - a browser never guesses a type other than the one declared (a
 *   JSON answer echoing user text is never run as script or rendered as HTML);</li>
 *   <li>{@code Content-Security-Policy} - {@link #CONTENT_SECURITY_POLICY}: the dashboard loads its scripts, styles
 *   and data from this server only, no inline script, no plugins, and no page may frame it;</li>
 *   <li>{@code Referrer-Policy: no-referrer} - the {@code /live} URL (which carries the token as a query parameter
 *   for EventSource) never leaks in a Referer header;</li>
 *   <li>{@code Cache-Control: no-store} on API answers (not on the dashboard's page and assets, which revalidate
 *   with {@code no-cache}): stats, alerts and relay lists stay out of browser and proxy caches.</li>
 * </ul>
 * Thread-safe: immutable.
 */
public final class SecurityHeaders implements Filter {

    /**
     * The dashboard's policy, sent with every answer: scripts, styles and connections from this origin only, nothing
     * inline and nothing from elsewhere (so a stat name or tag value can never run as script), images also as
     * {@code data:} URLs, no object/embed, no forms, no framing. uPlot sizes its elements through
     * {@code element.style}, which {@code style-src} does not restrict.
     */
    public static final String CONTENT_SECURITY_POLICY =
        "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:;"
            + " base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    private static final Header NOSNIFF = HeaderValues.X_CONTENT_TYPE_OPTIONS_NOSNIFF;
    private static final Header CSP = HeaderValues.create(HeaderNames.create("Content-Security-Policy"),
        CONTENT_SECURITY_POLICY);
    private static final Header NO_REFERRER = HeaderValues.create(HeaderNames.create("Referrer-Policy"),
        "no-referrer");
    private static final Header NO_STORE = HeaderValues.create(HeaderNames.CACHE_CONTROL, "no-store");

    private final Set<String> dashboardPaths;
    private final String dashboardPrefix;

    /**
     * @param dashboardPaths  exact paths of dashboard pages (cacheable, they set their own Cache-Control)
     * @param dashboardPrefix the prefix of the dashboard's assets, e.g. {@code /ui/}
     */
    public SecurityHeaders(Set<String> dashboardPaths, String dashboardPrefix) {
        this.dashboardPaths = Set.copyOf(dashboardPaths);
        this.dashboardPrefix = dashboardPrefix;
    }

    @Override
    public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        apply(res.headers(), req.path().path());
        chain.proceed();
    }

    /** Sets the headers for an answer to {@code path}. */
    void apply(ServerResponseHeaders headers, String path) {
        headers.set(NOSNIFF);
        headers.set(CSP);
        headers.set(NO_REFERRER);
        if (!isDashboard(path)) {
            headers.set(NO_STORE);
        }
    }

    /**
     * Sets the headers on an answer written outside routing (the transport's error answers, e.g. 414), which is
     * never a dashboard file.
     *
     * @param headers the answer's headers
     */
    public static void errorAnswer(ServerResponseHeaders headers) {
        headers.set(NOSNIFF);
        headers.set(CSP);
        headers.set(NO_REFERRER);
        headers.set(NO_STORE);
    }

    /** Whether {@code path} is the dashboard's page or one of its assets. */
    boolean isDashboard(String path) {
        return dashboardPaths.contains(path) || path.startsWith(dashboardPrefix);
    }
}
