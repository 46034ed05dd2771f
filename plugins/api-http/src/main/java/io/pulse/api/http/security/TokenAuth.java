package io.pulse.api.http.security;

import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import io.helidon.http.Status;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Set;

/**
 * The original's token check, in front of every route: the token comes in header {@code X-AUTH-TOKEN}
 * (any case, as header names are); when that header is absent or empty, as {@code Authorization: Bearer <token>}
 * (what Prometheus' {@code authorization} / {@code bearer_token} scrape settings send); else in a query parameter
 * spelled exactly {@code X-AUTH-TOKEN} (what a browser's EventSource can send). A mismatch is {@code 401} with an
 * empty body. {@code OPTIONS} requests, the paths in {@code open} and the paths under the prefixes in
 * {@code openPrefixes} (the dashboard's static files) need no token.
 *
 * <p>Tokens are compared as SHA-256 digests with {@link MessageDigest#isEqual}, so the time taken says nothing about
 * the token, not even its length. Thread-safe: immutable after construction.
 */
public final class TokenAuth implements Filter {

    /** The header (and query parameter) carrying the token. */
    public static final String NAME = "X-AUTH-TOKEN";

    private static final HeaderName HEADER = HeaderNames.create(NAME);

    /**
     * A SHA-256 digest cloned for each check: {@link MessageDigest#getInstance} looks the algorithm up among the
     * security providers every time, which cost three times the digest itself on every request.
     */
    private static final MessageDigest SHA_256 = sha256();

    private final byte[] tokenDigest;
    private final Set<String> open;
    private final Set<String> openPrefixes;

    /**
     * @param token the expected token, not empty (an API without auth installs no filter)
     * @param open  paths that need no token, e.g. {@code /openapi}
     */
    public TokenAuth(String token, Set<String> open) {
        this(token, open, Set.of());
    }

    /**
     * @param token        the expected token, not empty (an API without auth installs no filter)
     * @param open         paths that need no token, e.g. {@code /openapi}
     * @param openPrefixes path prefixes under which no token is needed, each ending with {@code /}, e.g.
     *                     {@code /ui/}
     */
    public TokenAuth(String token, Set<String> open, Set<String> openPrefixes) {
        if (token.isEmpty()) {
            throw new IllegalArgumentException("empty token: install no TokenAuth to disable auth");
        }
        for (String prefix : openPrefixes) {
            // Without the trailing slash, "/ui" would also open "/uix" or "/ui-admin".
            if (!prefix.startsWith("/") || !prefix.endsWith("/") || prefix.length() < 3) {
                throw new IllegalArgumentException("an open prefix is a path ending with '/', got '" + prefix + "'");
            }
        }
        this.tokenDigest = digest(token);
        this.open = Set.copyOf(open);
        this.openPrefixes = Set.copyOf(openPrefixes);
    }

    @Override
    public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        if (req.prologue().method() == Method.OPTIONS || isOpen(req.path().path()) || accepts(given(req))) {
            chain.proceed();
            return;
        }
        res.status(Status.UNAUTHORIZED_401).send();
    }

    /** Whether {@code path} (decoded, as routing sees it) needs no token. */
    boolean isOpen(String path) {
        if (open.contains(path)) {
            return true;
        }
        for (String prefix : openPrefixes) {
            if (path.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    /** Whether {@code candidate} is the token. */
    boolean accepts(String candidate) {
        return candidate != null && MessageDigest.isEqual(tokenDigest, digest(candidate));
    }

    private static String given(RoutingRequest req) {
        String header = req.headers().first(HEADER).orElse("");
        if (!header.isEmpty()) {
            return header;
        }
        String bearer = bearerToken(req.headers().first(HeaderNames.AUTHORIZATION).orElse(null));
        if (bearer != null) {
            return bearer;
        }
        return queryToken(req.query().rawValue());
    }

    /**
     * The token of an {@code Authorization: Bearer <token>} header (the scheme in any case, RFC 7235), or null for
     * another scheme or none.
     */
    static String bearerToken(String authorization) {
        if (authorization == null) {
            return null;
        }
        String value = authorization.strip();
        int space = value.indexOf(' ');
        if (space < 0 || !value.substring(0, space).equalsIgnoreCase("Bearer")) {
            return null;
        }
        String token = value.substring(space + 1).strip();
        return token.isEmpty() ? null : token;
    }

    /**
     * The first value of the query parameter named exactly {@code X-AUTH-TOKEN}, or null. Parsed here rather than
     * with the routes' parser so that a request with a malformed query string is simply unauthenticated.
     */
    static String queryToken(String rawQuery) {
        if (rawQuery == null || rawQuery.isEmpty()) {
            return null;
        }
        for (String pair : rawQuery.split("&")) {
            int eq = pair.indexOf('=');
            String name = eq < 0 ? pair : pair.substring(0, eq);
            if (name.equals(NAME)) {
                String value = eq < 0 ? "" : pair.substring(eq + 1);
                try {
                    return java.net.URLDecoder.decode(value, StandardCharsets.UTF_8);
                } catch (IllegalArgumentException malformed) {
                    return null;
                }
            }
        }
        return null;
    }

    private static byte[] digest(String s) {
        MessageDigest digest;
        try {
            digest = (MessageDigest) SHA_256.clone();
        } catch (CloneNotSupportedException e) {
            digest = sha256(); // a provider whose digests cannot be cloned: look it up each time
        }
        return digest.digest(s.getBytes(StandardCharsets.UTF_8));
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
