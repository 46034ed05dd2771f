package io.pulse.storage.influxdb;

import okhttp3.OkHttpClient;
import org.influxdb.InfluxDB;
import org.influxdb.InfluxDBException;
import org.influxdb.InfluxDBFactory;
import org.influxdb.InfluxDBIOException;
import org.influxdb.dto.Pong;
import org.influxdb.dto.Query;
import org.influxdb.dto.QueryResult;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * The HTTP link to one InfluxDB 1.x server, through influxdb-java. It turns the library's outcomes into three
 * cases the rest of the plugin acts on:
 * <ul>
 *   <li>success;</li>
 *   <li>{@link Unreachable}: no answer, a timeout, or a server-side failure that may pass (retry later);</li>
 *   <li>{@link StatementFailed}: InfluxDB answered and refused the statement, including errors it reports with
 *       HTTP 200 inside {@code results[i].error}, which influxdb-java does not raise.</li>
 * </ul>
 *
 * <p>Two clients share the address: a short-timeout one for writes, pings and schema statements (so that a hung
 * InfluxDB cannot hold ingestion for long), and a longer-timeout one for queries and aggregation runs. Every
 * statement is sent with POST (InfluxDB accepts it for reads too; it keeps long statements out of URLs), with
 * epoch-millisecond times. Writes to a plain {@code http://} address skip influxdb-java: they go through
 * {@link HttpWriteClient}, one kept-alive connection of their own with the same short timeout (the write runs several
 * times a second, and through the library's layers it cost more CPU than the lines it carried).
 *
 * <p>The clients are made on first use, not here: influxdb-java resolves the host name when a client is made, and an
 * address that does not resolve yet (DNS not up, InfluxDB's container not started) must leave the storage DOWN and
 * retrying, not fail the server's start-up. Until a client can be made every operation reports {@link Unreachable}.
 * Thread-safe (OkHttp clients are; the lazy holders synchronise).
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
    private final LazyClient fast;
    private final LazyClient slow;
    /** Writes for plain http:// addresses, else null (influxdb-java writes). */
    private final HttpWriteClient writer;

    InfluxDbConnection(String address, Duration timeout, Duration queryTimeout) {
        this.address = address;
        this.fast = new LazyClient(address, timeout);
        this.slow = new LazyClient(address, queryTimeout);
        URI uri = parse(address);
        this.writer = uri != null && HttpWriteClient.supports(uri) ? new HttpWriteClient(uri, timeout) : null;
    }

    private static URI parse(String address) {
        try {
            return new URI(address);
        } catch (URISyntaxException e) {
            return null;  // influxdb-java reports it on first use, as before
        }
    }

    /** A client made on its first successful use; a failure to make it (e.g. an unknown host) is retried next use. */
    private static final class LazyClient {
        private final String address;
        private final Duration timeout;
        private InfluxDB client;
        private boolean closed;

        LazyClient(String address, Duration timeout) {
            this.address = address;
            this.timeout = timeout;
        }

        /** The client; throws what influxdb-java throws when it cannot make one (host name not resolvable). */
        synchronized InfluxDB get() {
            if (closed) {
                throw new IllegalStateException("the InfluxDB connection is closed");
            }
            if (client == null) {
                client = client(address, timeout);
            }
            return client;
        }

        synchronized void close() {
            closed = true;
            if (client != null) {
                client.close();
            }
        }
    }

    private static InfluxDB client(String address, Duration timeout) {
        OkHttpClient.Builder http = new OkHttpClient.Builder()
            .connectTimeout(timeout)
            .readTimeout(timeout)
            .writeTimeout(timeout)
            .callTimeout(timeout.plus(timeout))
            // A pooled connection InfluxDB closed (e.g. it restarted) is retried on a fresh one: writes are idempotent.
            .retryOnConnectionFailure(true);
        InfluxDB client = InfluxDBFactory.connect(address, http);
        client.setLogLevel(InfluxDB.LogLevel.NONE);
        return client;
    }

    /** The address, for messages. */
    String address() {
        return address;
    }

    /**
     * Pings InfluxDB.
     *
     * @return the version it reports
     * @throws Unreachable when it does not answer
     */
    String ping() {
        try {
            Pong pong = fast.get().ping();
            return pong.getVersion();
        } catch (RuntimeException e) {
            throw unreachable("ping", e);
        }
    }

    /**
     * Runs one or more {@code ;}-separated statements on the short-timeout client (schema work).
     *
     * @return one result per statement
     * @throws StatementFailed naming the first failing statement's error
     * @throws Unreachable     when InfluxDB does not answer
     */
    List<QueryResult.Result> admin(String database, String statements) {
        return run(fast, database, statements);
    }

    /** Like {@link #admin} on the long-timeout client (queries and aggregation runs). */
    List<QueryResult.Result> query(String database, String statements) {
        return run(slow, database, statements);
    }

    private List<QueryResult.Result> run(LazyClient client, String database, String statements) {
        QueryResult result;
        try {
            result = client.get().query(new Query(statements, database, true), TimeUnit.MILLISECONDS);
        } catch (InfluxDBIOException e) {
            throw unreachable("query", e);
        } catch (InfluxDBException e) {
            // A non-2xx answer: 4xx is InfluxDB refusing the statement (e.g. "error parsing query"), which the
            // library cannot tell apart from 5xx by type; parse errors and authorisation are the 4xx cases.
            String message = String.valueOf(e.getMessage());
            if (isRefusal(message)) {
                throw new StatementFailed(message + " (statement: " + abbreviate(statements) + ")");
            }
            throw unreachable("query", e);
        } catch (RuntimeException e) {
            throw unreachable("query", e);
        }
        if (result.hasError()) {
            throw new StatementFailed(result.getError() + " (statement: " + abbreviate(statements) + ")");
        }
        List<QueryResult.Result> results = result.getResults() == null ? List.of() : result.getResults();
        for (QueryResult.Result r : results) {
            if (r.hasError()) {
                throw new StatementFailed(r.getError() + " (statement: " + abbreviate(statements) + ")");
            }
        }
        return results;
    }

    /**
     * Writes line-protocol lines (nanosecond timestamps) to {@code database}/{@code retentionPolicy} in one request:
     * through {@link HttpWriteClient} for plain {@code http://} addresses, else through influxdb-java.
     */
    WriteResult write(String database, String retentionPolicy, String lines) {
        if (writer != null) {
            return writeDirect(database, retentionPolicy, lines);
        }
        try {
            fast.get().write(database, retentionPolicy, InfluxDB.ConsistencyLevel.ONE, TimeUnit.NANOSECONDS, lines);
            return new WriteResult(WriteStatus.STORED, "");
        } catch (InfluxDBIOException e) {
            return new WriteResult(WriteStatus.RETRY, describe(e));
        } catch (InfluxDBException e) {
            return refused(String.valueOf(e.getMessage()));
        } catch (RuntimeException e) {
            return new WriteResult(WriteStatus.RETRY, describe(e));
        }
    }

    private WriteResult writeDirect(String database, String retentionPolicy, String lines) {
        HttpWriteClient.Answer answer;
        try {
            answer = writer.write(database, retentionPolicy, lines.getBytes(StandardCharsets.UTF_8));
        } catch (IOException | RuntimeException e) {
            return new WriteResult(WriteStatus.RETRY, describe(e));
        }
        if (answer.stored()) {
            return new WriteResult(WriteStatus.STORED, "");
        }
        return refused(errorMessage(answer.body()));
    }

    /**
     * What a refused write means, from InfluxDB's error message (influxdb-java raises its exception types on the
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
     * The {@code error} of InfluxDB's JSON error answer ({@code {"error":"..."}}), as influxdb-java reports it; the
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

    private static boolean isRefusal(String message) {
        String lower = message.toLowerCase(Locale.ROOT);
        return lower.contains("error parsing query") || lower.contains("authorization") || lower.contains("authorized")
            || lower.contains("unable to parse") || lower.contains("not allowed");
    }

    private Unreachable unreachable(String what, RuntimeException e) {
        return new Unreachable("InfluxDB at " + address + " did not answer the " + what + ": " + describe(e), e);
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
            fast.close();
        } finally {
            try {
                slow.close();
            } finally {
                if (writer != null) {
                    writer.close();
                }
            }
        }
    }
}
