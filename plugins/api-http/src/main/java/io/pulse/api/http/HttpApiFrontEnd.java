package io.pulse.api.http;

import io.helidon.common.tls.Tls;
import io.helidon.http.media.jackson.JacksonSupport;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.Router;
import io.helidon.webserver.http1.Http1Config;
import io.helidon.webserver.http1.Http1ConnectionSelector;
import io.pulse.api.http.json.Json;
import io.pulse.api.http.routes.AlertRoutes;
import io.pulse.api.http.live.LiveStream;
import io.pulse.api.http.peers.Fleet;
import io.pulse.api.http.routes.ApiRoutes;
import io.pulse.api.http.routes.DashboardRoutes;
import io.pulse.api.http.routes.FederateRoutes;
import io.pulse.api.http.routes.LiveRoutes;
import io.pulse.api.http.routes.OpenApiUiRoutes;
import io.pulse.api.http.routes.OpsRoutes;
import io.pulse.api.http.routes.RelayRoutes;
import io.pulse.api.http.routes.Respond;
import io.pulse.api.http.routes.StatsRoutes;
import io.pulse.api.http.security.Cors;
import io.pulse.api.http.security.SecurityHeaders;
import io.pulse.api.http.security.TokenAuth;
import io.pulse.spi.tls.PemFiles;
import io.pulse.api.http.tls.SelfSignedCertificate;
import io.pulse.spi.tls.ModernTls;
import io.pulse.spi.tls.TlsMaterial;
import io.pulse.spi.ConfigException;
import io.pulse.spi.Health;
import io.pulse.spi.PluginContext;
import io.pulse.spi.frontend.FrontEnd;
import io.pulse.spi.frontend.FrontEndContext;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.net.ssl.SSLContext;

/**
 * The HTTP API front end: a Helidon SE WebServer (one virtual thread per request) serving {@link ApiRoutes}.
 *
 * <p>{@link #start()} checks the security settings first: an empty token (auth disabled) and the default token are
 * warned about, and the default token on an address other machines can reach is refused. Then it prepares TLS
 * (the operator's PEM files or a freshly generated self-signed certificate) and opens the listener with the
 * configured limits. Thread-safety: start and close are called by the kernel, once each, from one thread; the
 * server field is volatile for {@link #health()} and {@link #port()}, which may be called from any thread.
 */
public final class HttpApiFrontEnd implements FrontEnd {

    private static final System.Logger LOG = System.getLogger(HttpApiFrontEnd.class.getName());
    /**
     * How long, how quietly and how much a refused client may go on sending before it is cut off (nginx: lingering
     * for at most 30 s, 5 s without data).
     */
    private static final Duration LINGER_TIME = Duration.ofSeconds(10);
    private static final Duration LINGER_IDLE = Duration.ofSeconds(1);
    private static final long LINGER_BYTES = 64L << 20;

    private final HttpApiSettings settings;
    private final Clock clock;
    private final Json json = new Json();
    private final ApiRoutes routes;
    private final SlowClientGuard guard;
    private final LingeringClose lingeringClose = new LingeringClose(LINGER_TIME, LINGER_IDLE, LINGER_BYTES);
    private final LiveStream live;
    private final Fleet fleet;
    private final FrontEndContext server;
    private final Router refusals;
    private final ConnectionLimit connectionLimit;
    private volatile WebServer webServer;
    private volatile boolean closed;

    /**
     * @param settings the validated settings
     * @param context  what every component gets: the storage's queries, the server settings, the clock
     * @param server   what the API may do with the server beyond that: alerts, relays, metrics, health
     */
    public HttpApiFrontEnd(HttpApiSettings settings, PluginContext context, FrontEndContext server) {
        this(settings, Fleet.alone(settings.listen(), !settings.insecure()), context, server);
    }

