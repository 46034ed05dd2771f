package io.pulse.benchmarks.http;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A closed-loop HTTP/1.1 load client for {@code GET /latest/{stat}?host=...}: {@code --connections} keep-alive
 * connections, one virtual thread each, each sending its next request as soon as the previous answer is read.
 * Each request asks for a random stat {@code c0..c(stats-1)} of a random host {@code fleet-0..fleet-(hosts-1)} - the
 * series a {@code RelayFleet} with as many relays and collectors leaves in the store. Latency (request written to
 * answer fully read) goes into a histogram per connection; requests in the first {@code --warmup} seconds are not
 * counted. Prints one JSON line: requests per second over the measurement, latency percentiles, answers other than
 * 200 and connection errors.
 *
 * <pre>
 * java -cp benchmarks/target/classes io.pulse.benchmarks.http.LatestLoad --url http://127.0.0.1:18080 \
 *      --token secret --connections 64 --warmup 5 --measure 20 --stats 100 --hosts 1000
 * </pre>
 *
 * Closed loop: a slow answer delays that connection's next request, so the percentiles describe the answers that
 * were asked for at this concurrency (no coordinated-omission correction). Raw sockets rather than
 * {@code java.net.http}: the client shares the machine with the server, and the JDK client costs several times the
 * CPU per request. Only loopback or your own test hosts are valid targets.
 */
public final class LatestLoad {

    private final InetSocketAddress server;
    private final String hostHeader;
    private final String token;
    private final int stats;
    private final int hosts;
    /** Every request, encoded once (stat-major): the client spends its CPU on the exchange, not on building it. */
    private final byte[][] requests;
    private final AtomicBoolean stop = new AtomicBoolean();
    private volatile long measureFrom;
    private volatile boolean measuring;

