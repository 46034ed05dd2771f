package io.pulse.kernel.testing;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Java sources of small but real plugins, compiled by {@link PluginJars} into jars that tests drop into
 * {@code plugins/<name>/} folders. They implement the SPI like a vendor would, from outside the kernel.
 */
public final class SamplePlugins {

    private SamplePlugins() {
    }

    /** {@code provides io.pulse.spi.Plugin with ...}. */
    public static final String SERVICES = "META-INF/services/io.pulse.spi.Plugin";

    /**
     * An explicit module offering one storage, {@code id}, which keeps samples in a list. Its health says whether
     * the thread context class loader was the plugin's own while it was created and started.
     */
    public static Map<String, String> explicitStorage(String module, String pkg, String id) {
        Map<String, String> sources = new LinkedHashMap<>();
        sources.put("module-info.java", """
            module %s {
                requires io.pulse.spi;
                provides io.pulse.spi.Plugin with %s.StorePlugin;
            }
            """.formatted(module, pkg));
        sources.put(pkg.replace('.', '/') + "/StorePlugin.java", """
            package %1$s;

            import io.pulse.spi.*;
            import io.pulse.spi.option.*;
            import io.pulse.spi.stats.Sample;
            import io.pulse.spi.storage.*;
            import java.util.*;

            public final class StorePlugin implements Plugin {
                static final Option<Integer> CAPACITY = Option.builder("capacity", OptionType.integer(1, 1_000_000))
                    .defaultValue(100).description("Most samples kept").build();

                @Override
                public List<StorageFactory> storageFactories() {
                    return List.of(new StorageFactory() {
                        public String id() { return "%2$s"; }
                        public List<Option<?>> options() { return List.of(CAPACITY); }
                        public Storage create(PluginContext context) {
                            boolean tccl = Thread.currentThread().getContextClassLoader() == StorePlugin.class.getClassLoader();
                            return new ListStorage(tccl, context.options().get(CAPACITY));
                        }
                    });
                }

                static final class ListStorage implements Storage {
                    private final boolean tcclAtCreate;
                    private final int capacity;
                    private final List<Sample> samples = Collections.synchronizedList(new ArrayList<>());
                    private volatile boolean tcclAtStart;
                    ListStorage(boolean tcclAtCreate, int capacity) { this.tcclAtCreate = tcclAtCreate; this.capacity = capacity; }
                    public void start() { tcclAtStart = Thread.currentThread().getContextClassLoader() == StorePlugin.class.getClassLoader(); }
                    public Health health() { return Health.up("tccl=" + (tcclAtCreate && tcclAtStart) + " capacity=" + capacity); }
                    public void close() { }
                    public WriteResult write(List<Sample> batch) { samples.addAll(batch); return WriteResult.accepted(batch.size()); }
                    public void maintain(long nowMillis) { }
                    public List<String> keys() { return samples.stream().map(Sample::stat).distinct().sorted().toList(); }
                    public List<String> tagKeys() { return List.of(); }
                    public Optional<Point> latest(LatestQuery query) { return Optional.empty(); }
                    public List<RawRow> raw(RawQuery query) { return List.of(); }
                    public List<Point> range(RangeQuery query) { return List.of(); }
                }
            }
            """.formatted(pkg, id));
        return sources;
    }

    /** A jar without module-info (an automatic module) whose plugin offers the publisher {@code id}. */
    public static Map<String, String> automaticPublisher(String pkg, String id) {
        return Map.of(pkg.replace('.', '/') + "/AutoPlugin.java", """
            package %1$s;

            import io.pulse.spi.*;
            import io.pulse.spi.publish.*;
            import io.pulse.spi.stats.SampleBatch;
            import java.util.List;

            public final class AutoPlugin implements Plugin {
                @Override
                public List<LivePublisherFactory> livePublisherFactories() {
                    return List.of(new LivePublisherFactory() {
                        public String id() { return "%2$s"; }
                        public LivePublisher create(PluginContext context) {
                            return new LivePublisher() {
                                public void publish(SampleBatch batch) { }
                                public Health health() { return Health.up("automatic"); }
                                public void close() { }
                            };
                        }
                    });
                }
            }
            """.formatted(pkg, id));
    }

    /** The services file that declares {@code pkg.AutoPlugin}. */
    public static Map<String, String> automaticServices(String pkg) {
        return Map.of(SERVICES, pkg + ".AutoPlugin\n");
    }

    /** A library module, {@code acme.lib}, exporting {@code acme.lib.Greeting.text()}. */
    public static Map<String, String> library(String text) {
        return Map.of(
            "module-info.java", "module acme.lib { exports acme.lib; }\n",
            "acme/lib/Greeting.java", """
                package acme.lib;
                public final class Greeting {
                    public static String text() { return "%s"; }
                }
                """.formatted(text));
    }

