package io.pulse.kernel.server;

import io.pulse.kernel.plugin.PluginBinding;
import io.pulse.kernel.plugin.PluginOrigin;
import io.pulse.kernel.testing.QuerylessStorage;
import io.pulse.spi.ConfigException;
import io.pulse.spi.Health;
import io.pulse.spi.Plugin;
import io.pulse.spi.PluginContext;
import io.pulse.spi.alert.AlertBackend;
import io.pulse.spi.alert.AlertBackendFactory;
import io.pulse.spi.alert.AlertRule;
import io.pulse.spi.frontend.FrontEnd;
import io.pulse.spi.frontend.FrontEndContext;
import io.pulse.spi.frontend.FrontEndFactory;
import io.pulse.spi.option.Option;
import io.pulse.spi.option.OptionType;
import io.pulse.spi.publish.LivePublisher;
import io.pulse.spi.publish.LivePublisherFactory;
import io.pulse.spi.stats.Sample;
import io.pulse.spi.stats.SampleBatch;
import io.pulse.spi.storage.Storage;
import io.pulse.spi.storage.StorageFactory;
import io.pulse.spi.storage.WriteResult;

import java.net.URL;
import java.net.URLClassLoader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * TEST PLUGINS: one plugin offering a storage ({@code mem-test}, option {@code size}), an alert backend
 * ({@code alerts-test}), two publishers ({@code pub-a}, {@code pub-b}) and two front ends ({@code front-a}, with the
 * option {@code greeting} and its flag alias {@code -g}/{@code --greeting}; {@code front-b}). Every lifecycle call is
 * recorded as an event ({@code "start storage mem-test"}), failures and slow closes can be injected per id, factories
 * and front ends run hooks. Storage keeps written samples; publishers keep published batches.
 *
 * <p>The plugin "lives" in a class loader of its own ({@link #loader}, as a plugin folder's layer would): every call
 * into a component that arrives without it as the thread context class loader is recorded in
 * {@link #wrongLoaderCalls}.
 */
final class TestStack {

    static final Option<Integer> SIZE = Option.builder("size", OptionType.integer(1, 1000)).defaultValue(10)
        .description("A size").build();
    static final Option<String> GREETING = Option.builder("greeting", OptionType.string()).defaultValue("hello")
        .flag("greeting", 'g').description("What front-a says").build();

    /** The plugin's own class loader (it defines no classes: only its identity matters). */
    final ClassLoader loader = new URLClassLoader("test-stack", new URL[0], TestStack.class.getClassLoader());
    /** Calls into a component that did not run with {@link #loader} as the context class loader. */
    final List<String> wrongLoaderCalls = new CopyOnWriteArrayList<>();

    final List<String> events = new CopyOnWriteArrayList<>();
    final List<Sample> stored = new CopyOnWriteArrayList<>();
    final Map<String, List<SampleBatch>> published = new ConcurrentHashMap<>();
    final Map<String, FrontEndContext> frontEndContexts = new ConcurrentHashMap<>();
    final Map<String, PluginContext> pluginContexts = new ConcurrentHashMap<>();
    final AtomicInteger maintainCalls = new AtomicInteger();

    private final Map<String, RuntimeException> failOnStart = new ConcurrentHashMap<>();
    private final Map<String, RuntimeException> failOnCreate = new ConcurrentHashMap<>();
    private final Map<String, Duration> closeDelay = new ConcurrentHashMap<>();
    private final Map<String, RuntimeException> failOnHealth = new ConcurrentHashMap<>();
    private volatile Consumer<FrontEndContext> frontEndStartHook = context -> { };
    private final Map<String, Consumer<PluginContext>> createHooks = new ConcurrentHashMap<>();

    TestStack failStart(String id, RuntimeException e) {
        failOnStart.put(id, e);
        return this;
    }

    TestStack failCreate(String id, RuntimeException e) {
        failOnCreate.put(id, e);
        return this;
    }

    TestStack slowClose(String id, Duration delay) {
        closeDelay.put(id, delay);
        return this;
    }

    TestStack failHealth(String id, RuntimeException e) {
        failOnHealth.put(id, e);
        return this;
    }

    TestStack onFrontEndStart(Consumer<FrontEndContext> hook) {
        frontEndStartHook = hook;
        return this;
    }

    /** Runs {@code hook} in the factory of {@code id}, with the context it was given. */
    TestStack onCreate(String id, Consumer<PluginContext> hook) {
        createHooks.put(id, hook);
        return this;
    }

    /** Where the plugin comes from: calls into it are bound to {@link #loader}. */
    PluginOrigin origin() {
        return new PluginOrigin("test.stack", "test sources", PluginBinding.of(loader));
    }

    /** Records {@code call} when it runs without the plugin's loader as the thread context class loader. */
    void checkLoader(String call) {
        if (Thread.currentThread().getContextClassLoader() != loader) {
            wrongLoaderCalls.add(call + " on " + Thread.currentThread().getName());
        }
    }

    /** The events that start with {@code prefix}, in order. */
    List<String> events(String prefix) {
        return events.stream().filter(e -> e.startsWith(prefix)).toList();
    }

    Plugin plugin() {
        return new Plugin() {
            @Override
            public List<StorageFactory> storageFactories() {
                return List.of(new StorageFactory() {
                    @Override
                    public String id() {
                        return "mem-test";
                    }

                    @Override
                    public List<Option<?>> options() {
                        return List.of(SIZE);
                    }

                    @Override
                    public Storage create(PluginContext context) {
                        created("storage", id(), context);
                        return new TestStorage(id());
                    }
                });
            }

            @Override
            public List<AlertBackendFactory> alertBackendFactories() {
                return List.of(new AlertBackendFactory() {
                    @Override
                    public String id() {
                        return "alerts-test";
                    }

                    @Override
                    public AlertBackend create(PluginContext context) {
                        created("alerts", id(), context);
                        return new TestAlerts(id());
                    }
                });
            }

            @Override
            public List<LivePublisherFactory> livePublisherFactories() {
                return List.of(publisherFactory("pub-a"), publisherFactory("pub-b"));
            }

            @Override
            public List<FrontEndFactory> frontEndFactories() {
                return List.of(frontEndFactory("front-a", List.of(GREETING)), frontEndFactory("front-b", List.of()));
            }
        };
    }

    private void created(String kind, String id, PluginContext context) {
        checkLoader("create " + id);
        events.add("create " + kind + " " + id);
        pluginContexts.put(id, context);
        createHooks.getOrDefault(id, c -> { }).accept(context);
        RuntimeException failure = failOnCreate.get(id);
        if (failure != null) {
            throw failure;
        }
    }

    private LivePublisherFactory publisherFactory(String id) {
        return new LivePublisherFactory() {
            @Override
            public String id() {
                return id;
            }

            @Override
            public LivePublisher create(PluginContext context) {
                created("publisher", id, context);
                return new TestPublisher(id);
            }
        };
    }

    private FrontEndFactory frontEndFactory(String id, List<Option<?>> options) {
        return new FrontEndFactory() {
            @Override
            public String id() {
                return id;
            }

            @Override
            public List<Option<?>> options() {
                return options;
            }

            @Override
            public FrontEnd create(PluginContext context, FrontEndContext server) {
                created("front-end", id, context);
                frontEndContexts.put(id, server);
                return new TestFrontEnd(id, server);
            }
        };
    }

    /** Shared lifecycle behaviour: events, injected failures and delays. */
    private abstract class TestComponent implements io.pulse.spi.Component {
        final String kind;
        final String id;

        TestComponent(String kind, String id) {
            this.kind = kind;
            this.id = id;
        }

        @Override
        public void start() throws Exception {
            checkLoader("start " + id);
            events.add("start " + kind + " " + id);
            RuntimeException failure = failOnStart.get(id);
            if (failure != null) {
                throw failure;
            }
        }

        @Override
        public Health health() {
            checkLoader("health " + id);
            RuntimeException failure = failOnHealth.get(id);
            if (failure != null) {
                throw failure;
            }
            return Health.up(kind + " ok");
        }

        @Override
        public void close() {
            checkLoader("close " + id);
            Duration delay = closeDelay.get(id);
            if (delay != null) {
                try {
                    Thread.sleep(delay);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            events.add("close " + kind + " " + id);
        }
    }

    private final class TestStorage extends TestComponent implements QuerylessStorage {
        TestStorage(String id) {
            super("storage", id);
        }

        @Override
        public WriteResult write(List<Sample> samples) {
            checkLoader("write " + id);
            stored.addAll(samples);
            return WriteResult.accepted(samples.size());
        }

        @Override
        public void maintain(long nowMillis) {
            checkLoader("maintain " + id);
            maintainCalls.incrementAndGet();
        }

        @Override
        public List<String> keys() {
            checkLoader("keys " + id);
            return stored.stream().map(Sample::stat).distinct().sorted().toList();
        }
    }

    private final class TestAlerts extends TestComponent implements AlertBackend {
        TestAlerts(String id) {
            super("alerts", id);
        }

        @Override
        public AlertRule create(AlertRule rule) {
            checkLoader("create alert " + id);
            return rule;
        }

        @Override
        public AlertRule update(AlertRule rule) {
            return rule;
        }

        @Override
        public void delete(String id) {
        }

        @Override
        public Optional<AlertRule> get(String id) {
            return Optional.empty();
        }

        @Override
        public List<AlertRule> list() {
            checkLoader("list alerts " + id);
            return List.of();
        }
    }

    private final class TestPublisher extends TestComponent implements LivePublisher {
        TestPublisher(String id) {
            super("publisher", id);
            published.put(id, Collections.synchronizedList(new ArrayList<>()));
        }

        @Override
        public void publish(SampleBatch batch) {
            checkLoader("publish " + id);
            published.get(id).add(batch);
        }
    }

    private final class TestFrontEnd extends TestComponent implements FrontEnd {
        private final FrontEndContext server;

        TestFrontEnd(String id, FrontEndContext server) {
            super("front-end", id);
            this.server = server;
        }

        @Override
        public void start() throws Exception {
            super.start();
            frontEndStartHook.accept(server);
        }
    }

    /** A configuration error a factory reports. */
    static ConfigException configError(String message) {
        return new ConfigException(message);
    }
}
