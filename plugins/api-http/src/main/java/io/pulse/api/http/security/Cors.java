package io.pulse.api.http.security;

import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerResponse;

/**
 * The original's CORS headers: {@code Access-Control-Allow-Origin: <cors-allow>} and fixed allow-methods and
 * allow-headers lists. Immutable.
 *
 * @param allowOrigin the {@code --cors-allow} value
 */
public record Cors(String allowOrigin) {

    /** The methods the original allowed. */
    public static final String ALLOW_METHODS = "GET, POST, PUT, DELETE";
    /** The request headers the original allowed. */
    public static final String ALLOW_HEADERS = "X-AUTH-TOKEN, X-CSRF-Token";

    private static final HeaderName ALLOW_ORIGIN = HeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN;

    /** Adds the CORS headers to a response. */
    public void apply(ServerResponse res) {
        res.header(ALLOW_ORIGIN, allowOrigin);
        res.header(HeaderNames.ACCESS_CONTROL_ALLOW_METHODS, ALLOW_METHODS);
        res.header(HeaderNames.ACCESS_CONTROL_ALLOW_HEADERS, ALLOW_HEADERS);
    }
}