    /**
     * @param settings the validated settings
     * @param fleet    the other servers of the fleet ({@code --peers})
     * @param context  what every component gets
     * @param server   what the API may do with the server beyond that
     */
    public HttpApiFrontEnd(HttpApiSettings settings, Fleet fleet, PluginContext context, FrontEndContext server) {
        this.settings = settings;
        this.fleet = fleet;
        this.server = server;
        this.clock = context.clock();
        this.guard = new SlowClientGuard(settings.limits().requestTimeout());
        int maxConnections = settings.limits().maxConnections();
        this.refusals = new TooManyConnections(maxConnections, json, new Cors(settings.corsAllow())).router();
        this.connectionLimit = new ConnectionLimit(
            Http1ConnectionSelector.builder().config(http1(settings.limits())).build(), maxConnections, refusals,
            context.metrics().counter("connections_refused",
                "HTTP connections refused with 503 because max-connections were open."));
        context.metrics().gauge("connections_open", "HTTP connections open now (refused ones not included).",
            connectionLimit::open);
        Respond respond = new Respond(json);
        Optional<TokenAuth> auth = settings.authEnabled()
            ? Optional.of(new TokenAuth(settings.token(), openPaths(settings),
                Set.of(DashboardRoutes.ASSET_PREFIX, OpenApiUiRoutes.ASSET_PREFIX)))
            : Optional.empty();
        this.live = new LiveStream(context.samples(), settings.live(), json);
        this.routes = new ApiRoutes(List.of(
            new StatsRoutes(context.storage(), context.server().pollInterval(), clock, settings.zone(),
                settings.maxWindow(), settings.limits().maxQueryParams(), respond).routes(),
            new AlertRoutes(server, respond).routes(),
            new RelayRoutes(server, respond, fleet.hasPeers() ? fleet : null).routes(),
            new OpsRoutes(server, respond, context.server().version()).routes(),
            new LiveRoutes(live, settings.limits().maxQueryParams()).routes(),
            new FederateRoutes(context.storage(), context.server().pollInterval(), clock, settings.federateMaxSeries(),
                settings.limits().maxQueryParams()).routes(),
            new DashboardRoutes(respond).routes(),
            new OpenApiUiRoutes(respond).routes()),
            auth, new Cors(settings.corsAllow()), respond, settings.limits().maxBodySize());
    }

    /**
     * The paths that need no token: the OpenAPI document, its Swagger UI page and the dashboard page always; the health and metrics
     * routes unless {@code open-ops-routes} is false.
     */
    static Set<String> openPaths(HttpApiSettings settings) {
        Set<String> open = new java.util.HashSet<>(Set.of(OpsRoutes.OPENAPI_PATH, OpenApiUiRoutes.PAGE_PATH,
            DashboardRoutes.PAGE_PATH));
        if (settings.openOpsRoutes()) {
            open.addAll(OpsRoutes.OPS_PATHS);
        }
        return Set.copyOf(open);
    }

    /** The route table (for documentation checks). */
    public ApiRoutes routes() {
        return routes;
    }

    @Override
    public void start() throws Exception {
        checkToken();
        try {
            PeerChecks.refuseBuiltinAlerts(fleet, server);
        } catch (RuntimeException e) {
            fleet.close(); // not started: nothing else will close the peers' HTTP client
            throw e;
        }
        Optional<Tls> tls = settings.insecure() ? Optional.empty() : Optional.of(tls());
        HttpApiSettings.Limits limits = settings.limits();
        WebServer built = WebServer.builder()
            .host(settings.listen().host())
            .port(settings.listen().port())
            .shutdownHook(false) // the kernel stops us, in order
            .featuresDiscoverServices(false)
            .protocolsDiscoverServices(false)
            // HTTP/1 through the connection limit, the listener's only selector (no protocol is added, so Helidon
            // creates no selector of its own): it counts every connection from its accept and refuses those beyond
            // max-connections with a 503 (ConnectionLimit says how)
            .addConnectionSelector(connectionLimit)
            .maxPayloadSize(limits.maxBodySize())
            .maxTcpConnections(ConnectionLimit.listenerCap(limits.maxConnections()))
            // Helidon reads through a SocketChannel, where socket read timeouts do not apply. Its idle timer closes
            // connections that have not begun a request for idle-timeout (checked every period, so within 1.5 x);
            // the guard above cuts off requests stuck after their request line.
            .idleConnectionTimeout(limits.idleTimeout())
            .idleConnectionPeriod(idleCheckPeriod(limits.idleTimeout()))
            // Routes write their JSON themselves (exact bytes, trailing newline); Helidon's media context gets the same
            // mapper and no service discovery, so nothing found in a plugin layer changes how entities are handled.
            .mediaContext(media -> media
                .mediaSupportsDiscoverServices(false)
                .addMediaSupport(JacksonSupport.create(json.mapper())))
            .directHandlers(new TransportErrors(json, limits).handlers())
            .update(b -> tls.ifPresent(b::tls))
            .routing(this::routing)
            .build();
        WebServer started;
        refusals.beforeStart();
        try {
            started = built.start();
        } catch (RuntimeException e) {
            guard.close();
            lingeringClose.close();
            throw new IllegalStateException("http: cannot listen on " + settings.listen() + ": " + e.getMessage(), e);
        }
        if (!started.isRunning()) {
            // Helidon logs a failed bind and returns a stopped server without the cause: find it out for the message.
            guard.close();
            lingeringClose.close();
            throw new IllegalStateException("http: cannot listen on " + settings.listen() + ": " + bindProblem());
        }
        webServer = started;
        fleet.bound(settings.insecure() ? "http" : "https", settings.listen().host(), started.port());
        LOG.log(Level.INFO, "HTTP API listening at {0}://{1}:{2,number,#}", settings.insecure() ? "http" : "https",
            settings.listen().host(), webServer.port());
    }

