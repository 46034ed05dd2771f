package io.pulse.kernel.server;

import io.pulse.kernel.config.PulseSettings;
import io.pulse.kernel.config.ResolvedConfig;
import io.pulse.kernel.ingest.IngestionPipeline;
import io.pulse.kernel.ingest.IngestionSettings;
import io.pulse.kernel.metrics.JvmGauges;
import io.pulse.kernel.metrics.Metrics;
import io.pulse.kernel.plugin.ContextClassLoader;
import io.pulse.kernel.plugin.PluginKind;
import io.pulse.kernel.plugin.PluginSelection;
import io.pulse.kernel.plugin.PluginSelection.Selected;
import io.pulse.kernel.relay.RelayServer;
import io.pulse.kernel.relay.RelayServerSettings;
import io.pulse.spi.Component;
import io.pulse.spi.ConfigException;
import io.pulse.spi.ConfigView;
import io.pulse.spi.Health;
import io.pulse.spi.PluginContext;
import io.pulse.spi.PluginFactory;
import io.pulse.spi.ServerSettings;
import io.pulse.spi.alert.AlertBackend;
import io.pulse.spi.frontend.ComponentHealth;
import io.pulse.spi.frontend.FrontEndContext;
import io.pulse.spi.publish.LivePublisher;
import io.pulse.spi.storage.Storage;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.function.Function;

/**
 * The running server: creates the selected plugins' components, starts them in dependency order and stops them in
 * reverse.
 *
 * <p>Start: every component is created first (so configuration errors surface before anything binds a port), then
 * started in this order: storage, alert backend, publishers, the ingestion pipeline (storage + publishers), the
 * relay server (feeding the pipeline), front ends (which see the server through a {@link KernelFrontEndContext}).
 * Storage maintenance ({@link Storage#maintain}) is scheduled every aggregate interval. If anything fails to start,
 * what was started is stopped again and {@link #start()} throws.
 *
 * <p>Stop: front ends, relay server, pipeline (which writes what it still holds), the scheduler, publishers, alert
 * backend, storage. Each step gets a bounded time; a step that overruns is logged and left behind so the process
 * can still exit. A plugin's code always runs with the plugin's class loader as the thread context class loader.
 *
 * <p>Thread-safe: {@link #start()} and {@link #stop()} are serialised; {@link #stop()} is idempotent and may be
 * called from a shutdown hook.
 */
public final class PulseServer {

    private static final System.Logger LOG = System.getLogger(PulseServer.class.getName());

    /** How long each component gets to stop, unless configured otherwise. */
    public static final Duration DEFAULT_STOP_TIMEOUT = Duration.ofSeconds(5);

    private final PulseSettings settings;
    private final ServerSettings serverSettings;
    private final ResolvedConfig config;
    private final ConfigView serverConfig;
    private final PluginSelection selection;
    private final Metrics metrics;
    private final Clock clock;
    private final Duration stopTimeout;

    private final Object lock = new Object();
    private final CountDownLatch stopped = new CountDownLatch(1);
    /** Components in start order, for health reports; read from any thread. */
    private final List<Active> active = new CopyOnWriteArrayList<>();

    private KernelScheduler scheduler;
    private Active storage;
    private Active alerts;
    private final List<Active> publishers = new ArrayList<>();
    private final List<Active> frontEnds = new ArrayList<>();
    /** The storage as the pipeline, front ends and scheduler call it: bound to the plugin's class loader. */
    private Storage boundStorage;
    private IngestionPipeline pipeline;
    private volatile RelayServer relayServer;
    private volatile KernelFrontEndContext frontEndContext;
    private boolean startCalled;
    private boolean stopCalled;

