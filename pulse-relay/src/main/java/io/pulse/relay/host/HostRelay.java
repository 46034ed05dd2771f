package io.pulse.relay.host;

import io.pulse.relay.Relay;
import io.pulse.relay.UnableToIdentifyException;

import java.io.IOException;
import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@code pulse-relay}: a relay that exposes this host's real stats, read from Linux's {@code /proc} and the JDK's
 * file-store API, so that a newcomer can watch real data flow into Pulse.
 *
 * <pre>
 * java -m io.pulse.relay/io.pulse.relay.host.HostRelay --server 127.0.0.1:3000 --id web1 --tags env:dev
 * </pre>
 * See {@link HostRelayOptions#USAGE} for options, stat names and exit codes. On SIGTERM or SIGINT a shutdown hook
 * closes the relay, which tells the server ({@code remove} for each collector, then {@code close}).
 */
public final class HostRelay {

    static final int EXIT_OK = 0;
    static final int EXIT_FAILURE = 1;
    static final int EXIT_USAGE = 2;

    private HostRelay() {
    }

    /** Runs until the process is stopped, or exits at once with a non-zero status on failure. */
    public static void main(String[] args) {
        CountDownLatch stopped = new CountDownLatch(1);
        AtomicBoolean running = new AtomicBoolean();
        int status = run(System.getenv(), args, System.out, System.err, relay -> {
            running.set(true);
            Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().name("pulse-relay-shutdown").unstarted(() -> {
                relay.close(); // remove..., close: the server forgets us at once instead of at its heartbeat timeout
                stopped.countDown();
            }));
        });
        if (!running.get()) {
            System.exit(status);
        }
        try {
            stopped.await(); // the relay works on its own threads; this one only waits for the shutdown hook
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * The token and TLS of the command line applied to the builder.
     *
     * @throws IllegalArgumentException when the {@code --ca} file cannot be used (a usage error, said as such)
     */
    private static Relay.Builder secured(Relay.Builder builder, HostRelayOptions options) {
        if (options.token() != null) {
            builder.token(options.token());
        }
        if (options.ca() != null) {
            try {
                builder.tls(options.ca());
            } catch (IOException e) {
                throw new IllegalArgumentException("--ca " + options.ca() + ": " + e.getMessage(), e);
            }
        } else if (options.tls()) {
            builder.tls();
        }
        return builder;
    }

    /** What to do with the started relay (the program installs a shutdown hook; tests keep it). */
    interface Started {
        void accept(Relay relay);
    }

    /**
     * Parses the arguments, connects and registers the collectors.
     *
     * @return the exit status; {@link #EXIT_OK} both after {@code --help} and when the relay was started and handed
     *         to {@code started}
     */
    static int run(String[] args, PrintStream out, PrintStream err, Started started) {
        return run(java.util.Map.of(), args, out, err, started);
    }

    /** As above, with the environment ({@code PULSE_SERVERS}). */
    static int run(java.util.Map<String, String> env, String[] args, PrintStream out, PrintStream err,
                   Started started) {
        HostRelayOptions options;
        try {
            options = HostRelayOptions.parse(env, args);
        } catch (HostRelayOptions.UsageException e) {
            err.println("pulse-relay: " + e.getMessage());
            err.println("Try 'pulse-relay --help' for more information.");
            return EXIT_USAGE;
        }
        if (options.help()) {
            out.print(HostRelayOptions.USAGE);
            return EXIT_OK;
        }
        ProcFs proc = new ProcFs(options.proc());
        try {
            proc.read("stat");
        } catch (RuntimeException e) {
            err.println("pulse-relay: cannot read " + options.proc().resolve("stat")
                    + ": this program reads Linux's proc filesystem (see --proc)");
            return EXIT_FAILURE;
        }
        Relay relay;
        try {
            Relay.Builder builder = secured(Relay.builder(options.server(), options.id()), options);
            if (options.holdDown() != null) {
                builder.holdDown(options.holdDown());
            }
            relay = builder.connect();
        } catch (IllegalArgumentException e) {
            err.println("pulse-relay: " + e.getMessage());
            err.println("Try 'pulse-relay --help' for more information.");
            return EXIT_USAGE;
        } catch (UnableToIdentifyException e) {
            err.println("pulse-relay: " + options.server() + ": " + e.getMessage());
            return EXIT_FAILURE;
        } catch (IOException e) {
            err.println("pulse-relay: cannot connect to " + options.server() + ": " + e.getMessage());
            return EXIT_FAILURE;
        }
        try {
            register(relay, proc, options.tags());
        } catch (IllegalArgumentException e) {
            relay.close();
            err.println("pulse-relay: " + e.getMessage());
            return EXIT_USAGE;
        }
        started.accept(relay);
        out.println("pulse-relay: relay \"" + options.id() + "\" connected to " + relay.connectedServer().orElse("?")
                + ", exposing "
                + String.join(", ", relay.collectorNames()));
        return EXIT_OK;
    }

    /** The host collectors, each with the given tags. */
    static void register(Relay relay, ProcFs proc, List<String> tags) {
        CpuUsage cpu = new CpuUsage(proc);
        MemoryUsage memory = new MemoryUsage(proc);
        DiskUsage disks = new DiskUsage(proc);
        LoadAverage load = new LoadAverage(proc);
        NetworkTraffic network = new NetworkTraffic(proc);
        relay.addCollector("cpu_used", tags, cpu::used);
        relay.addCollector("ram_used", tags, memory::ramUsed);
        relay.addCollector("swap_used", tags, memory::swapUsed);
        relay.addCollector("disk", tags, disks::values);
        relay.addCollector("load", tags, load::values);
        relay.addCollector("net", tags, network::values);
    }
}