    /** The HTTP/1 settings: sizes, and the listeners that cut off slow clients and linger after refusals. */
    private Http1Config http1(HttpApiSettings.Limits limits) {
        return Http1Config.builder()
            .maxHeadersSize(limits.maxHeaderSize())
            .maxPrologueLength(limits.maxRequestLine())
            // Every response header is a constant of this plugin or a setting checked when it was read (the CORS
            // origin: no control characters), so re-validating each one on every answer (Helidon's default) only
            // costs CPU: about a twentieth of the server's on /latest under load (docs/performance.md).
            // Request headers are still validated.
            .validateResponseHeaders(false)
            .addReceiveListener(guard)
            // one listener: Helidon's composite of several forwards nothing (see SendListeners)
            .addSendListener(new SendListeners(guard, lingeringClose))
            .build();
    }

    /** Why binding the listen address fails, found by trying it once more with a plain channel. */
    private String bindProblem() {
        try (ServerSocketChannel probe = ServerSocketChannel.open()) {
            probe.bind(new InetSocketAddress(settings.listen().host(), settings.listen().port()));
            return "the server did not start (see the log above)";
        } catch (IOException | RuntimeException e) {
            return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        }
    }

    private void routing(HttpRouting.Builder routing) {
        // first, so that every routed answer carries them, refusals of the token check included
        routing.addFilter(new SecurityHeaders(Set.of(DashboardRoutes.PAGE_PATH), DashboardRoutes.ASSET_PREFIX));
        routes.register(routing);
    }

    /** The bound port (useful with port 0); -1 before start. */
    public int port() {
        WebServer s = webServer;
        return s == null ? -1 : s.port();
    }

    @Override
    public Health health() {
        WebServer s = webServer;
        if (s != null && s.isRunning()) {
            return Health.up((settings.insecure() ? "http" : "https") + " on " + settings.listen().host() + ":" + s.port());
        }
        return Health.down(closed ? "stopped" : "not started");
    }

    @Override
    public void close() {
        closed = true;
        // Ends the open /live streams first: their requests finish instead of holding the server's stop up.
        live.close();
        WebServer s = webServer;
        if (s != null) {
            s.stop();
            refusals.afterStop();
        }
        guard.close();
        fleet.close();
        lingeringClose.close();
    }

    /** Warns about weak tokens and refuses the default one where other machines can connect. */
    private void checkToken() {
        if (!settings.authEnabled()) {
            LOG.log(Level.WARNING, "HTTP API authentication is DISABLED (token set to empty): anyone who can reach "
                + settings.listen() + " can read stats and manage alerts and relays");
            return;
        }
        if (!settings.token().equals(HttpApiSettings.DEFAULT_TOKEN)) {
            return;
        }
        if (!ListenAddresses.isLoopbackOnly(settings.listen())) {
            throw new ConfigException("http-listen-address " + settings.listen() + " can be reached from other"
                + " machines, and the API token is still the default 'secret': set your own with -t/--token <token>,"
                + " PULSE_TOKEN=<token> or 'token:' in the config file");
        }
        LOG.log(Level.WARNING, "HTTP API uses the default token 'secret'; set your own with -t/--token or PULSE_TOKEN"
            + " (it is refused once the API listens beyond loopback)");
    }

    private Tls tls() throws Exception {
        TlsMaterial material;
        if (settings.tlsCert().isPresent()) {
            material = PemFiles.load(settings.tlsCert().get(), settings.tlsKey().orElseThrow());
            LOG.log(Level.INFO, "HTTPS with the certificate in {0} (SHA-256 {1})", settings.tlsCert().get(),
                material.fingerprint());
        } else {
            material = SelfSignedCertificate.generate(settings.listen().host(), clock.instant());
            LOG.log(Level.WARNING, "HTTPS with a SELF-SIGNED certificate generated at start (SHA-256 {0}); clients must"
                + " skip verification or pin it. Set --tls-cert and --tls-key for a real one", material.fingerprint());
        }
        // TLS 1.2 and 1.3 with forward-secret AEAD suites only (the policy every Pulse listener shares)
        return Tls.builder()
            .privateKey(material.key())
            .privateKeyCertChain(material.chain())
            .enabledProtocols(ModernTls.PROTOCOLS)
            .enabledCipherSuites(ModernTls.cipherSuites(
                SSLContext.getDefault().getSupportedSSLParameters().getCipherSuites()))
            .build();
    }

    /**
     * Half the idle timeout, at most a minute. Not {@code dividedBy(2)}: Duration's arithmetic goes through BigDecimal,
     * whose class initialiser costs tens of milliseconds of the start on JDK 25 (docs/performance.md, "Start-up").
     */
    static Duration idleCheckPeriod(Duration idleTimeout) {
        Duration minute = Duration.ofMinutes(1);
        return idleTimeout.compareTo(minute.plus(minute)) >= 0 ? minute : Duration.ofNanos(idleTimeout.toNanos() / 2);
    }
}
