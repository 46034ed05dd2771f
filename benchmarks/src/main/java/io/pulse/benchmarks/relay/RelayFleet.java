package io.pulse.benchmarks.relay;

import io.pulse.protocol.AddLine;
import io.pulse.protocol.BeatLine;
import io.pulse.protocol.CollectorNames;
import io.pulse.protocol.CommandLine;
import io.pulse.protocol.Commands;
import io.pulse.protocol.GetLine;
import io.pulse.protocol.GotLine;
import io.pulse.protocol.GracefulClose;
import io.pulse.protocol.IdLine;
import io.pulse.protocol.LineReader;
import io.pulse.protocol.LineTooLongException;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * A fleet of relays speaking the original wire protocol (through {@code io.pulse.protocol}, like the server and the
 * Java relay), for load-testing a Pulse server (or the original):
 * connects {@code --relays} relays at {@code --rate} per second, each exposing {@code --collectors} point
 * collectors, answers every {@code get}, pings on every {@code beat}, holds for {@code --hold} seconds, then
 * disconnects them all at once. Prints progress every second and, with {@code --api}, the server's own metrics
 * (relays connected, polls, heap) at the end.
 *
 * <pre>
 * distribution/target/pulse/bin/pulse -s -p 10 &amp;     # JAVA_OPTS=-Xmx512m to prove the heap bound
 * java -cp benchmarks/target/classes:pulse-protocol/target/classes io.pulse.benchmarks.relay.RelayFleet \
 *      --server 127.0.0.1:3000 --relays 10000 --rate 2000 --hold 30 --api http://127.0.0.1:8080 --token secret
 * </pre>
 *
 * One virtual thread per relay: a blocking reader whose socket timeout doubles as the heartbeat timer (the
 * protocol's {@link LineReader} goes on with the same line after a timeout).
 * Only loopback or your own test hosts are valid targets.
 *
 * <p>At the end it prints one {@code fleet-json {...}} line: relays accepted, failures, seconds to connect and to
 * close all. With {@code --measure S --measure-from F --poll-ms P} it also times the polls it receives from second F
 * to F + S after the start (see {@link PollTiming}) and adds them to that line.
 */
public final class RelayFleet {

    /** The longest server line a fleet relay reads; a get naming every collector fits easily. */
    private static final int MAX_LINE_LENGTH = 64 * 1024;
    private static final List<String> TAGS = List.of("", "role:fleet");

    private final InetSocketAddress server;
    private final int relays;
    private final int ratePerSecond;
    private final int collectors;
    private final Duration hold;

    private final AtomicInteger connected = new AtomicInteger();
    private final AtomicInteger everConnected = new AtomicInteger();
    private final LongAdder failures = new LongAdder();
    private final LongAdder gets = new LongAdder();
    private final LongAdder pings = new LongAdder();
    private final List<Socket> sockets = java.util.Collections.synchronizedList(new ArrayList<>());
    /** Poll timing while measuring (see {@link PollTiming}); null without {@code --measure}. */
    private final PollTiming timing;
    /** Seconds from the first connect until every relay was accepted or had failed; -1 before that. */
    private volatile double registerSeconds = -1;
    private volatile long registerFailures;
    /** Seconds the fleet took to close all its sockets at the end. */
    private volatile double closeSeconds = -1;

    private RelayFleet(InetSocketAddress server, int relays, int ratePerSecond, int collectors, Duration hold,
                       PollTiming timing) {
        this.server = server;
        this.relays = relays;
        this.ratePerSecond = ratePerSecond;
        this.collectors = collectors;
        this.hold = hold;
        this.timing = timing;
    }

    public static void main(String[] args) throws Exception {
        Options o = Options.parse(args);
        PollTiming timing = o.measureSeconds > 0
            ? new PollTiming(o.pollMillis, o.measureFromSeconds, o.measureSeconds) : null;
        RelayFleet fleet = new RelayFleet(o.server, o.relays, o.rate, o.collectors, Duration.ofSeconds(o.holdSeconds),
            timing);
        fleet.run();
        String polls = timing == null ? "}" : "," + timing.json(o.relays).substring(1);
        System.out.println("fleet-json " + fleet.connectJson() + polls);
        if (o.api != null) {
            printServerMetrics(o.api, o.token);
        }
    }

    private void run() throws InterruptedException {
        long start = System.nanoTime();
        if (timing != null) {
            timing.startedAt(start);
        }
        CountDownLatch allStarted = new CountDownLatch(relays);
        Thread progress = Thread.ofPlatform().daemon().name("fleet-progress").start(() -> {
            long lastGets = 0;
            while (!Thread.currentThread().isInterrupted()) {
                try {
                    Thread.sleep(1000);
                } catch (InterruptedException e) {
                    return;
                }
                long g = gets.sum();
                System.out.printf(Locale.ROOT, "%6.1fs connected=%d failures=%d gets/s=%d pings=%d%n",
                    (System.nanoTime() - start) / 1e9, connected.get(), failures.sum(), g - lastGets, pings.sum());
                lastGets = g;
            }
        });
        long intervalNanos = 1_000_000_000L / Math.max(1, ratePerSecond);
        for (int i = 0; i < relays; i++) {
            long due = start + i * intervalNanos;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            }
            String id = "fleet-" + i;
            Thread.ofVirtual().name(id).start(() -> {
                allStarted.countDown();
                runRelay(id);
            });
        }
        allStarted.await();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (everConnected.get() + failures.sum() < relays && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        registerSeconds = (System.nanoTime() - start) / 1e9;
        registerFailures = failures.sum();
        System.out.printf(Locale.ROOT, "connected %d of %d relays in %.1f s (%d failures)%n",
            everConnected.get(), relays, registerSeconds, registerFailures);
        Thread.sleep(hold.toMillis());
        long getsBeforeClose = gets.sum();
        long closeStart = System.nanoTime();
        List<Socket> all;
        synchronized (sockets) {
            all = new ArrayList<>(sockets);
        }
        all.parallelStream().forEach(RelayFleet::closeQuietly);
        progress.interrupt();
        closeSeconds = (System.nanoTime() - closeStart) / 1e9;
        System.out.printf(Locale.ROOT, "held %d s: %d polls answered, %d pings; closed all in %.1f s%n",
            hold.toSeconds(), getsBeforeClose, pings.sum(), closeSeconds);
    }

    /**
     * The start of the fleet's JSON (without its closing brace): relays the server accepted, failures while
     * connecting and in all, seconds to connect all (at --rate) and to close all.
     */
    private String connectJson() {
        return String.format(Locale.ROOT,
            "{\"relays_accepted\":%d,\"connect_failures\":%d,\"failures\":%d,\"connect_all_s\":%.2f,"
                + "\"close_all_s\":%.2f", everConnected.get(), registerFailures, failures.sum(), registerSeconds,
            closeSeconds);
    }

    private void runRelay(String id) {
        Socket socket = new Socket();
        try {
            socket.connect(server, 10_000);
            sockets.add(socket);
            OutputStream out = socket.getOutputStream();
            LineReader in = new LineReader(socket.getInputStream(), MAX_LINE_LENGTH);
            StringBuilder hello = new StringBuilder(new IdLine(id).line()).append(LineReader.TERMINATOR);
            for (int c = 0; c < collectors; c++) {
                hello.append(new AddLine("c" + c, TAGS).line()).append(LineReader.TERMINATOR);
            }
            write(out, hello.toString());
            if (!Commands.OK.equals(in.readLine())) {
                failures.increment();
                return;
            }
            connected.incrementAndGet();
            everConnected.incrementAndGet();
            try {
                answer(socket, in, out, timing == null ? null : timing.newRelay());
            } finally {
                connected.decrementAndGet();
            }
        } catch (LineTooLongException e) {
            // the protocol's policy: say so, then close
            failures.increment();
            try {
                write(socket.getOutputStream(), e.errorLine() + LineReader.TERMINATOR);
                GracefulClose.shutdownAndDrain(socket);
            } catch (IOException closing) {
                // closing anyway
            }
        } catch (IOException e) {
            if (!socket.isClosed()) {
                failures.increment();
            }
        } finally {
            closeQuietly(socket);
        }
    }

    /** Answers gets; pings whenever a beat passes without a line, as a relay's heartbeat. */
    private void answer(Socket socket, LineReader in, OutputStream out, PollTiming.Relay polls) throws IOException {
        while (true) {
            String text;
            try {
                text = in.readLine();
            } catch (SocketTimeoutException beat) {
                write(out, Commands.PING + LineReader.TERMINATOR);
                pings.increment();
                continue;
            }
            if (text == null) {
                return;
            }
            CommandLine line = CommandLine.split(text);
            if (line.word().equals(Commands.BEAT) && line.hasRest()) {
                heartbeat(socket, line.rest());
            } else if (line.word().equals(Commands.GET) && line.hasRest()) {
                GetLine get = GetLine.parse(line.rest());
                if (get != null) {
                    gets.increment();
                    if (polls != null) {
                        polls.polled(System.nanoTime());
                    }
                    String got = got(get);
                    if (got != null) {
                        write(out, got + LineReader.TERMINATOR);
                    }
                }
            }
        }
    }

    /** The socket timeout that triggers a ping: one beat. A beat the protocol cannot read is ignored. */
    private static void heartbeat(Socket socket, String beat) throws IOException {
        try {
            long millis = BeatLine.parse(beat).interval().toMillis();
            socket.setSoTimeout(Math.toIntExact(Math.clamp(millis, 1, Integer.MAX_VALUE)));
        } catch (IllegalArgumentException e) {
            // keep the current heartbeat
        }
    }

    /** A point value for each named collector; null when none can be answered (names a relay could not have). */
    private static String got(GetLine get) {
        GotLine.Writer got = new GotLine.Writer();
        List<String> names = get.collectors();
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i);
            if (CollectorNames.isValid(name)) {
                got.add(name, name, 0.25 + (i % 4) * 0.125);
            }
        }
        return got.isEmpty() ? null : got.line();
    }

    private static void write(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private static void printServerMetrics(URI api, String token) throws IOException, InterruptedException {
        HttpClient client = HttpClient.newHttpClient();
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(api.resolve("/metrics"))
            .header("X-AUTH-TOKEN", token).header("Accept", "application/json").build(),
            HttpResponse.BodyHandlers.ofString());
        System.out.println("server /metrics (" + response.statusCode() + "): " + response.body().strip());
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    private record Options(InetSocketAddress server, int relays, int rate, int collectors, int holdSeconds,
                           URI api, String token, long pollMillis, int measureFromSeconds, int measureSeconds) {
        static Options parse(String[] args) {
            String server = "127.0.0.1:3000";
            int relays = 10_000;
            int rate = 2_000;
            int collectors = 3;
            int hold = 30;
            URI api = null;
            String token = "secret";
            long pollMillis = 1000;
            int measureFrom = 0;
            int measure = 0;
            for (int i = 0; i < args.length; i++) {
                String value = i + 1 < args.length ? args[i + 1] : null;
                switch (args[i]) {
                    case "--server" -> server = value;
                    case "--relays" -> relays = Integer.parseInt(value);
                    case "--rate" -> rate = Integer.parseInt(value);
                    case "--collectors" -> collectors = Integer.parseInt(value);
                    case "--hold" -> hold = Integer.parseInt(value);
                    case "--api" -> api = URI.create(value);
                    case "--token" -> token = value;
                    case "--poll-ms" -> pollMillis = Long.parseLong(value);
                    case "--measure-from" -> measureFrom = Integer.parseInt(value);
                    case "--measure" -> measure = Integer.parseInt(value);
                    default -> throw new IllegalArgumentException("unknown option " + args[i]
                        + " (use --server, --relays, --rate, --collectors, --hold, --api, --token, --poll-ms,"
                        + " --measure-from, --measure)");
                }
                i++;
            }
            int colon = server.lastIndexOf(':');
            return new Options(new InetSocketAddress(server.substring(0, colon), Integer.parseInt(server.substring(colon + 1))),
                relays, rate, collectors, hold, api, token, pollMillis, measureFrom, measure);
        }
    }
}
