package io.pulse.api.http;

import io.pulse.spi.option.HostPort;
import io.pulse.spi.option.Option;
import io.pulse.spi.option.OptionType;

import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;

/**
 * The options of the {@code http} front end. The original pulse's flags ({@code -H}, {@code -t}, {@code -C},
 * {@code -I}) and Pulse's {@code --tls-cert}/{@code --tls-key} are options of this plugin with those flags as aliases,
 * so they keep working as before; the rest live in its {@code http} section only. Each type carries its range or
 * form, so the kernel rejects a bad value naming the option; what spans several options (or needs the file system)
 * is checked by {@link HttpApiSettings#from}.
 */
final class HttpApiOptions {

    /** Request and connection timeouts: positive; a day is far beyond any sensible value. */
    private static final OptionType<Duration> TIMEOUT = OptionType.duration(Duration.ofMillis(1), Duration.ofDays(1));

    static final Option<HostPort> LISTEN_ADDRESS = Option.builder("listen-address", OptionType.hostPort())
        .defaultValue(new HostPort("127.0.0.1", 8080))
        .flag("http-listen-address", 'H')
        .description("Http listen address")
        .build();
    /** Free text, so that an explicitly empty token (authentication disabled) is a value, not "unset". */
    static final Option<String> TOKEN = Option.builder("token", OptionType.string())
        .defaultValue(HttpApiSettings.DEFAULT_TOKEN)
        .secret()
        .flag("token", 't')
        .description("Security token (recommend placing in config file)")
        .build();
    static final Option<String> CORS_ALLOW = Option.builder("cors-allow", OptionType.string())
        .defaultValue("*")
        .flag("cors-allow", 'C')
        .description("Sets the 'Access-Control-Allow-Origin' header")
        .build();
    static final Option<Boolean> INSECURE = Option.builder("insecure", OptionType.bool())
        .defaultValue(true)
        .flag("insecure", 'I')
        .description("Run insecure: plain HTTP (false: HTTPS with --tls-cert/--tls-key or a self-signed certificate)")
        .build();
    static final Option<Path> TLS_CERT = Option.builder("tls-cert", OptionType.path())
        .flag("tls-cert")
        .description("PEM certificate chain for HTTPS, server certificate first (with --tls-key)")
        .build();
    static final Option<Path> TLS_KEY = Option.builder("tls-key", OptionType.path())
        .flag("tls-key")
        .description("PEM PKCS#8 private key (RSA or EC, unencrypted) of --tls-cert")
        .build();
    static final Option<ZoneId> ZONE = Option.builder("zone", OptionType.zone())
        .description("time zone of /daily slots, e.g. Europe/Berlin or UTC (default: the server's)")
        .build();
    /** At most 100 years, which keeps every window well inside millisecond arithmetic. */
    static final Option<Duration> MAX_WINDOW = Option.builder("max-window",
            OptionType.duration(Duration.ofSeconds(1), Duration.ofDays(7 * 5200)))
        .defaultValue(Duration.ofDays(7 * 520))
        .description("longest start accepted by /hourly and /daily")
        .build();
    static final Option<Integer> MAX_BODY_SIZE = Option.builder("max-body-size", OptionType.integer(1, Integer.MAX_VALUE))
        .defaultValue(65536)
        .description("largest request body in bytes")
        .build();
    static final Option<Integer> MAX_HEADER_SIZE = Option.builder("max-header-size", OptionType.integer(1024, 1 << 20))
        .defaultValue(16384)
        .description("largest request header block in bytes")
        .build();
    static final Option<Integer> MAX_REQUEST_LINE = Option.builder("max-request-line", OptionType.integer(256, 1 << 20))
        .defaultValue(8192)
        .description("longest request line (method, path and query string) in bytes")
        .build();
    static final Option<Integer> MAX_QUERY_PARAMS = Option.builder("max-query-params", OptionType.integer(1, 10_000))
        .defaultValue(64)
        .description("most query parameters per request")
        .build();
    static final Option<Duration> IDLE_TIMEOUT = Option.builder("idle-timeout", TIMEOUT)
        .defaultValue(Duration.ofSeconds(30))
        .description("a connection that has not started a request for this long is closed")
        .build();
    static final Option<Duration> REQUEST_TIMEOUT = Option.builder("request-timeout", TIMEOUT)
        .defaultValue(Duration.ofSeconds(60))
        .description("a request not received and answered this long after its request line is cut off (slow clients)")
        .build();
    static final Option<Integer> MAX_CONNECTIONS = Option.builder("max-connections", OptionType.integer(1, 1_000_000))
        .defaultValue(1024)
        .description("most concurrent connections served; further ones are answered 503 (Retry-After) and closed")
        .build();

    static final Option<Integer> MAX_LIVE_CLIENTS = Option.builder("max-live-clients", OptionType.integer(1, 100_000))
        .defaultValue(64)
        .description("most concurrent GET /live streams (503 beyond)")
        .build();
    /** Proxies commonly cut streams silent for 30-60 s; a comment every 15 s keeps them open and finds gone clients. */
    static final Option<Duration> LIVE_HEARTBEAT = Option.builder("live-heartbeat",
            OptionType.duration(Duration.ofMillis(10), Duration.ofHours(1)))
        .defaultValue(Duration.ofSeconds(15))
        .description("how often GET /live sends a ': ping' comment")
        .build();
    static final Option<Integer> LIVE_BUFFER = Option.builder("live-buffer", OptionType.integer(1, 1_000_000))
        .defaultValue(1024)
        .description("samples waiting per GET /live client; a slower client loses its oldest ones")
        .build();
    static final Option<Integer> FEDERATE_MAX_SERIES = Option.builder("federate-max-series",
            OptionType.integer(1, 10_000_000))
        .defaultValue(10_000)
        .description("most series in one GET /federate answer (the rest is left out, with a comment saying so)")
        .build();

    static final Option<Boolean> OPEN_OPS_ROUTES = Option.builder("open-ops-routes", OptionType.bool())
        .defaultValue(true)
        .description("serve GET /health, /health/live, /health/ready and /metrics without the token (load balancer"
            + " probes, Prometheus scrapes); false makes them require it")
        .build();

    /** Every option, in {@code --help} order: the original's flags first. */
    static final List<Option<?>> ALL = List.of(LISTEN_ADDRESS, TOKEN, CORS_ALLOW, INSECURE, TLS_CERT, TLS_KEY, ZONE,
        MAX_WINDOW, MAX_BODY_SIZE, MAX_HEADER_SIZE, MAX_REQUEST_LINE, MAX_QUERY_PARAMS, IDLE_TIMEOUT, REQUEST_TIMEOUT,
        MAX_CONNECTIONS, MAX_LIVE_CLIENTS, LIVE_HEARTBEAT, LIVE_BUFFER, FEDERATE_MAX_SERIES,
        OPEN_OPS_ROUTES);

    private HttpApiOptions() {
    }

    /**
     * How messages name an option, as the kernel's do: by its flag when it has one (the name operators know from the
     * original), else by its key in the {@code http} section.
     */
    static String nameOf(Option<?> option) {
        return option.displayName(HttpApiFactory.ID);
    }
}
