package io.pulse.storage.influxdb;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The HTTP link to one InfluxDB 1.x server, over the JDK's {@link HttpClient} (HTTP/1.1). It turns InfluxDB's
 * answers into three cases the rest of the plugin acts on:
 * <ul>
 *   <li>success;</li>
 *   <li>{@link Unreachable}: no answer (host name not resolvable, connection refused, timeout), or an answer that
 *       may change (5xx, 408, 429, an answer that is not InfluxDB's JSON): retry later;</li>
 *   <li>{@link StatementFailed}: InfluxDB answered and refused the statement: a 4xx such as
 *       {@code error parsing query}, or an error it reports with HTTP 200 inside {@code results[i].error} (or
 *       the top-level {@code error}).</li>
 * </ul>
 *
 * <p>The requests are those influxdb-java 2.25 sent, so InfluxDB sees the same thing as before: {@code GET /ping}
 * (the version from the {@code X-Influxdb-Version} header); every statement as {@code POST /query?db=..&epoch=ms}
 * with the statement in a form body {@code q=..} (InfluxDB accepts POST for reads too; it keeps long statements out
 * of URLs; not chunked); writes as {@code POST /write?db=..&rp=..&precision=n&consistency=one}. Writes to a plain
 * {@code http://} address go through {@link HttpWriteClient}, one kept-alive connection of their own (the write runs
 * several times a second and that path is cheaper than any general client); writes to {@code https://} use the
 * client here.
 *
 * <p>Two timeouts, per request: the short {@code timeout} for pings, schema statements and writes (a hung InfluxDB
 * must not hold ingestion for long), the long {@code queryTimeout} for queries and aggregation runs. Connecting
 * waits at most the short one; an answer's head must come within the request's timeout, and the whole exchange,
 * body included, ends within twice that (as the OkHttp client's call timeout did).
 *
 * <p>Nothing is resolved or connected here: the host name is looked up per connection, so an address that does not
 * resolve yet (DNS not up, InfluxDB's container not started) leaves the storage DOWN and retrying instead of failing
 * the server's start-up. Thread-safe (the JDK client is).
 */
final class InfluxDbConnection implements AutoCloseable {

    /** InfluxDB did not answer usefully; the operation may succeed later. */
    static final class Unreachable extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Unreachable(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** InfluxDB answered and refused the statement or write. */
    static final class StatementFailed extends RuntimeException {
        private static final long serialVersionUID = 1L;

        StatementFailed(String message) {
            super(message);
        }
    }

    /** What became of a write request. */
    enum WriteStatus {
        /** Every line stored. */
        STORED,
        /** InfluxDB stored what it could and refused some lines for good (retrying would not help). */
        PARTIALLY_STORED,
        /** The database or retention policy is missing (dropped behind our back): run the schema again, then retry. */
        SCHEMA_MISSING,
        /** Not stored; try again later. */
        RETRY
    }

    /**
     * The result of a write.
     *
     * @param status what happened
     * @param detail InfluxDB's message (empty when stored)
     */
    record WriteResult(WriteStatus status, String detail) {
    }

    private final String address;
    /** The address as a URI without user info, query or trailing slash: request URIs are this plus a path. */
    private final String base;
    private final String host;
    /** host:port, for messages. */
    private final String authority;
    private final Duration timeout;
    private final Duration queryTimeout;
    private final ExecutorService executor;
    private final HttpClient http;
    /** Writes for plain http:// addresses, else null (writes go through {@link #http}). */
    private final HttpWriteClient writer;

    InfluxDbConnection(String address, Duration timeout, Duration queryTimeout) {
        this(address, timeout, queryTimeout, null);
    }

    /**
     * @param tls the TLS context for {@code https://} addresses; null for the JDK's default (its trust store and the
     *            {@code javax.net.ssl.*} system properties), as OkHttp used
     */
    InfluxDbConnection(String address, Duration timeout, Duration queryTimeout, SSLContext tls) {
        this.address = address;
        this.timeout = timeout;
        this.queryTimeout = queryTimeout;
        URI uri = parse(address);
        this.host = uri.getHost();
        boolean https = "https".equalsIgnoreCase(uri.getScheme());
        this.authority = host + ":" + (uri.getPort() >= 0 ? uri.getPort() : https ? 443 : 80);
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        this.base = uri.getScheme() + "://" + uri.getRawAuthority().substring(uri.getRawAuthority().indexOf('@') + 1)
            + (path.endsWith("/") ? path.substring(0, path.length() - 1) : path);
        this.executor = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("influxdb-http-", 0).factory());
        this.http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(timeout)
            .followRedirects(HttpClient.Redirect.NORMAL)  // as OkHttp did
            .sslContext(https ? (tls != null ? tls : defaultTls()) : noTls())
            .executor(executor)
            .build();
        this.writer = HttpWriteClient.supports(uri) ? new HttpWriteClient(uri, timeout) : null;
    }

    private static URI parse(String address) {
        try {
            URI uri = new URI(address);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null || uri.getRawQuery() != null) {
                throw new IllegalArgumentException("not an http:// or https:// address without a query: " + address);
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("not a valid address: " + address, e);
        }
    }

    private static SSLContext defaultTls() {
        try {
            return SSLContext.getDefault();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no default TLS context", e);
        }
    }

    /**
     * For a plain {@code http://} address, which never does TLS: a context that trusts nothing, because the JDK
     * client wants one and its default loads the whole trust store (tens of ms of start-up for nothing).
     */
    private static SSLContext noTls() {
        try {
            SSLContext none = SSLContext.getInstance("TLS");
            none.init(null, new TrustManager[0], null);
            return none;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no TLS context", e);
        }
    }

    /** The address, for messages. */
    String address() {
        return address;
    }

    /**
     * Pings InfluxDB.
     *
     * @return the version it reports ("unknown" without the header, as influxdb-java said)
     * @throws Unreachable when it does not answer, or answers with a server error
     */
    String ping() {
        HttpResponse<String> answer = exchange(HttpRequest.newBuilder(URI.create(base + "/ping")).GET(), timeout, "ping");
        if (answer.statusCode() >= 500) {
            throw new Unreachable("InfluxDB at " + address + " answered the ping with HTTP " + answer.statusCode()
                + ": " + errorMessage(answer.body()), null);
        }
        return answer.headers().firstValue("X-Influxdb-Version").orElse("unknown");
    }

    /**
     * Runs one or more {@code ;}-separated statements with the short timeout (schema work).
     *
     * @return one result per statement
     * @throws StatementFailed naming the first failing statement's error
     * @throws Unreachable     when InfluxDB does not answer
     */
    List<QueryResult.Result> admin(String database, String statements) {
        return run(timeout, database, statements);
    }

    /** Like {@link #admin} with the long timeout (queries and aggregation runs). */
    List<QueryResult.Result> query(String database, String statements) {
        return run(queryTimeout, database, statements);
    }

    private List<QueryResult.Result> run(Duration limit, String database, String statements) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + "/query?db=" + encode(database) + "&epoch=ms"))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString("q=" + encode(statements)));
        HttpResponse<String> answer = exchange(request, limit, "query");
        int status = answer.statusCode();
        if (status >= 500 || status == 408 || status == 429) {
            throw new Unreachable("InfluxDB at " + address + " answered the query with HTTP " + status + ": "
                + errorMessage(answer.body()), null);
        }
        if (status >= 300) {
            throw new StatementFailed(errorMessage(answer.body()) + " (statement: " + abbreviate(statements) + ")");
        }
        QueryResult result;
        try {
            result = QueryResult.parse(answer.body());
        } catch (IllegalArgumentException e) {
            throw new Unreachable("InfluxDB at " + address + " answered the query with something else than its JSON ("
                + e.getMessage() + "): " + abbreviate(answer.body().strip()), e);
        }
        if (result.error() != null) {
            throw new StatementFailed(result.error() + " (statement: " + abbreviate(statements) + ")");
        }
        for (QueryResult.Result r : result.results()) {
            if (r.error() != null) {
                throw new StatementFailed(r.error() + " (statement: " + abbreviate(statements) + ")");
            }
        }
        return result.results();
    }

    /**
     * Writes line-protocol lines (nanosecond timestamps) to {@code database}/{@code retentionPolicy} in one request:
     * through {@link HttpWriteClient} for plain {@code http://} addresses, else through the JDK client.
     */
    WriteResult write(String database, String retentionPolicy, String lines) {
        byte[] body = lines.getBytes(StandardCharsets.UTF_8);
        int status;
        String answer;
        if (writer != null) {
            try {
                HttpWriteClient.Answer written = writer.write(database, retentionPolicy, body);
                status = written.status();
                answer = written.body();
            } catch (IOException | RuntimeException e) {
                return new WriteResult(WriteStatus.RETRY, describe(e));
            }
        } else {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + "/write?db=" + encode(database)
                    + "&rp=" + encode(retentionPolicy) + "&precision=n&consistency=one"))
                .header("Content-Type", "text/plain; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
            try {
                HttpResponse<String> written = send(request, timeout);
                status = written.statusCode();
                answer = written.body();
            } catch (NoAnswer e) {
                return new WriteResult(WriteStatus.RETRY, e.reason);
            }
        }
        return status / 100 == 2 ? new WriteResult(WriteStatus.STORED, "") : refused(errorMessage(answer));
    }

    /** No complete answer: {@code reason} says why in one line (e.g. "UnknownHostException: influxdb"). */
    private static final class NoAnswer extends Exception {
        private static final long serialVersionUID = 1L;
        final String reason;

        NoAnswer(String reason, Throwable cause) {
            super(reason, cause);
            this.reason = reason;
        }
    }

    /**
     * Sends a request with {@code limit} as its timeout and waits for the whole answer at most twice that.
     *
     * @throws NoAnswer when there is no complete answer in time
     */
    private HttpResponse<String> send(HttpRequest.Builder request, Duration limit) throws NoAnswer {
        CompletableFuture<HttpResponse<String>> answer =
            http.sendAsync(request.timeout(limit).build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        try {
            return answer.get(limit.toNanos() * 2, TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            answer.cancel(true);
            throw new NoAnswer("HttpTimeoutException: no complete answer within " + limit.multipliedBy(2).toMillis() + " ms", e);
        } catch (ExecutionException e) {
            throw new NoAnswer(reason(e.getCause()), e.getCause());
        } catch (InterruptedException e) {
            answer.cancel(true);
            Thread.currentThread().interrupt();
            throw new NoAnswer("interrupted", e);
        }
    }

    /** Like {@link #send}, with no answer reported as {@link Unreachable}. */
    private HttpResponse<String> exchange(HttpRequest.Builder request, Duration limit, String what) {
        try {
            return send(request, limit);
        } catch (NoAnswer e) {
            throw new Unreachable("InfluxDB at " + address + " did not answer the " + what + ": " + e.reason, e.getCause());
        }
    }

    /**
     * {@link #describe}, except for what the JDK client reports without words: a host name that does not resolve
     * (named here), a connection that could not be made (refused or closed), and its timeouts (named by type).
     */
    private String reason(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof UnresolvedAddressException) {
                return "UnknownHostException: " + host;
            }
        }
        if (e instanceof HttpTimeoutException) {
            return e.getClass().getSimpleName() + ": " + e.getMessage();
        }
        if (e instanceof ConnectException && e.getMessage() == null) {
            return "ConnectException: no connection to " + authority + " (refused or closed)";
        }
        return describe(e);
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    /**
     * What a refused write means, from InfluxDB's error message (influxdb-java raised its exception types on the
     * same substrings: "database not found", "points beyond retention policy", "field type conflict", "unable to
     * parse"); anything else, e.g. a 5xx or a full cache, may pass and is retried.
     */
    static WriteResult refused(String message) {
        String lower = message.toLowerCase(Locale.ROOT);
        if (lower.contains("retention policy not found") || lower.contains("database not found")) {
            return new WriteResult(WriteStatus.SCHEMA_MISSING, message);
        }
        if (lower.startsWith("partial write") || lower.contains("unable to parse")
            || lower.contains("points beyond retention policy") || lower.contains("field type conflict")) {
            return new WriteResult(WriteStatus.PARTIALLY_STORED, message);
        }
        return new WriteResult(WriteStatus.RETRY, message);
    }

    /**
     * The {@code error} of InfluxDB's JSON error answer ({@code {"error":"..."}}), as influxdb-java reported it; the
     * whole body when it is not such an answer (e.g. a proxy's page).
     */
    static String errorMessage(String body) {
        int key = body.indexOf("\"error\"");
        int colon = key < 0 ? -1 : body.indexOf(':', key + 7);
        int quote = colon < 0 ? -1 : body.indexOf('"', colon + 1);
        if (quote < 0 || !body.substring(colon + 1, quote).isBlank()) {
            return body.strip();
        }
        StringBuilder out = new StringBuilder();
        for (int i = quote + 1; i < body.length(); i++) {
            char c = body.charAt(i);
            if (c == '"') {
                return out.toString();
            }
            if (c == '\\' && i + 1 < body.length()) {
                char e = body.charAt(++i);
                switch (e) {
                    case 'n' -> out.append('\n');
                    case 't' -> out.append('\t');
                    case 'r' -> out.append('\r');
                    case 'b' -> out.append('\b');
                    case 'f' -> out.append('\f');
                    case 'u' -> {
                        if (i + 4 < body.length()) {
                            try {
                                out.append((char) Integer.parseInt(body.substring(i + 1, i + 5), 16));
                                i += 4;
                            } catch (NumberFormatException bad) {
                                out.append('u');
                            }
                        }
                    }
                    default -> out.append(e);  // \" \\ \/
                }
            } else {
                out.append(c);
            }
        }
        return body.strip();
    }

    /** A one-line description of a failure, with the root cause (e.g. "Connection refused"). */
    static String describe(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? root.getClass().getSimpleName()
            : root.getClass().getSimpleName() + ": " + root.getMessage();
        return message.replace('\n', ' ');
    }

    private static String abbreviate(String statement) {
        return statement.length() <= 300 ? statement : statement.substring(0, 300) + "...";
    }

    @Override
    public void close() {
        try {
            http.close();  // waits for requests in flight, which end within their timeouts
        } finally {
            try {
                executor.shutdown();
            } finally {
                if (writer != null) {
                    writer.close();
                }
            }
        }
    }
}