    /** A plugin module that requires {@code acme.lib}: its publisher {@code greeter} describes itself with the library. */
    public static Map<String, String> pluginUsingLibrary() {
        return Map.of(
            "module-info.java", """
                module acme.greeter {
                    requires io.pulse.spi;
                    requires acme.lib;
                    provides io.pulse.spi.Plugin with acme.greeter.GreeterPlugin;
                }
                """,
            "acme/greeter/GreeterPlugin.java", """
                package acme.greeter;

                import io.pulse.spi.*;
                import io.pulse.spi.publish.*;
                import io.pulse.spi.stats.SampleBatch;
                import java.util.List;

                public final class GreeterPlugin implements Plugin {
                    @Override
                    public List<LivePublisherFactory> livePublisherFactories() {
                        return List.of(new LivePublisherFactory() {
                            public String id() { return "greeter"; }
                            public String description() { return acme.lib.Greeting.text(); }
                            public LivePublisher create(PluginContext context) { throw new UnsupportedOperationException(); }
                        });
                    }
                }
                """);
    }

    /** A module with a class but no Plugin provider. */
    public static Map<String, String> noProvider() {
        return Map.of(
            "module-info.java", "module acme.empty { requires io.pulse.spi; }\n",
            "acme/empty/Nothing.java", "package acme.empty; public final class Nothing { }\n");
    }

    /** A plugin whose constructor throws. */
    public static Map<String, String> failingConstructor() {
        return Map.of(
            "module-info.java", """
                module acme.broken {
                    requires io.pulse.spi;
                    provides io.pulse.spi.Plugin with acme.broken.BrokenPlugin;
                }
                """,
            "acme/broken/BrokenPlugin.java", """
                package acme.broken;
                public final class BrokenPlugin implements io.pulse.spi.Plugin {
                    public BrokenPlugin() { throw new IllegalStateException("license file missing"); }
                }
                """);
    }

