package io.pulse.api.http.peers;

import io.pulse.spi.option.HostPort;

import java.io.IOException;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * This server's peers: the other Pulse servers of the fleet, asked over their HTTP API with the same token (every
 * server of a fleet shares it). Requests go to every peer at once, each bounded by the peer timeout, so one slow or
 * dead peer costs at most that timeout and is reported, not an error.
 *
 * <p>A request this server sends to a peer carries {@link #FORWARDED_HEADER}; a server answers such a request
 * from its own relays only, so a request is forwarded at most once and two servers never bounce it between them.
 *
 * <p>Thread-safe: immutable apart from the HTTP client, which is.
 */
public final class Fleet implements AutoCloseable {

    /** Marks a request sent by a peer: answer it locally, never forward it again. */
    public static final String FORWARDED_HEADER = "X-Pulse-Forwarded";
    /** The header carrying the API token (the same name the token check reads). */
    private static final String TOKEN_HEADER = "X-AUTH-TOKEN";

    /** This server's name in fleet answers. Volatile: set again once the listener is bound (port 0). */
    private volatile String self;
    private final boolean selfListed;
    private final List<URI> peers;
    private final String token;
    private final Duration timeout;
    private final ExecutorService executor;
    private final HttpClient client;

    private Fleet(String self, boolean selfListed, List<URI> peers, String token, Duration timeout) {
        this.self = self;
        this.selfListed = selfListed;
        this.peers = List.copyOf(peers);
        this.token = token;
        this.timeout = timeout;
        this.executor = peers.isEmpty() ? null : Executors.newVirtualThreadPerTaskExecutor();
        this.client = peers.isEmpty() ? null : HttpClient.newBuilder()
            .connectTimeout(timeout)
            .executor(executor)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    }

    /**
     * The fleet as configured: the listed URLs minus this server's own (one whose port is the listen port and whose
     * host is an address of this machine that the listener covers).
     *
     * @param configured the {@code --peers} URLs (may include this server)
     * @param listen     where this server's API listens
     * @param https      whether it serves HTTPS
     * @param token      the API token, sent to peers
     * @param timeout    the bound of each peer request
     * @return the fleet; without peers when none is configured
     */
    public static Fleet of(List<URI> configured, HostPort listen, boolean https, String token, Duration timeout) {
        String self = null;
        boolean listed;
        List<URI> others = new ArrayList<>();
        for (URI url : configured) {
            if (self == null && isSelf(url, listen)) {
                self = url.toString();
            } else {
                others.add(url);
            }
        }
        listed = self != null;
        if (self == null) {
            self = listenUrl(https, listen.host(), listen.port());
        }
        return new Fleet(self, listed, others, token, timeout);
    }

    /** A server without peers. */
    public static Fleet alone(HostPort listen, boolean https) {
        return of(List.of(), listen, https, "", Duration.ofSeconds(1));
    }

    /**
     * Tells the fleet the port the API really listens on (it matters with port 0), for the name this server has in
     * fleet answers when it is not among the configured peers.
     */
    public void bound(String scheme, String host, int port) {
        if (!selfListed) {
            self = listenUrl(scheme.equals("https"), host, port);
        }
    }

    private static String listenUrl(boolean https, String host, int port) {
        return (https ? "https" : "http") + "://" + new HostPort(host, port);
    }

    /** Whether other servers are configured. */
    public boolean hasPeers() {
        return !peers.isEmpty();
    }

    /** How this server is named in fleet answers: its own entry of {@code --peers}, else its listen URL. */
    public String self() {
        return self;
    }

    /** The other servers' base URLs. */
    public List<URI> peers() {
        return peers;
    }

    /** {@code GET path} on every peer at once; one answer per peer, in {@link #peers()} order. */
    public List<PeerAnswer> getAll(String path) {
        return all(path, HttpRequest.BodyPublishers.noBody(), "GET");
    }

    /** {@code POST path} with a JSON body on every peer at once; one answer per peer, in {@link #peers()} order. */
    public List<PeerAnswer> postAll(String path, byte[] body) {
        return all(path, HttpRequest.BodyPublishers.ofByteArray(body), "POST");
    }

    private List<PeerAnswer> all(String path, HttpRequest.BodyPublisher body, String method) {
        List<CompletableFuture<PeerAnswer>> pending = new ArrayList<>(peers.size());
        for (URI peer : peers) {
            HttpRequest.Builder request = HttpRequest.newBuilder(peer.resolve(path))
                .timeout(timeout)
                .header(FORWARDED_HEADER, self)
                .method(method, body);
            if (!token.isEmpty()) {
                request.header(TOKEN_HEADER, token);
            }
            if (method.equals("POST")) {
                request.header("Content-Type", "application/json");
            }
            pending.add(client.sendAsync(request.build(), HttpResponse.BodyHandlers.ofByteArray())
                .handle((response, failure) -> failure == null
                    ? new PeerAnswer(peer, response.statusCode(), response.body(), null)
                    : new PeerAnswer(peer, -1, new byte[0], describe(failure))));
        }
        return pending.stream().map(CompletableFuture::join).toList();
    }

    /** A short reason for an unreachable peer. */
    private String describe(Throwable failure) {
        Throwable cause = failure.getCause() != null && failure instanceof java.util.concurrent.CompletionException
            ? failure.getCause() : failure;
        if (cause instanceof HttpConnectTimeoutException) {
            return "no connection within " + timeout.toMillis() + " ms";
        }
        if (cause instanceof HttpTimeoutException) {
            return "no answer within " + timeout.toMillis() + " ms";
        }
        if (cause instanceof java.net.ConnectException) {
            return "connection refused";
        }
        if (cause instanceof IOException && cause.getMessage() != null) {
            return cause.getMessage();
        }
        return cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
    }

    /** Whether the URL names this server: the listen port, on an address of this machine the listener covers. */
    private static boolean isSelf(URI url, HostPort listen) {
        if (url.getPort() != listen.port()) {
            return false;
        }
        try {
            InetAddress[] addresses = InetAddress.getAllByName(url.getHost());
            InetAddress bound = InetAddress.getByName(listen.host());
            for (InetAddress address : addresses) {
                boolean local = address.isLoopbackAddress() || address.isAnyLocalAddress()
                    || NetworkInterface.getByInetAddress(address) != null;
                if (local && (bound.isAnyLocalAddress() || bound.equals(address))) {
                    return true;
                }
            }
        } catch (UnknownHostException | SocketException e) {
            return false; // a peer we cannot resolve now is not us; it is reported unreachable when asked
        }
        return false;
    }

    @Override
    public void close() {
        if (client != null) {
            client.close();
            executor.close();
        }
    }
}
