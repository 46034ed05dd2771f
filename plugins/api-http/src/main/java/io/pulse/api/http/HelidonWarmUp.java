package io.pulse.api.http;

import io.helidon.webserver.WebServer;
import io.helidon.webserver.http1.Http1Config;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Sets up Helidon's own machinery (its service registry, config and the WebServer's configuration classes) on a
 * background thread as soon as this plugin is discovered, so that the front end's start does not pay for it.
 *
 * <p>Why: of a server's start (docs/performance.md, "Start-up") Helidon's first WebServer configuration took some
 * 180 ms on the main thread, right at the end, after the plugin folders (~0.4 s) had been loaded on that same thread
 * with the second core idle. Started when the plugin is instantiated - before the kernel loads the plugin folders - it
 * runs on the other core meanwhile. Nothing is bound or started: the work builds a throwaway configuration.
 *
 * <p>No two threads initialise Helidon classes at once: nothing else in this module touches Helidon before
 * {@link HttpApiFactory#create} (the only way the server gets a front end), which {@link #await}s this first. A
 * failure here is ignored: the real configuration in {@link HttpApiFrontEnd#start()} meets and reports it.
 */
final class HelidonWarmUp {

    private static final System.Logger LOG = System.getLogger(HelidonWarmUp.class.getName());
    private static final AtomicBoolean BEGUN = new AtomicBoolean();
    private static final FutureTask<Void> TASK = new FutureTask<>(HelidonWarmUp::configure, null);

    private HelidonWarmUp() {
    }

    /** Starts the warm-up once per JVM, on a daemon thread (a run that only prints help never waits for it). */
    static void begin() {
        if (BEGUN.compareAndSet(false, true)) {
            Thread.ofPlatform().name("pulse-http-warm-up").daemon().start(TASK);
        }
    }

    /** Waits until the warm-up, if it was begun, is over; from then on Helidon may be used from any thread. */
    static void await() {
        if (!BEGUN.get()) {
            return;
        }
        try {
            TASK.get();
        } catch (ExecutionException e) {
            LOG.log(System.Logger.Level.DEBUG, "Helidon warm-up failed (the front end's start will say why)",
                e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The same kind of configuration {@link HttpApiFrontEnd#start()} builds, without a server. */
    private static void configure() {
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