    /**
     * A whole stack in one module, {@code test.stack}: storage {@code list-store}, alerts {@code memo-alerts},
     * publisher {@code echo-pub} and front end {@code probe}. Each appends its lifecycle events
     * ({@code create|start|close <id>}) to the file named by its {@code events-file} option, so a test can check
     * the order across components. Calls into the storage and the publisher that arrive without the plugin's own
     * context class loader are recorded there too, as {@code wrong context class loader in <call>}. The probe
     * subscribes to live samples ({@code PluginContext.samples()}) when it starts and reports the count in its
     * health; {@code probe.fail-start=true} makes its start fail.
     */
    public static Map<String, String> stack() {
        Map<String, String> sources = new LinkedHashMap<>();
        sources.put("module-info.java", """
            module test.stack {
                requires io.pulse.spi;
                provides io.pulse.spi.Plugin with test.stack.StackPlugin;
            }
            """);
        sources.put("test/stack/StackPlugin.java", """
            package test.stack;

            import io.pulse.spi.*;
            import io.pulse.spi.alert.*;
            import io.pulse.spi.frontend.*;
            import io.pulse.spi.option.*;
            import io.pulse.spi.publish.*;
            import io.pulse.spi.stats.*;
            import io.pulse.spi.storage.*;
            import java.io.IOException;
            import java.io.UncheckedIOException;
            import java.nio.file.*;
            import java.util.*;
            import java.util.concurrent.atomic.AtomicLong;

            public final class StackPlugin implements Plugin {
                static final Option<String> EVENTS = Option.builder("events-file", OptionType.string())
                    .defaultValue("").description("Where lifecycle events go").build();
                static final Option<Boolean> FAIL_START = Option.builder("fail-start", OptionType.bool())
                    .defaultValue(false).description("Fail on start").build();

                /** Records a call that arrives without this plugin's loader as the thread context class loader. */
                static void checkLoader(PluginContext context, String call) {
                    if (Thread.currentThread().getContextClassLoader() != StackPlugin.class.getClassLoader()) {
                        event(context, "wrong context class loader in " + call);
                    }
                }

                static synchronized void event(PluginContext context, String what) {
                    String file = context.options().get(EVENTS);
                    if (file.isEmpty()) return;
                    try {
                        Files.writeString(Path.of(file), what + "\\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }

                public List<StorageFactory> storageFactories() {
                    return List.of(new StorageFactory() {
                        public String id() { return "list-store"; }
                        public List<Option<?>> options() { return List.of(EVENTS); }
                        public Storage create(PluginContext context) {
                            event(context, "create list-store " + Files.isDirectory(context.dataDir()));
                            List<Sample> samples = Collections.synchronizedList(new ArrayList<>());
                            return new Storage() {
                                public void start() { event(context, "start list-store"); }
                                public Health health() { return Health.up(samples.size() + " samples"); }
                                public void close() { event(context, "close list-store"); }
                                public WriteResult write(List<Sample> batch) {
                                    checkLoader(context, "write");
                                    samples.addAll(batch);
                                    return WriteResult.accepted(batch.size());
                                }
                                public void maintain(long nowMillis) { }
                                public List<String> keys() {
                                    checkLoader(context, "keys");
                                    return samples.stream().map(Sample::stat).distinct().sorted().toList();
                                }
                                public List<String> tagKeys() { return List.of(); }
                                public Optional<Point> latest(LatestQuery q) { return Optional.empty(); }
                                public List<RawRow> raw(RawQuery q) { return List.of(); }
                                public List<Point> range(RangeQuery q) { return List.of(); }
                            };
                        }
                    });
                }

                public List<AlertBackendFactory> alertBackendFactories() {
                    return List.of(new AlertBackendFactory() {
                        public String id() { return "memo-alerts"; }
                        public List<Option<?>> options() { return List.of(EVENTS); }
                        public AlertBackend create(PluginContext context) {
                            event(context, "create memo-alerts");
                            return new AlertBackend() {
                                public void start() { event(context, "start memo-alerts"); }
                                public Health health() { return Health.up(); }
                                public void close() { event(context, "close memo-alerts"); }
                                public AlertRule create(AlertRule rule) { return rule; }
                                public AlertRule update(AlertRule rule) { return rule; }
                                public void delete(String id) { }
                                public Optional<AlertRule> get(String id) { return Optional.empty(); }
                                public List<AlertRule> list() { return List.of(); }
                            };
                        }
                    });
                }

                public List<LivePublisherFactory> livePublisherFactories() {
                    return List.of(new LivePublisherFactory() {
                        public String id() { return "echo-pub"; }
                        public List<Option<?>> options() { return List.of(EVENTS); }
                        public LivePublisher create(PluginContext context) {
                            event(context, "create echo-pub");
                            return new LivePublisher() {
                                public void start() { event(context, "start echo-pub"); }
                                public void publish(SampleBatch batch) { checkLoader(context, "publish"); }
                                public Health health() { return Health.up(); }
                                public void close() { event(context, "close echo-pub"); }
                            };
                        }
                    });
                }

                public List<FrontEndFactory> frontEndFactories() {
                    return List.of(new FrontEndFactory() {
                        public String id() { return "probe"; }
                        public List<Option<?>> options() { return List.of(EVENTS, FAIL_START); }
                        public FrontEnd create(PluginContext context, FrontEndContext server) {
                            event(context, "create probe");
                            boolean failStart = context.options().get(FAIL_START);
                            AtomicLong batches = new AtomicLong();
                            return new FrontEnd() {
                                SampleSubscription subscription;
                                public void start() {
                                    event(context, "start probe relays=" + server.relays().size()
                                        + " alerts=" + server.alerts().isPresent());
                                    if (failStart) throw new IllegalStateException("probe refused to start");
                                    subscription = context.samples().subscribe("probe", 16, b -> batches.incrementAndGet());
                                }
                                public Health health() { return Health.up("batches=" + batches.get()); }
                                public void close() {
                                    if (subscription != null) subscription.close();
                                    event(context, "close probe");
                                }
                            };
                        }
                    });
                }
            }
            """);
        return sources;
    }