    private LatestLoad(URI url, String token, int stats, int hosts) {
        this.server = new InetSocketAddress(url.getHost(), url.getPort());
        this.hostHeader = url.getHost() + ":" + url.getPort();
        this.token = token;
        this.stats = stats;
        this.hosts = hosts;
        this.requests = new byte[stats * hosts][];
        for (int stat = 0; stat < stats; stat++) {
            for (int host = 0; host < hosts; host++) {
                requests[stat * hosts + host] = ("GET /latest/c" + stat + "?host=fleet-" + host + " HTTP/1.1\r\nHost: "
                    + hostHeader + "\r\nX-AUTH-TOKEN: " + token + "\r\nAccept: application/json\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII);
            }
        }
    }

    public static void main(String[] args) throws Exception {
        URI url = URI.create("http://127.0.0.1:8080");
        String token = "secret";
        int connections = 64;
        int warmup = 5;
        int measure = 20;
        int stats = 100;
        int hosts = 1000;
        for (int i = 0; i < args.length; i++) {
            String value = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i]) {
                case "--url" -> url = URI.create(value);
                case "--token" -> token = value;
                case "--connections" -> connections = Integer.parseInt(value);
                case "--warmup" -> warmup = Integer.parseInt(value);
                case "--measure" -> measure = Integer.parseInt(value);
                case "--stats" -> stats = Integer.parseInt(value);
                case "--hosts" -> hosts = Integer.parseInt(value);
                default -> throw new IllegalArgumentException("unknown option " + args[i]
                    + " (use --url, --token, --connections, --warmup, --measure, --stats, --hosts)");
            }
            i++;
        }
        new LatestLoad(url, token, stats, hosts).run(connections, warmup, measure);
    }

    private void run(int connections, int warmupSeconds, int measureSeconds) throws InterruptedException {
        List<Connection> all = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < connections; i++) {
            Connection c = new Connection(new SplittableRandom(i));
            all.add(c);
            threads.add(Thread.ofVirtual().name("latest-load-" + i).start(c));
        }
        Thread.sleep(warmupSeconds * 1000L);
        measureFrom = System.nanoTime();
        measuring = true;
        Thread.sleep(measureSeconds * 1000L);
        measuring = false;
        long measuredNanos = System.nanoTime() - measureFrom;
        stop.set(true);
        for (Thread t : threads) {
            t.join(5000);
        }
        LatencyHistogram latency = new LatencyHistogram();
        long other = 0;
        long errors = 0;
        for (Connection c : all) {
            synchronized (c) {
                latency.add(c.latency);
                other += c.notOk;
                errors += c.errors;
            }
        }
        double seconds = measuredNanos / 1e9;
        System.out.println(String.format(Locale.ROOT,
            "latest-json {\"connections\":%d,\"measure_s\":%.1f,\"requests\":%d,\"requests_per_s\":%d,"
                + "\"latency_p50_ms\":%.3f,\"latency_p90_ms\":%.3f,\"latency_p99_ms\":%.3f,\"latency_p999_ms\":%.3f,"
                + "\"latency_max_ms\":%.3f,\"answers_not_200\":%d,\"connection_errors\":%d}",
            connections, seconds, latency.count(), Math.round(latency.count() / seconds),
            latency.percentileMicros(0.50) / 1e3, latency.percentileMicros(0.90) / 1e3,
            latency.percentileMicros(0.99) / 1e3, latency.percentileMicros(0.999) / 1e3,
            latency.maxMicros() / 1e3, other, errors));
    }

    /** One keep-alive connection and its loop; reconnects after an error or a {@code Connection: close}. */
    private final class Connection implements Runnable {
        private final SplittableRandom random;
        /** Guarded by this (read by the main thread at the end). */
        private final LatencyHistogram latency = new LatencyHistogram();
        private long notOk;
        private long errors;

        Connection(SplittableRandom random) {
            this.random = random;
        }

        @Override
        public void run() {
            while (!stop.get()) {
                try (Socket socket = new Socket()) {
                    socket.setTcpNoDelay(true);
                    socket.connect(server, 5000);
                    socket.setSoTimeout(30_000);
                    loop(socket.getOutputStream(), new Buffered(socket.getInputStream()));
                } catch (IOException e) {
                    if (!stop.get()) {
                        synchronized (this) {
                            errors++;
                        }
                    }
                }
            }
        }

        private void loop(OutputStream out, InputStream in) throws IOException {
            while (!stop.get()) {
                byte[] request = request();
                long started = System.nanoTime();
                out.write(request);
                out.flush();
                Response response = Response.read(in);
                long micros = (System.nanoTime() - started) / 1000;
                if (measuring && started >= measureFrom) {
                    synchronized (this) {
                        latency.record(micros);
                        if (response.status != 200) {
                            notOk++;
                        }
                    }
                }
                if (response.close) {
                    return;
                }
            }
        }

        private byte[] request() {
            return requests[random.nextInt(stats) * hosts + random.nextInt(hosts)];
        }
    }

    /**
     * An unsynchronised buffer over a socket's stream, for one thread: {@code BufferedInputStream} takes a lock for
     * every byte read, which made the client cost as much CPU as the server it measures.
     */
    private static final class Buffered extends InputStream {
        private final InputStream in;
        private final byte[] buffer = new byte[16 * 1024];
        private int position;
        private int limit;

        Buffered(InputStream in) {
            this.in = in;
        }

        @Override
        public int read() throws IOException {
            if (position == limit) {
                limit = in.read(buffer, 0, buffer.length);
                position = 0;
                if (limit <= 0) {
                    limit = 0;
                    return -1;
                }
            }
            return buffer[position++] & 0xff;
        }

        @Override
        public long skip(long n) throws IOException {
            if (position == limit && read() >= 0) {
                position--;
            }
            int skipped = (int) Math.min(n, limit - position);
            position += skipped;
            return skipped;
        }
    }

    /** The parts of an HTTP/1.1 response this client needs; the body is read and discarded. */
    private record Response(int status, boolean close) {

        static Response read(InputStream in) throws IOException {
            String statusLine = line(in);
            int status = Integer.parseInt(statusLine.substring(9, 12));
            long length = -1;
            boolean chunked = false;
            boolean close = false;
            for (String header = line(in); !header.isEmpty(); header = line(in)) {
                int colon = header.indexOf(':');
                if (colon < 0) {
                    continue;
                }
                String name = header.substring(0, colon).trim().toLowerCase(Locale.ROOT);
                String value = header.substring(colon + 1).trim().toLowerCase(Locale.ROOT);
                switch (name) {
                    case "content-length" -> length = Long.parseLong(value);
                    case "transfer-encoding" -> chunked = value.contains("chunked");
                    case "connection" -> close = value.contains("close");
                    default -> { }
                }
            }
            if (chunked) {
                for (long size = Long.parseLong(line(in).split(";")[0].trim(), 16); size > 0;
                     size = Long.parseLong(line(in).split(";")[0].trim(), 16)) {
                    skip(in, size);
                    line(in);
                }
                while (!line(in).isEmpty()) {
                    // trailers
                }
            } else if (length >= 0) {
                skip(in, length);
            } else {
                throw new IOException("an answer without a length on a keep-alive connection");
            }
            return new Response(status, close);
        }

        private static String line(InputStream in) throws IOException {
            StringBuilder text = new StringBuilder(64);
            int previous = -1;
            while (true) {
                int b = in.read();
                if (b < 0) {
                    throw new EOFException("connection closed mid-answer");
                }
                if (b == '\n' && previous == '\r') {
                    text.setLength(text.length() - 1);
                    return text.toString();
                }
                text.append((char) b);
                previous = b;
            }
        }

        private static void skip(InputStream in, long n) throws IOException {
            long left = n;
            while (left > 0) {
                long skipped = in.skip(left);
                if (skipped <= 0) {
                    if (in.read() < 0) {
                        throw new EOFException("connection closed mid-body");
                    }
                    skipped = 1;
                }
                left -= skipped;
            }
        }
    }
}
