package io.pulse.api.http;

import io.pulse.spi.ConfigException;
import io.pulse.spi.ConfigOption;
import io.pulse.spi.ConfigView;
import io.pulse.spi.Durations;
import io.pulse.spi.PluginContext;

import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;

/**
 * Everything the HTTP API is configured with, validated once when the front end is created.
 *
 * <p>The original's flags come from the server's top-level settings ({@link PluginContext#serverConfig()}):
 * {@code http-listen-address}, {@code token}, {@code cors-allow}, {@code insecure}, plus Pulse's {@code tls-cert} and
 * {@code tls-key}. The API's own options live in its {@code http} section ({@link #OPTIONS}).
 *
 * @param listen       where to listen
 * @param token        the token every request must carry; empty when auth was disabled explicitly
 * @param corsAllow    the {@code Access-Control-Allow-Origin} value
 * @param insecure     true for plain HTTP, false for HTTPS
 * @param tlsCert      the PEM certificate chain to serve HTTPS with; empty for a self-signed one
 * @param tlsKey       the PEM (PKCS#8) private key of {@code tlsCert}
 * @param zone         the zone {@code /daily} slots are computed in
 * @param maxWindow    the longest {@code start} accepted by {@code /hourly} and {@code /daily}
 * @param limits       request limits
 */
public record HttpApiSettings(ListenAddress listen, String token, String corsAllow, boolean insecure,
                              Optional<Path> tlsCert, Optional<Path> tlsKey, ZoneId zone, Duration maxWindow,
                              Limits limits) {

    /** The largest {@code max-window} accepted: 100 years keeps every window well inside millisecond arithmetic. */
    static final Duration MAX_WINDOW_LIMIT = Duration.ofDays(7 * 5200);

    /** The original's default token; warned about, and refused on a non-loopback address. */
    public static final String DEFAULT_TOKEN = "secret";

    /**
     * Request limits, enforced by the listener (sizes, timeouts) and by the routes (query parameters).
     *
     * @param maxBodySize       largest request body in bytes (413 beyond)
     * @param maxHeaderSize     largest header block in bytes
     * @param maxRequestLine    longest request line (method, path and query) in bytes
     * @param maxQueryParams    most query parameters per request (400 beyond)
     * @param idleTimeout       a connection that has not started a request for this long is closed (idle
     *                          keep-alive connections, clients stuck in their request line)
     * @param requestTimeout    a request not received and answered this long after its request line is cut off
     *                          (clients trickling headers or body)
     * @param maxConnections    most concurrent TCP connections
     */
    public record Limits(long maxBodySize, int maxHeaderSize, int maxRequestLine, int maxQueryParams,
                         Duration idleTimeout, Duration requestTimeout, int maxConnections) {
    }

    /** The options of the {@code http} section, with their defaults. */
    public static final List<ConfigOption> OPTIONS = List.of(
        new ConfigOption("zone", "", "time zone of /daily slots, e.g. Europe/Berlin or UTC (default: the server's)"),
        new ConfigOption("max-window", "520w", "longest start accepted by /hourly and /daily"),
        new ConfigOption("max-body-size", "65536", "largest request body in bytes"),
        new ConfigOption("max-header-size", "16384", "largest request header block in bytes"),
        new ConfigOption("max-request-line", "8192", "longest request line (method, path and query string) in bytes"),
        new ConfigOption("max-query-params", "64", "most query parameters per request"),
        new ConfigOption("idle-timeout", "30s", "a connection that has not started a request for this long is closed"),
        new ConfigOption("request-timeout", "60s", "a request not received and answered this long after its request"
            + " line is cut off (slow clients)"),
        new ConfigOption("max-connections", "1024", "most concurrent TCP connections"));

    /**
     * Reads and validates the settings.
     *
     * @throws ConfigException naming the key and what is accepted
     */
    public static HttpApiSettings from(PluginContext context) {
        ConfigView server = context.serverConfig();
        ConfigView own = context.config();

        ListenAddress listen = ListenAddress.parse(server.get(ListenAddress.FLAG, "127.0.0.1:8080"));
        // Absent means the default; present but empty means "no auth", which only an explicit setting can do.
        String token = server.get("token").orElse(DEFAULT_TOKEN);
        String cors = server.get("cors-allow", "*");
        if (cors.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            throw new ConfigException(server.fullKey("cors-allow") + ": must not contain control characters");
        }
        boolean insecure = server.getBoolean("insecure", true);
        Optional<Path> cert = path(server, "tls-cert");
        Optional<Path> key = path(server, "tls-key");
        if (cert.isPresent() != key.isPresent()) {
            throw new ConfigException("tls-cert and tls-key: set both (a PEM certificate chain and its PEM private key)"
                + " or neither (a self-signed certificate is generated)");
        }
        if (cert.isPresent() && insecure) {
            throw new ConfigException("tls-cert/tls-key are set but insecure is true (plain HTTP): set --insecure=false"
                + " to serve HTTPS with them, or remove them");
        }

        ZoneId zone = zone(own);
        Duration maxWindow = own.getDuration("max-window", Duration.ofDays(7 * 520));
        if (maxWindow.isZero() || maxWindow.compareTo(MAX_WINDOW_LIMIT) > 0) {
            throw new ConfigException(own.fullKey("max-window") + ": expected a duration from 1s to "
                + Durations.format(MAX_WINDOW_LIMIT) + ", got " + Durations.format(maxWindow));
        }
        Limits limits = new Limits(
            own.getInt("max-body-size", 65536, 1, Integer.MAX_VALUE),
            own.getInt("max-header-size", 16384, 1024, 1 << 20),
            own.getInt("max-request-line", 8192, 256, 1 << 20),
            own.getInt("max-query-params", 64, 1, 10_000),
            positive(own, "idle-timeout", Duration.ofSeconds(30)),
            positive(own, "request-timeout", Duration.ofSeconds(60)),
            own.getInt("max-connections", 1024, 1, 1_000_000));
        return new HttpApiSettings(listen, token, cors, insecure, cert, key, zone, maxWindow, limits);
    }

    /** Whether requests must carry the token. */
    public boolean authEnabled() {
        return !token.isEmpty();
    }

    private static Optional<Path> path(ConfigView view, String key) {
        return view.get(key).filter(s -> !s.isBlank()).map(s -> Path.of(s.strip()));
    }

    private static ZoneId zone(ConfigView own) {
        String text = own.get("zone", "").strip();
        if (text.isEmpty()) {
            return ZoneId.systemDefault();
        }
        try {
            return ZoneId.of(text);
        } catch (DateTimeException e) {
            throw new ConfigException(own.fullKey("zone") + ": expected a time zone id such as UTC, Europe/Berlin or"
                + " +02:00, got '" + text + "'");
        }
    }

    private static Duration positive(ConfigView view, String key, Duration defaultValue) {
        Duration d = view.getDuration(key, defaultValue);
        if (d.isZero()) {
            throw new ConfigException(view.fullKey(key) + ": must be positive, got " + Durations.format(d));
        }
        return d;
    }
}
