package io.pulse.api.http;

import io.pulse.spi.ConfigException;
import io.pulse.spi.option.HostPort;
import io.pulse.spi.option.Option;
import io.pulse.spi.option.OptionValues;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Optional;

import static io.pulse.api.http.HttpApiOptions.CORS_ALLOW;
import static io.pulse.api.http.HttpApiOptions.FEDERATE_MAX_SERIES;
import static io.pulse.api.http.HttpApiOptions.OPEN_OPS_ROUTES;
import static io.pulse.api.http.HttpApiOptions.LIVE_BUFFER;
import static io.pulse.api.http.HttpApiOptions.LIVE_HEARTBEAT;
import static io.pulse.api.http.HttpApiOptions.MAX_LIVE_CLIENTS;
import static io.pulse.api.http.HttpApiOptions.IDLE_TIMEOUT;
import static io.pulse.api.http.HttpApiOptions.INSECURE;
import static io.pulse.api.http.HttpApiOptions.LISTEN_ADDRESS;
import static io.pulse.api.http.HttpApiOptions.MAX_BODY_SIZE;
import static io.pulse.api.http.HttpApiOptions.MAX_CONNECTIONS;
import static io.pulse.api.http.HttpApiOptions.MAX_HEADER_SIZE;
import static io.pulse.api.http.HttpApiOptions.MAX_QUERY_PARAMS;
import static io.pulse.api.http.HttpApiOptions.MAX_REQUEST_LINE;
import static io.pulse.api.http.HttpApiOptions.MAX_WINDOW;
import static io.pulse.api.http.HttpApiOptions.REQUEST_TIMEOUT;
import static io.pulse.api.http.HttpApiOptions.TLS_CERT;
import static io.pulse.api.http.HttpApiOptions.TLS_KEY;
import static io.pulse.api.http.HttpApiOptions.TOKEN;
import static io.pulse.api.http.HttpApiOptions.ZONE;
import static io.pulse.api.http.HttpApiOptions.nameOf;

/**
 * Everything the HTTP API is configured with, validated once when the front end is created. The options
 * ({@link HttpApiOptions}) arrive parsed and range-checked by the kernel; this adds what no type can say.
 *
 * @param listen       where to listen; every interface is written {@code 0.0.0.0}
 * @param token        the token every request must carry; empty when auth was disabled explicitly
 * @param corsAllow    the {@code Access-Control-Allow-Origin} value
 * @param insecure     true for plain HTTP, false for HTTPS
 * @param tlsCert      the PEM certificate chain to serve HTTPS with; empty for a self-signed one
 * @param tlsKey       the PEM (PKCS#8) private key of {@code tlsCert}
 * @param zone         the zone {@code /daily} slots are computed in
 * @param maxWindow    the longest {@code start} accepted by {@code /hourly} and {@code /daily}
 * @param limits       request limits
 * @param live         the limits of {@code GET /live}
 * @param federateMaxSeries the most series in one {@code GET /federate} answer
 * @param openOpsRoutes whether the health and metrics routes answer without the token
 */
public record HttpApiSettings(HostPort listen, String token, String corsAllow, boolean insecure,
                              Optional<Path> tlsCert, Optional<Path> tlsKey, ZoneId zone, Duration maxWindow,
                              Limits limits, Live live, int federateMaxSeries,
                              boolean openOpsRoutes) {

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
     * @param maxConnections    most concurrent connections served (503 beyond, see {@code ConnectionLimit})
     */
    public record Limits(long maxBodySize, int maxHeaderSize, int maxRequestLine, int maxQueryParams,
                         Duration idleTimeout, Duration requestTimeout, int maxConnections) {
    }

    /**
     * The limits of {@code GET /live}.
     *
     * @param maxClients most concurrent streams
     * @param heartbeat  how often a {@code : ping} comment is sent
     * @param buffer     samples waiting per client before its oldest are dropped
     */
    public record Live(int maxClients, Duration heartbeat, int buffer) {
    }

    /**
     * Reads the parsed options and checks what spans them: the CORS value is a valid header value, the TLS files
     * are set together, only for HTTPS, and readable.
     *
     * @throws ConfigException naming the options and what is accepted
     */
    public static HttpApiSettings from(OptionValues options) {
        String cors = options.get(CORS_ALLOW);
        if (cors.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            // It becomes a response header: a line break would let the value add headers of its own.
            throw new ConfigException(nameOf(CORS_ALLOW) + ": must not contain control characters");
        }
        boolean insecure = options.get(INSECURE);
        Optional<Path> cert = options.find(TLS_CERT);
        Optional<Path> key = options.find(TLS_KEY);
        if (cert.isPresent() != key.isPresent()) {
            throw new ConfigException(nameOf(TLS_CERT) + " and " + nameOf(TLS_KEY) + ": set both (a PEM certificate"
                + " chain and its PEM private key) or neither (a self-signed certificate is generated)");
        }
        if (cert.isPresent() && insecure) {
            throw new ConfigException(nameOf(TLS_CERT) + "/" + nameOf(TLS_KEY) + " are set but " + nameOf(INSECURE)
                + " is true (plain HTTP): set --insecure=false to serve HTTPS with them, or remove them");
        }
        cert.ifPresent(file -> requireReadableFile(TLS_CERT, file));
        key.ifPresent(file -> requireReadableFile(TLS_KEY, file));
        Limits limits = new Limits(
            options.get(MAX_BODY_SIZE),
            options.get(MAX_HEADER_SIZE),
            options.get(MAX_REQUEST_LINE),
            options.get(MAX_QUERY_PARAMS),
            options.get(IDLE_TIMEOUT),
            options.get(REQUEST_TIMEOUT),
            options.get(MAX_CONNECTIONS));
        return new HttpApiSettings(ListenAddresses.bindable(options.get(LISTEN_ADDRESS)), options.get(TOKEN), cors,
            insecure, cert, key, options.find(ZONE).orElseGet(ZoneId::systemDefault), options.get(MAX_WINDOW), limits,
            new Live(options.get(MAX_LIVE_CLIENTS), options.get(LIVE_HEARTBEAT), options.get(LIVE_BUFFER)),
            options.get(FEDERATE_MAX_SERIES), options.get(OPEN_OPS_ROUTES));
    }

    /** Whether requests must carry the token. */
    public boolean authEnabled() {
        return !token.isEmpty();
    }

    /** Fails now, naming the option, rather than when HTTPS is set up after the other components started. */
    private static void requireReadableFile(Option<Path> option, Path file) {
        String problem = !Files.exists(file) ? "it does not exist"
            : !Files.isRegularFile(file) ? "it is not a regular file"
            : !Files.isReadable(file) ? "it is not readable by this process"
            : null;
        if (problem != null) {
            throw new ConfigException(nameOf(option) + ": cannot read " + file + ": " + problem);
        }
    }
}
