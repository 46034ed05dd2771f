package io.pulse.kernel.server;

import io.pulse.kernel.config.OptionRegistry;
import io.pulse.kernel.config.TestConfig;
import io.pulse.kernel.metrics.Metrics;
import io.pulse.kernel.plugin.PluginCatalog;
import io.pulse.kernel.plugin.PluginSelection;
import io.pulse.kernel.plugin.PluginSelector;
import io.pulse.kernel.testing.Await;
import io.pulse.kernel.testing.LogCapture;
import io.pulse.kernel.testing.RawRelay;
import io.pulse.spi.ConfigException;
import io.pulse.spi.Component;
import io.pulse.spi.Health;
import io.pulse.spi.PluginContext;
import io.pulse.spi.alert.AlertLevel;
import io.pulse.spi.alert.AlertOperations;
import io.pulse.spi.alert.AlertOperator;
import io.pulse.spi.alert.AlertRule;
import io.pulse.spi.frontend.ComponentHealth;
import io.pulse.spi.frontend.FrontEndContext;
import io.pulse.spi.stats.SampleBatch;
import io.pulse.spi.stats.SampleSubscription;
import io.pulse.spi.stats.Tags;
import io.pulse.spi.storage.Storage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The server's lifecycle with test plugins: dependency order, reverse stop, rollback on failure, bounded stops,
 * health, scheduled maintenance, each component's context, every call bound to the plugin's class loader, and samples
 * flowing from a relay socket through the pipeline to storage, publishers and sample-feed subscribers.
 */
class PulseServerLifecycleTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String NO_ALERTS = "alerts are not configured: install an alert plugin";

    @TempDir
    Path dataDir;

    private final TestStack stack = new TestStack();
    private PulseServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop();
        }
    }

    private PulseServer server(String... extraArgs) {
        List<String> args = new ArrayList<>(List.of("-s", "-S", "127.0.0.1:0", "--data-dir", dataDir.toString(),
            "--storage", "mem-test", "--publishers", "pub-a,pub-b", "--front-ends", "front-a,front-b"));
        args.addAll(List.of(extraArgs));
        PluginCatalog catalog = PluginCatalog.builder().add(stack.plugin(), stack.origin()).build();
        OptionRegistry registry = catalog.optionRegistry(TestConfig.KERNEL);
        TestConfig config = TestConfig.resolve(registry, args, Map.of("PULSE_MEM_TEST_SIZE", "42"), Optional.empty());
        PluginSelection selection = new PluginSelector(catalog, registry, config.options(), config.config(),
            dataDir.resolve("plugins")).select(config.settings());
        server = new PulseServer(config.settings(), "9.9.9", config.options(), selection, NO_ALERTS, new Metrics(),
            Clock.systemUTC(), Duration.ofMillis(300));
        return server;
    }

    @Test
    void startsInDependencyOrderAndStopsInReverse() throws Exception {
        List<String> relayCheck = new CopyOnWriteArrayList<>();
        PulseServer pulse = server("--alerts", "alerts-test");
        stack.onFrontEndStart(context -> {
            // The relay server is up before any front end starts.
            try (RawRelay relay = RawRelay.identified(pulse.relayAddress(), "early")) {
                relayCheck.add(relay.socket().isConnected() ? "relay accepted" : "relay not connected");
            } catch (IOException e) {
                relayCheck.add("relay refused: " + e);
            }
        });

        pulse.start();

        assertEquals(List.of(
            "create storage mem-test", "create alerts alerts-test", "create publisher pub-a", "create publisher pub-b",
            "create front-end front-a", "create front-end front-b",
            "start storage mem-test", "start alerts alerts-test", "start publisher pub-a", "start publisher pub-b",
            "start front-end front-a", "start front-end front-b"), stack.events);
        assertEquals(List.of("relay accepted", "relay accepted"), relayCheck);

        stack.events.clear();
        InetSocketAddress relays = pulse.relayAddress();
        pulse.stop();

        assertEquals(List.of("close front-end front-b", "close front-end front-a", "close publisher pub-b",
            "close publisher pub-a", "close alerts alerts-test", "close storage mem-test"), stack.events);
        assertThrows(ConnectException.class, () -> new Socket(relays.getAddress(), relays.getPort()).close(),
            "the relay port is closed");
        pulse.stop();
        assertEquals(6, stack.events.size(), "stop is idempotent");
        pulse.awaitStopped();
    }

    @Test
    void eachComponentGetsItsContext() throws Exception {
        server("-g", "hi").start();

        PluginContext storage = stack.pluginContexts.get("mem-test");
        assertEquals("mem-test", storage.id());
        assertEquals(dataDir.resolve("mem-test"), storage.dataDir());
        assertTrue(Files.isDirectory(dataDir.resolve("mem-test")), "created before the factory runs");
        assertTrue(Files.isDirectory(dataDir.resolve("front-b")));
        assertEquals(42, storage.options().get(TestStack.SIZE), "from PULSE_MEM_TEST_SIZE");
        assertEquals("9.9.9", storage.server().version());
        assertEquals(Duration.ofSeconds(60), storage.server().pollInterval());
        assertEquals(Clock.systemUTC(), storage.clock());

        PluginContext frontA = stack.pluginContexts.get("front-a");
        assertEquals("hi", frontA.options().get(TestStack.GREETING), "from its flag alias -g");
        assertEquals(List.of(TestStack.GREETING), frontA.options().options(), "its own options only");
        assertThrows(IllegalArgumentException.class, () -> frontA.options().get(TestStack.SIZE),
            "never another plugin's");
        assertEquals(List.of(), stack.pluginContexts.get("front-b").options().options());
    }

    @Test
    void aStorageCannotQueryItselfThroughItsContextButEveryOtherComponentCan() throws Exception {
        server().start();

        IllegalStateException e = assertThrows(IllegalStateException.class,
            () -> stack.pluginContexts.get("mem-test").storage());
        assertEquals("storage 'mem-test' asked for the storage's queries: a storage backend answers queries itself and"
            + " cannot query another through its context", e.getMessage());
        for (String id : List.of("pub-a", "front-a")) {
            var queries = stack.pluginContexts.get(id).storage();
            assertFalse(queries instanceof Storage, id + " gets the queries only, no write() or close()");
            assertEquals(List.of(), queries.keys());
        }
    }

    @Test
    void aPluginsScheduledTasksAreNamedAfterItAndRunWithItsLoader() throws Exception {
        server().start();
        AtomicReference<String> ran = new AtomicReference<>();

        // Scheduled from the test's thread, whose context class loader is not the plugin's.
        stack.pluginContexts.get("pub-a").scheduler().every("flush", Duration.ZERO, Duration.ofHours(1),
            () -> ran.set(Thread.currentThread().getName() + " "
                + (Thread.currentThread().getContextClassLoader() == stack.loader)));

        Await.until("the task ran", WAIT, () -> ran.get() != null);
        assertEquals("sched-pub-a-flush true", ran.get());
    }

    @Test
    void aSampleListenerRunsWithTheSubscribersLoader() throws Exception {
        server().start();
        List<Boolean> ownLoader = new CopyOnWriteArrayList<>();
        // Subscribed from the test's thread, whose context class loader is not the plugin's.
        try (SampleSubscription subscription = stack.pluginContexts.get("front-b").samples().subscribe("watch", 4,
                batch -> ownLoader.add(Thread.currentThread().getContextClassLoader() == stack.loader));
             RawRelay relay = RawRelay.identified(server.relayAddress(), "web1")) {
            relay.send("add cpu_used:\n");
            relay.expect("get cpu_used");
            relay.send("got cpu_used-cpu_used:0.25\n");
            Await.until("the batch delivered", WAIT, () -> !ownLoader.isEmpty());
            assertEquals(List.of(true), ownLoader);
            assertEquals(0, subscription.dropped());
        }
    }

    @Test
    void aStorageFactoryCannotSubscribeToTheSampleFeedWhileItIsCreated() {
        stack.onCreate("mem-test", context -> context.samples().subscribe("early", 1, batch -> { }));
        PulseServer pulse = server();

        StartupException e = assertThrows(StartupException.class, pulse::start);

        assertEquals("storage 'mem-test' could not be created: the sample feed opens once storage is created:"
            + " subscribe in start()", e.getMessage());
    }

    @Test
    void samplesFlowFromARelayToStoragePublishersAndSubscribers() throws Exception {
        server().start();
        FrontEndContext context = stack.frontEndContexts.get("front-a");
        PluginContext plugin = stack.pluginContexts.get("front-a");
        List<SampleBatch> live = new CopyOnWriteArrayList<>();
        try (SampleSubscription subscription = plugin.samples().subscribe("test", 8, live::add);
             RawRelay relay = RawRelay.identified(server.relayAddress(), "web1")) {
            relay.send("add cpu_used:,service:web1\n");
            relay.expect("get cpu_used");
            relay.send("got cpu_used-cpu_used:0.25\n");

            Await.until("the sample in storage", WAIT, () -> !stack.stored.isEmpty());
            assertEquals("cpu_used", stack.stored.get(0).stat());
            assertEquals(Tags.of("host", "web1", "service", "web1"), stack.stored.get(0).tags());
            assertEquals(0.25, stack.stored.get(0).value());
            Await.until("live batches", WAIT, () -> !live.isEmpty()
                && !stack.published.get("pub-a").isEmpty() && !stack.published.get("pub-b").isEmpty());
            assertEquals("web1", live.get(0).relayId());

            assertEquals(List.of("cpu_used"), plugin.storage().keys());
            assertEquals(List.of("web1"), context.relays().stream().map(r -> r.id()).toList());
            assertEquals(1L, context.metrics().get("relays.connected"));
            assertEquals(0L, context.metrics().get("scheduler.runs.failed"));
            for (String counted : List.of("scheduler.runs.skipped", "scheduler.runs.failed")) {
                assertEquals(io.pulse.spi.frontend.MetricValue.Kind.COUNTER, context.typedMetrics().stream()
                    .filter(m -> m.name().equals(counted)).findFirst().orElseThrow().kind(), counted + " only grows");
            }
            long heapUsed = context.metrics().get("jvm.heap.used");
            assertTrue(heapUsed > 0 && heapUsed <= context.metrics().get("jvm.heap.max"), "heap gauges: " + heapUsed);
            assertTrue(context.flush("web1"));
            relay.expect("flush");
            assertFalse(context.flush("nobody"));
            context.override(Duration.ofMinutes(1), Map.of("cpu_used", Duration.ofSeconds(5)));
            assertEquals(1, context.overrides().size());
            assertEquals(0, subscription.dropped());
        }
    }

    @Test
    void everyCallIntoThePluginRunsWithItsLoaderWhicheverThreadMakesIt() throws Exception {
        server("--alerts", "alerts-test").start();
        FrontEndContext context = stack.frontEndContexts.get("front-a");
        try (RawRelay relay = RawRelay.identified(server.relayAddress(), "web1")) {
            relay.send("add cpu_used:\n");
            relay.expect("get cpu_used");
            relay.send("got cpu_used-cpu_used:0.25\n");
            // written by the pipeline's writer thread, published by the publishers' lanes
            Await.until("stored and published", WAIT, () -> !stack.stored.isEmpty()
                && !stack.published.get("pub-a").isEmpty() && !stack.published.get("pub-b").isEmpty());
        }
        // queries, alert operations and health from a front end's (here the test's) thread
        stack.pluginContexts.get("front-b").storage().keys();
        AlertOperations alerts = context.alerts().orElseThrow();
        alerts.create(new AlertRule(null, "cpu_used", Map.of(), AlertLevel.CRIT, AlertOperator.GT, 0.9,
            Duration.ofMinutes(1), "http://127.0.0.1:1/hook"));
        alerts.list();
        context.health();
        server.stop();

        assertEquals(List.of(), stack.wrongLoaderCalls);
        assertTrue(stack.events.contains("close storage mem-test"), "close was among the calls checked");
    }

    @Test
    void theFrontEndContextExplainsMissingAlerts() throws Exception {
        server().start();
        FrontEndContext context = stack.frontEndContexts.get("front-a");

        assertEquals(Optional.empty(), context.alerts());
        assertEquals(NO_ALERTS, context.alertsUnavailableReason());
        assertEquals(server.frontEndContext(), context);
    }

    @Test
    void theFrontEndContextHandsOutTheAlertOperationsButNotTheBackendsLifecycle() throws Exception {
        server("--alerts", "alerts-test").start();
        FrontEndContext context = stack.frontEndContexts.get("front-a");

        AlertOperations alerts = context.alerts().orElseThrow();
        assertFalse(alerts instanceof Component, "a front end cannot close the alert backend");
        assertEquals("", context.alertsUnavailableReason());
        assertEquals(List.of(), alerts.list());
    }

    @Test
    void healthCoversEveryComponentInStartOrder() throws Exception {
        stack.failHealth("pub-b", new IllegalStateException("socket gone"));
        server("--alerts", "alerts-test").start();

        List<ComponentHealth> health = stack.frontEndContexts.get("front-b").health();

        assertEquals(List.of("storage mem-test", "alerts alerts-test", "publisher pub-a", "publisher pub-b",
            "front-end front-a", "front-end front-b"),
            health.stream().map(h -> h.kind() + " " + h.id()).toList());
        assertEquals(Health.up("storage ok"), health.get(0).health());
        assertEquals(Health.down("health check failed: socket gone"), health.get(3).health());
    }

    @Test
    void aFailedStartStopsEverythingThatWasCreated() {
        stack.failStart("pub-b", new IllegalStateException("mist refused the connection"));
        PulseServer pulse = server("--alerts", "alerts-test");

        StartupException e = assertThrows(StartupException.class, pulse::start);

        assertEquals("publisher 'pub-b' failed to start: mist refused the connection", e.getMessage());
        assertEquals(List.of("start storage mem-test", "start alerts alerts-test", "start publisher pub-a",
            "start publisher pub-b"), stack.events("start"));
        assertEquals(List.of("close front-end front-b", "close front-end front-a", "close publisher pub-b",
            "close publisher pub-a", "close alerts alerts-test", "close storage mem-test"), stack.events("close"));
        assertThrows(IllegalStateException.class, pulse::relayAddress, "the relay server never started");
    }

    @Test
    void aFrontEndThatFailsToStartStopsTheRelayServerToo() {
        stack.failStart("front-b", new IllegalStateException("port 8080 in use"));
        PulseServer pulse = server();

        StartupException e = assertThrows(StartupException.class, pulse::start);

        assertEquals("front-end 'front-b' failed to start: port 8080 in use", e.getMessage());
        InetSocketAddress relays = pulse.relayAddress();
        assertThrows(ConnectException.class, () -> new Socket(relays.getAddress(), relays.getPort()).close());
        assertEquals("close storage mem-test", stack.events.getLast());
    }

    @Test
    void aConfigurationErrorAtCreationStartsNothing() {
        stack.failCreate("pub-a", TestStack.configError("pub-a.url: is required"));
        PulseServer pulse = server();

        ConfigException e = assertThrows(ConfigException.class, pulse::start);

        assertEquals("pub-a.url: is required", e.getMessage());
        assertEquals(List.of(), stack.events("start"));
        assertEquals(List.of("close storage mem-test"), stack.events("close"), "what was created is released");
    }

    @Test
    void aPortInUseIsAStartFailureNamingTheSetting() throws Exception {
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            String address = "127.0.0.1:" + taken.getLocalPort();
            PulseServer pulse = server("-S", address);

            StartupException e = assertThrows(StartupException.class, pulse::start);

            assertTrue(e.getMessage().startsWith("server-listen-address: cannot listen for relays at " + address),
                e.getMessage());
            assertEquals(List.of(), stack.events("start front-end"));
            assertEquals("close storage mem-test", stack.events.getLast());
        }
    }

    @Test
    void aComponentThatDoesNotStopInTimeIsLeftBehind() throws Exception {
        stack.slowClose("front-b", Duration.ofSeconds(5));
        server().start();

        long started = System.nanoTime();
        try (LogCapture log = new LogCapture(PulseServer.class.getName())) {
            server.stop();
            assertTrue(log.messages().stream().anyMatch(m -> m.contains("did not stop within")), log.messages().toString());
        }
        assertTrue(Duration.ofNanos(System.nanoTime() - started).compareTo(Duration.ofSeconds(4)) < 0,
            "the stop did not wait for the slow component");
        assertTrue(stack.events.contains("close storage mem-test"), "later components were still stopped");
    }

    @Test
    void storageMaintenanceRunsEveryAggregateInterval() throws Exception {
        server("-a", "1s").start();
        Await.until("storage.maintain", WAIT, () -> stack.maintainCalls.get() >= 1);
    }
}