    /**
     * @param settings     the validated settings
     * @param version      the Pulse version (for {@link ServerSettings#version()})
     * @param config       the merged configuration (plugin sections)
     * @param serverConfig the top-level view plugins see as {@link PluginContext#serverConfig()}
     * @param selection    the factories to use
     * @param metrics      the kernel's counters
     * @param clock        the clock plugins and the relay server read
     * @param stopTimeout  how long each component gets to stop
     */
    public PulseServer(PulseSettings settings, String version, ResolvedConfig config, ConfigView serverConfig,
                       PluginSelection selection, Metrics metrics, Clock clock, Duration stopTimeout) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.serverSettings = settings.toServerSettings(version);
        this.config = Objects.requireNonNull(config, "config");
        this.serverConfig = Objects.requireNonNull(serverConfig, "serverConfig");
        this.selection = Objects.requireNonNull(selection, "selection");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.stopTimeout = Objects.requireNonNull(stopTimeout, "stopTimeout");
    }

    /**
     * Creates and starts everything.
     *
     * @throws ConfigException  when a plugin rejects its configuration (nothing is left running)
     * @throws StartupException when something fails to start (nothing is left running)
     */
    public void start() throws StartupException {
        synchronized (lock) {
            if (startCalled) {
                throw new IllegalStateException("the server was already started");
            }
            startCalled = true;
            try {
                createAll();
                startAll();
            } catch (StartupException | RuntimeException | Error e) {
                stopCalled = true;  // what was started is stopped here; a later stop() has nothing to do
                stopAll();
                stopped.countDown();
                throw e;
            }
        }
        InetSocketAddress relays = relayServer.boundAddress();
        LOG.log(System.Logger.Level.INFO, "pulse {0} started: relays connect to {1}:{2}", serverSettings.version(),
            relays.getHostString(), Integer.toString(relays.getPort()));
    }

    private void createAll() throws StartupException {
        scheduler = new KernelScheduler();
        KernelScheduler timer = scheduler;
        metrics.gauge("scheduler.runs.skipped", timer::skippedRuns);
        metrics.gauge("scheduler.runs.failed", timer::failedRuns);
        JvmGauges.register(metrics);
        var storageChoice = selection.storage();
        storage = create(PluginKind.STORAGE, storageChoice, context -> storageChoice.factory().create(context));
        if (selection.alerts().isPresent()) {
            var chosen = selection.alerts().get();
            alerts = create(PluginKind.ALERTS, chosen, context -> chosen.factory().create(context));
        }
        for (var chosen : selection.publishers()) {
            publishers.add(create(PluginKind.PUBLISHER, chosen, context -> chosen.factory().create(context)));
        }

        // Calls from the pipeline's and the front ends' threads run with each plugin's context class loader too.
        boundStorage = LoaderBound.storage((Storage) storage.component(), storage.loader());
        Map<String, LivePublisher> publishersById = new LinkedHashMap<>();
        publishers.forEach(p -> publishersById.put(p.id(), LoaderBound.publisher((LivePublisher) p.component(), p.loader())));
        pipeline = new IngestionPipeline(boundStorage, publishersById, metrics, IngestionSettings.defaults());
        relayServer = new RelayServer(new RelayServerSettings(settings.serverListenAddress().toSocketAddress(),
            settings.pollInterval(), settings.beatInterval(), settings.maxLineLength()), pipeline::submit, metrics, clock);

        Optional<AlertBackend> alertBackend = Optional.ofNullable(alerts)
            .map(a -> LoaderBound.alerts((AlertBackend) a.component(), a.loader()));
        frontEndContext = new KernelFrontEndContext(boundStorage, alertBackend,
            "alerts are not configured: set --kapacitor-address (-k) or --alerts", pipeline, relayServer, metrics,
            this::health, serverSettings);
        for (var chosen : selection.frontEnds()) {
            frontEnds.add(create(PluginKind.FRONT_END, chosen, context -> chosen.factory().create(context, frontEndContext)));
        }
    }

    private void startAll() throws StartupException {
        startComponent(storage);
        if (alerts != null) {
            startComponent(alerts);
        }
        for (Active publisher : publishers) {
            startComponent(publisher);
        }
        Storage store = boundStorage;
        Duration every = settings.aggregateInterval();
        scheduler.every("storage-maintenance", every, every, () -> store.maintain(clock.millis()));

        pipeline.start();
        try {
            relayServer.start();
        } catch (IOException | RuntimeException e) {
            throw new StartupException("server-listen-address: " + describe(e), e);
        }
        for (Active frontEnd : frontEnds) {
            startComponent(frontEnd);
        }
    }

    private <F extends PluginFactory> Active create(PluginKind kind, Selected<F> chosen,
                                                    Function<PluginContext, Component> factoryCall)
            throws StartupException {
        String id = chosen.id();
        Path dataDir = settings.dataDir().resolve(id);
        try {
            Files.createDirectories(dataDir);
        } catch (IOException e) {
            throw new StartupException("cannot create the data directory " + dataDir + " for " + kind.label() + " '"
                + id + "': " + describe(e), e);
        }
        PluginContext context = new KernelPluginContext(config.section(id), serverConfig, serverSettings, dataDir,
            scheduler, clock);
        ClassLoader loader = chosen.discovered().origin().classLoader();
        Component component;
        try {
            component = ContextClassLoader.get(loader, () -> factoryCall.apply(context));
        } catch (ConfigException e) {
            throw e;
        } catch (RuntimeException | LinkageError e) {
            throw new StartupException(kind.label() + " '" + id + "' could not be created: " + describe(e), e);
        }
        if (component == null) {
            throw new StartupException(kind.label() + " '" + id + "': its factory returned nothing",
                new NullPointerException());
        }
        Active created = new Active(kind, id, component, loader);
        active.add(created);
        LOG.log(System.Logger.Level.DEBUG, "created {0}", created);
        return created;
    }

    private void startComponent(Active component) throws StartupException {
        try {
            ContextClassLoader.run(component.loader(), component.component()::start);
        } catch (ConfigException e) {
            throw e;
        } catch (Exception | LinkageError e) {
            throw new StartupException(component + " failed to start: " + describe(e), e);
        }
        component.markStarted();
        LOG.log(System.Logger.Level.INFO, "{0} started", component);
    }

    /** Stops everything that was created, in reverse start order. Idempotent. */
    public void stop() {
        synchronized (lock) {
            if (stopCalled) {
                return;
            }
            stopCalled = true;
            LOG.log(System.Logger.Level.INFO, "stopping pulse");
            stopAll();
            LOG.log(System.Logger.Level.INFO, "pulse stopped");
        }
        stopped.countDown();
    }

    private void stopAll() {
        for (Active frontEnd : reversed(frontEnds)) {
            close(frontEnd.toString(), frontEnd.loader(), frontEnd.component()::close);
        }
        if (relayServer != null) {
            close("relay server", null, relayServer::close);
        }
        if (pipeline != null) {
            close("ingestion pipeline", null, pipeline::close);
        }
        if (scheduler != null) {
            close("scheduler", null, scheduler::close);
        }
        for (Active publisher : reversed(publishers)) {
            close(publisher.toString(), publisher.loader(), publisher.component()::close);
        }
        if (alerts != null) {
            close(alerts.toString(), alerts.loader(), alerts.component()::close);
        }
        if (storage != null) {
            close(storage.toString(), storage.loader(), storage.component()::close);
        }
    }

    /** Runs one close step on its own thread, waiting at most the stop timeout for it. */
    private void close(String what, ClassLoader loader, Runnable closer) {
        Thread thread = Thread.ofVirtual().name("stop-" + what).start(() -> {
            try {
                ContextClassLoader.get(loader, () -> {
                    closer.run();
                    return null;
                });
            } catch (RuntimeException | LinkageError e) {
                LOG.log(System.Logger.Level.WARNING, what + " failed while stopping", e);
            }
        });
        try {
            if (!thread.join(stopTimeout)) {
                LOG.log(System.Logger.Level.WARNING, "{0} did not stop within {1} ms; moving on", what,
                    stopTimeout.toMillis());
            } else {
                LOG.log(System.Logger.Level.DEBUG, "{0} stopped", what);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            LOG.log(System.Logger.Level.WARNING, "interrupted while stopping {0}", what);
        }
    }

    /** Blocks until {@link #stop()} has finished (or a failed start cleaned up). */
    public void awaitStopped() throws InterruptedException {
        stopped.await();
    }

    /** The health of every created component, in start order. Cheap; callable from any thread. */
    public List<ComponentHealth> health() {
        List<ComponentHealth> out = new ArrayList<>(active.size());
        for (Active component : active) {
            out.add(new ComponentHealth(component.kind().label(), component.id(), component.health()));
        }
        return List.copyOf(out);
    }

    /**
     * Where relays connect (the bound port when the configured port was 0).
     *
     * @throws IllegalStateException before the relay server started
     */
    public InetSocketAddress relayAddress() {
        RelayServer server = relayServer;
        if (server == null) {
            throw new IllegalStateException("the server is not started");
        }
        return server.boundAddress();
    }

    /**
     * The context front ends were given.
     *
     * @throws IllegalStateException before the front ends were created
     */
    public FrontEndContext frontEndContext() {
        KernelFrontEndContext context = frontEndContext;
        if (context == null) {
            throw new IllegalStateException("the server is not started");
        }
        return context;
    }

    private static <T> List<T> reversed(List<T> list) {
        List<T> copy = new ArrayList<>(list);
        java.util.Collections.reverse(copy);
        return copy;
    }

    private static String describe(Throwable e) {
        String message = e.getMessage();
        String text = message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
        return text.replaceAll("\\s*\\R\\s*", " ");
    }

    /** A created component. */
    private static final class Active {
        private final PluginKind kind;
        private final String id;
        private final Component component;
        private final ClassLoader loader;
        private volatile boolean started;

        Active(PluginKind kind, String id, Component component, ClassLoader loader) {
            this.kind = kind;
            this.id = id;
            this.component = component;
            this.loader = loader;
        }

        PluginKind kind() {
            return kind;
        }

        String id() {
            return id;
        }

        Component component() {
            return component;
        }

        ClassLoader loader() {
            return loader;
        }

        void markStarted() {
            started = true;
        }

        Health health() {
            if (!started) {
                return Health.down("not started");
            }
            try {
                return ContextClassLoader.get(loader, component::health);
            } catch (RuntimeException | LinkageError e) {
                return Health.down("health check failed: " + describe(e));
            }
        }

        @Override
        public String toString() {
            return kind.label() + " '" + id + "'";
        }
    }
}
