package io.pulse.api.http;

import io.helidon.service.registry.GlobalServiceRegistry;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http1.Http1Config;
import io.pulse.api.http.json.Json;

import java.math.BigDecimal;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Sets up Helidon's own machinery (its service registry, config and the WebServer's configuration classes),
 * Jackson's first {@code ObjectMapper} and the JDK classes the front end needs first ({@code BigDecimal}, the security
 * providers) on three background threads as soon as this plugin is discovered, so that creating and starting the
 * front end does not pay for them.
 *
 * <p>Why: of a server's start (docs/performance.md, "Start-up") Helidon's first WebServer configuration took some
 * 180 ms on the main thread, right at the end, after the plugin folders had been loaded on that same thread. Started
 * when the plugin is instantiated - before the kernel loads the plugin folders - it overlaps them instead (the main
 * thread's CPU at start-up dropped by a quarter; the wall time less, as the JIT compilers share the second core).
 * Nothing is bound or started: the work builds a throwaway configuration.
 *
 * <p>No two threads initialise Helidon classes at once: nothing else in this module touches Helidon before
 * {@link HttpApiFactory#create} (the only way the server gets a front end), which {@link #await}s this first; the
 * kernel reads its config file with Helidon Config before it discovers plugins, and uses no Helidon after that. A
 * failure here is only logged (debug): the real configuration in {@link HttpApiFrontEnd#start()} meets and reports it.
 */
final class HelidonWarmUp {

    private static final System.Logger LOG = System.getLogger(HelidonWarmUp.class.getName());
    private static final AtomicBoolean BEGUN = new AtomicBoolean();
    // Three tasks on three threads: the main thread is still busy with the plugin folders when they begin and idle
    // once it waits for them, so the two cores share the jobs best in small pieces. The JDK's share has a thread of
    // its own: BigDecimal's static initialiser (a table of powers of five built by interpreted BigInteger squaring)
    // was a quarter of the Helidon task, which needs the class only for its default sizes (Http1Config), after the
    // service registry; on its own thread it runs while the registry is being set up instead of after it.
    private static final List<FutureTask<Void>> TASKS = List.of(
        new FutureTask<>(() -> timed("BigDecimal and the security providers", HelidonWarmUp::initialiseJdkClasses),
            null),
        new FutureTask<>(() -> timed("Helidon", HelidonWarmUp::configureHelidon), null),
        new FutureTask<>(() -> timed("Jackson", Json::new), null));

    private HelidonWarmUp() {
    }

    /** Starts the warm-up once per JVM, on daemon threads (a run that only prints help never waits for it). */
    static void begin() {
        if (BEGUN.compareAndSet(false, true)) {
            TASKS.forEach(task -> Thread.ofPlatform().name("pulse-http-warm-up").daemon().start(task));
        }
    }

    /** Waits until the warm-up, if it was begun, is over; from then on Helidon may be used from any thread. */
    static void await() {
        if (!BEGUN.get()) {
            return;
        }
        for (FutureTask<Void> task : TASKS) {
            try {
                task.get();
            } catch (ExecutionException e) {
                LOG.log(System.Logger.Level.DEBUG, "warm-up failed (the front end's start will say why)",
                    e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static void timed(String what, Runnable work) {
        long began = System.nanoTime();
        work.run();
        LOG.log(System.Logger.Level.DEBUG, "{0} set up in {1} ms", what, (System.nanoTime() - began) / 1_000_000);
    }

    /**
     * Runs BigDecimal's static initialiser (the JVM runs it once; a thread that needs the class meanwhile waits), then
     * sets up the JDK's security providers by looking up SHA-256, as {@code TokenAuth}'s initialiser does when the
     * front end is created: that lookup (reading the provider list, instantiating the providers) was 5 % of the main
     * thread's start, right after the warm-up ended.
     */
    private static void initialiseJdkClasses() {
        BigDecimal.ONE.signum();
        try {
            MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            LOG.log(System.Logger.Level.DEBUG, "no SHA-256 (the front end's token check will say so)", e);
        }
    }

    /**
     * The same kind of configuration {@link HttpApiFrontEnd#start()} builds, without a server. The global service
     * registry first: building the WebServer configuration would set it up too, but only after
     * {@code Http1Config.builder()}, which waits for BigDecimal.
     */
    private static void configureHelidon() {
        GlobalServiceRegistry.registry();
        WebServer.builder()
            .host("127.0.0.1")
            .port(0)
            .shutdownHook(false)
            .featuresDiscoverServices(false)
            .protocolsDiscoverServices(false)
            .addProtocol(Http1Config.builder().build())
            .mediaContext(media -> media.mediaSupportsDiscoverServices(false))
            .buildPrototype();
    }
}
