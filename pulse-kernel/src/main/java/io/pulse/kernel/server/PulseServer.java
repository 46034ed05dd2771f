package io.pulse.kernel.server;

import io.pulse.kernel.config.KernelSettings;
import io.pulse.kernel.config.OptionOwner;
import io.pulse.kernel.config.ParsedOptions;
import io.pulse.kernel.config.RelayLimitsOptions;
import io.pulse.kernel.config.RelaySecurityOptions;
import io.pulse.kernel.ingest.IngestionPipeline;
import io.pulse.kernel.ingest.IngestionSettings;
import io.pulse.kernel.metrics.JvmGauges;
import io.pulse.kernel.metrics.Metrics;
import io.pulse.kernel.plugin.DiscoveredFactory;
import io.pulse.kernel.plugin.PluginBinding;
import io.pulse.kernel.plugin.PluginKind;
import io.pulse.kernel.plugin.PluginSelection;
import io.pulse.kernel.plugin.PluginSelection.Selected;
import io.pulse.kernel.relay.RelayServer;
import io.pulse.kernel.relay.RelayServerSettings;
import io.pulse.spi.Component;
import io.pulse.spi.ConfigException;
import io.pulse.spi.Health;
import io.pulse.spi.PluginContext;
import io.pulse.spi.Scheduler;
import io.pulse.spi.ServerSettings;
import io.pulse.spi.alert.AlertBackend;
import io.pulse.spi.alert.AlertBackendFactory;
import io.pulse.spi.alert.AlertOperations;
import io.pulse.spi.frontend.ComponentHealth;
import io.pulse.spi.frontend.FrontEndContext;
import io.pulse.spi.frontend.FrontEndFactory;
import io.pulse.spi.metrics.PluginMetrics;
import io.pulse.spi.publish.LivePublisher;
import io.pulse.spi.publish.LivePublisherFactory;
import io.pulse.spi.stats.SampleFeed;
import io.pulse.spi.storage.Storage;
import io.pulse.spi.storage.StorageFactory;
import io.pulse.spi.storage.StorageQueries;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;

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
 * can still exit.
 *
 * <p>Every call into a plugin goes through its {@link PluginBinding}: the factory call, and then the component
 * itself, which is wrapped as soon as it is created, so start, health, close, writes, publishing, queries and alert
 * operations all run with the plugin's class loader - whichever thread makes them. The storage queries and the sample
 * feed that one plugin hands another are bound to their owner the same way; scheduled tasks and sample listeners to
 * the plugin that registered them.
 *
 * <p>Thread-safe: {@link #start()} and {@link #stop()} are serialised; {@link #stop()} is idempotent and may be
 * called from a shutdown hook.
 */
public final class PulseServer {

    private static final System.Logger LOG = System.getLogger(PulseServer.class.getName());

    /** How long each component gets to stop, unless configured otherwise. */
    public static final Duration DEFAULT_STOP_TIMEOUT = Duration.ofSeconds(5);

    private final KernelSettings settings;
    private final ServerSettings serverSettings;
    private final ParsedOptions options;
    private final PluginSelection selection;
    private final String alertsUnavailableReason;
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
    private volatile IngestionPipeline pipeline;
    private volatile RelayServer relayServer;
    private volatile KernelFrontEndContext frontEndContext;
    private boolean startCalled;
    private boolean stopCalled;

    /**
     * @param settings                the kernel's validated settings
     * @param version                 the Pulse version (for {@link ServerSettings#version()})
     * @param options                 every factory's parsed option values
     * @param selection               the factories to use
     * @param alertsUnavailableReason what front ends tell users when no alert backend is selected
     * @param metrics                 the kernel's counters
     * @param clock                   the clock plugins and the relay server read
     * @param stopTimeout             how long each component gets to stop
     */
    public PulseServer(KernelSettings settings, String version, ParsedOptions options, PluginSelection selection,
                       String alertsUnavailableReason, Metrics metrics, Clock clock, Duration stopTimeout) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.serverSettings = settings.toServerSettings(version);
        this.options = Objects.requireNonNull(options, "options");
        this.selection = Objects.requireNonNull(selection, "selection");
        this.alertsUnavailableReason = Objects.requireNonNull(alertsUnavailableReason, "alertsUnavailableReason");
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
        // Counters, not gauges: they only grow, so rate() and increase() apply to them (pulse_..._total).
        scheduler = new KernelScheduler(metrics.counter("scheduler.runs.skipped"),
            metrics.counter("scheduler.runs.failed"));
        JvmGauges.register(metrics);

        Selected storageChoice = selection.storage();
        storage = create(storageChoice, Optional.empty(),
            (binding, context) -> binding.storage(((StorageFactory) storageChoice.factory().factory()).create(context)));
        Storage boundStorage = (Storage) storage.component();
        // Other plugins get the queries only: no write(), maintain() or close().
        Optional<StorageQueries> queries = Optional.of(PluginBinding.readOnly(boundStorage));
        pipeline = new IngestionPipeline(boundStorage, Map.of(), metrics, IngestionSettings.defaults());

        if (selection.alerts().isPresent()) {
            Selected chosen = selection.alerts().get();
            alerts = create(chosen, queries, (binding, context) ->
                binding.alerts(((AlertBackendFactory) chosen.factory().factory()).create(context)));
        }
        for (Selected chosen : selection.publishers()) {
            Active publisher = create(chosen, queries, (binding, context) ->
                binding.publisher(((LivePublisherFactory) chosen.factory().factory()).create(context)));
            publishers.add(publisher);
            pipeline.addPublisher(publisher.id(), (LivePublisher) publisher.component());
        }
        relayServer = new RelayServer(new RelayServerSettings(settings.serverListenAddress().toSocketAddress(),
            settings.pollInterval(), settings.beatInterval(), settings.maxLineLength(),
            RelayLimitsOptions.settings(options.of(OptionOwner.KERNEL))),
            RelaySecurityOptions.settings(options.of(OptionOwner.KERNEL)), pipeline::submit, metrics, clock);

        Optional<AlertOperations> alertOperations = Optional.ofNullable(alerts)
            .map(a -> PluginBinding.operationsOnly((AlertBackend) a.component()));
        frontEndContext = new KernelFrontEndContext(alertOperations, alertsUnavailableReason, relayServer, metrics,
            this::health);
        for (Selected chosen : selection.frontEnds()) {
            frontEnds.add(create(chosen, queries, (binding, context) -> binding.frontEnd(
                ((FrontEndFactory) chosen.factory().factory()).create(context, frontEndContext))));
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
        Storage store = (Storage) storage.component();
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

    /** Creates one component through its factory, bound to its plugin, and wraps it bound too. */
    private Active create(Selected chosen, Optional<StorageQueries> queries,
                          ComponentCreation creation) throws StartupException {
        DiscoveredFactory<?> factory = chosen.factory();
        String id = factory.id();
        Path dataDir = settings.dataDir().resolve(id);
        try {
            Files.createDirectories(dataDir);
        } catch (IOException e) {
            throw new StartupException("cannot create the data directory " + dataDir + " for " + factory.label() + ": "
                + describe(e), e);
        }
        PluginBinding binding = factory.origin().binding();
        PluginContext context = new KernelPluginContext(id, options.of(factory.owner()), serverSettings, dataDir,
            pluginScheduler(id, binding), clock, queries, sampleFeed(binding), pluginMetrics(id, binding));
        Component component;
        try {
            component = binding.get(() -> creation.create(binding, context));
        } catch (ConfigException e) {
            throw e;
        } catch (RuntimeException | LinkageError e) {
            throw new StartupException(factory.label() + " could not be created: " + describe(e), e);
        }
        Active created = new Active(factory.kind(), id, component);
        active.add(created);
        LOG.log(System.Logger.Level.DEBUG, "created {0}", created);
        return created;
    }

    /** Calls a factory and binds what it returns. */
    @FunctionalInterface
    private interface ComponentCreation {
        Component create(PluginBinding binding, PluginContext context);
    }

    /** The kernel scheduler as one plugin sees it: task names prefixed with its id, runs bound to its loader. */
    private Scheduler pluginScheduler(String id, PluginBinding binding) {
        return (name, initialDelay, period, task) -> scheduler.every(id + "-" + name, initialDelay, period,
            binding.task(Objects.requireNonNull(task, "task")));
    }

    /**
     * The metrics registry as one plugin sees it: names prefixed {@code pulse_<id>_}, gauges read with its loader
     * (a scrape reads them on a front end's thread).
     */
    private PluginMetrics pluginMetrics(String id, PluginBinding binding) {
        return metrics.families().scope("pulse_" + id.replace('-', '_') + "_")
            .withGaugeBinding(gauge -> () -> binding.get(gauge::getAsDouble));
    }

    /**
     * The sample feed as one plugin sees it: its listeners run bound to its loader. The pipeline exists once storage
     * is created, so only a storage factory that subscribes while being created is refused.
     */
    private SampleFeed sampleFeed(PluginBinding binding) {
        return (name, capacity, listener) -> {
            IngestionPipeline feed = pipeline;
            if (feed == null) {
                throw new IllegalStateException("the sample feed opens once storage is created: subscribe in start()");
            }
            return feed.subscribe(name, capacity, binding.listener(Objects.requireNonNull(listener, "listener")));
        };
    }

    private void startComponent(Active component) throws StartupException {
        try {
            component.component().start();
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
            close(frontEnd.toString(), frontEnd.component()::close);
        }
        if (relayServer != null) {
            close("relay server", relayServer::close);
        }
        if (pipeline != null) {
            close("ingestion pipeline", pipeline::close);
        }
        if (scheduler != null) {
            close("scheduler", scheduler::close);
        }
        for (Active publisher : reversed(publishers)) {
            close(publisher.toString(), publisher.component()::close);
        }
        if (alerts != null) {
            close(alerts.toString(), alerts.component()::close);
        }
        if (storage != null) {
            close(storage.toString(), storage.component()::close);
        }
    }

    /** Runs one close step on its own thread, waiting at most the stop timeout for it. */
    private void close(String what, Runnable closer) {
        Thread thread = Thread.ofVirtual().name("stop-" + what).start(() -> {
            try {
                closer.run();
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

    /** A created component, already bound to its plugin. */
    private static final class Active {
        private final PluginKind kind;
        private final String id;
        private final Component component;
        private volatile boolean started;

        Active(PluginKind kind, String id, Component component) {
            this.kind = kind;
            this.id = id;
            this.component = component;
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

        void markStarted() {
            started = true;
        }

        Health health() {
            if (!started) {
                return Health.down("not started");
            }
            try {
                return component.health();
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