    /**
     * A front end {@code id} in module (and package) {@code module} that owns three options, as a vendor's HTTP API
     * would: {@code listen-address} (host:port, default {@code 127.0.0.1:8181}) with the flag alias {@code addressFlag},
     * the short flag {@code addressShort} and the extra environment variable {@code addressEnv}; a secret
     * {@code token} (at least 8 characters, no spaces) with the flag alias {@code tokenFlag}; and {@code retries}
     * (0 to 10, default 3) with no alias. Its health shows what it was given (the token only as set or not); when it
     * starts it logs its own token, as careless plugins do.
     */
    public static Map<String, String> optionProbe(String module, String id, String addressFlag, char addressShort,
                                                  String addressEnv, String tokenFlag) {
        return Map.of(
            "module-info.java", """
                module %1$s {
                    requires io.pulse.spi;
                    provides io.pulse.spi.Plugin with %1$s.OptionProbePlugin;
                }
                """.formatted(module),
            module.replace('.', '/') + "/OptionProbePlugin.java", """
                package %1$s;

                import io.pulse.spi.*;
                import io.pulse.spi.frontend.*;
                import io.pulse.spi.option.*;
                import java.util.List;

                public final class OptionProbePlugin implements Plugin {
                    static final Option<HostPort> ADDRESS = Option.builder("listen-address", OptionType.hostPort())
                        .defaultValue(new HostPort("127.0.0.1", 8181)).flag("%3$s", '%4$s').env("%5$s")
                        .description("Where the probe listens").build();
                    static final Option<String> TOKEN = Option.builder("token",
                            OptionType.of("token", OptionProbePlugin::token, t -> t))
                        .secret().flag("%6$s").description("Token clients present").build();
                    static final Option<Integer> RETRIES = Option.builder("retries", OptionType.integer(0, 10))
                        .defaultValue(3).description("Times a failed push is retried").build();

                    static String token(String text) {
                        if (text.length() < 8 || text.contains(" ")) {
                            throw new IllegalArgumentException("expected at least 8 characters without spaces, got '"
                                + text + "'");
                        }
                        return text;
                    }

                    @Override
                    public List<FrontEndFactory> frontEndFactories() {
                        return List.of(new FrontEndFactory() {
                            public String id() { return "%2$s"; }
                            public String description() { return "option probe"; }
                            public List<Option<?>> options() { return List.of(ADDRESS, TOKEN, RETRIES); }
                            public FrontEnd create(PluginContext context, FrontEndContext server) {
                                HostPort address = context.options().get(ADDRESS);
                                String token = context.options().find(TOKEN).orElse("");
                                int retries = context.options().get(RETRIES);
                                return new FrontEnd() {
                                    public void start() {
                                        System.getLogger("%1$s").log(System.Logger.Level.INFO,
                                            "%2$s uses the token " + token);
                                    }
                                    public Health health() {
                                        return Health.up("address=" + address + " retries=" + retries
                                            + " token-set=" + !token.isEmpty());
                                    }
                                    public void close() { }
                                };
                            }
                        });
                    }
                }
                """.formatted(module, id, addressFlag, addressShort, addressEnv, tokenFlag));
    }

    /**
     * A front end {@code id} in module (and package) {@code module} that, when it starts, schedules a task on
     * {@code PluginContext.scheduler()} and subscribes a listener to {@code PluginContext.samples()}; each records
     * whether it ran with the plugin's own class loader as the thread context class loader ({@code own}, else
     * {@code other <loader>}) and on which thread. Its health reports both:
     * {@code task=own on sched-<id>-tick; listener=own on <thread>} ({@code not run} / {@code no batch} before).
     *
     * <p>It registers both from a thread of its own whose context class loader is the platform loader, as a
     * library's worker thread (an HTTP server's handler, a client's callback) would be: the kernel's threads inherit
     * the context class loader of the thread that creates them, so only the kernel's binding can make the runs see
     * the plugin's loader.
     */
    public static Map<String, String> loaderProbe(String module, String id) {
        return Map.of(
            "module-info.java", """
                module %1$s {
                    requires io.pulse.spi;
                    provides io.pulse.spi.Plugin with %1$s.LoaderProbePlugin;
                }
                """.formatted(module),
            module.replace('.', '/') + "/LoaderProbePlugin.java", """
                package %1$s;

                import io.pulse.spi.*;
                import io.pulse.spi.frontend.*;
                import io.pulse.spi.stats.*;
                import java.time.Duration;
                import java.util.List;

                public final class LoaderProbePlugin implements Plugin {
                    @Override
                    public List<FrontEndFactory> frontEndFactories() {
                        return List.of(new FrontEndFactory() {
                            public String id() { return "%2$s"; }
                            public FrontEnd create(PluginContext context, FrontEndContext server) {
                                return new LoaderProbe(context);
                            }
                        });
                    }

                    static String contextLoader() {
                        ClassLoader loader = Thread.currentThread().getContextClassLoader();
                        return (loader == LoaderProbePlugin.class.getClassLoader() ? "own" : "other " + loader)
                            + " on " + Thread.currentThread().getName();
                    }

                    static final class LoaderProbe implements FrontEnd {
                        private final PluginContext context;
                        private volatile String task = "not run";
                        private volatile String listener = "no batch";
                        private Scheduler.Scheduled scheduled;
                        private SampleSubscription subscription;

                        LoaderProbe(PluginContext context) {
                            this.context = context;
                        }

                        public void start() throws InterruptedException {
                            Thread worker = new Thread(() -> {
                                scheduled = context.scheduler().every("tick", Duration.ZERO, Duration.ofHours(1),
                                    () -> task = contextLoader());
                                subscription = context.samples().subscribe("watch", 4, batch -> listener = contextLoader());
                            }, "library-worker");
                            worker.setContextClassLoader(ClassLoader.getPlatformClassLoader());
                            worker.start();
                            worker.join();
                            if (scheduled == null || subscription == null) {
                                throw new IllegalStateException("could not register the task and the listener");
                            }
                        }

                        public Health health() {
                            return Health.up("task=" + task + "; listener=" + listener);
                        }

                        public void close() {
                            if (scheduled != null) scheduled.cancel();
                            if (subscription != null) subscription.close();
                        }
                    }
                }
                """.formatted(module, id));
    }
}
