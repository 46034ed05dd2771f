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
            import io.pulse.spi.stats.Sample;
            import io.pulse.spi.storage.*;
            import java.util.*;

            public final class StorePlugin implements Plugin {
                @Override
                public List<StorageFactory> storageFactories() {
                    return List.of(new StorageFactory() {
                        public String id() { return "%2$s"; }
                        public List<ConfigOption> options() { return List.of(new ConfigOption("capacity", "100", "max samples")); }
                        public Storage create(PluginContext context) {
                            boolean tccl = Thread.currentThread().getContextClassLoader() == StorePlugin.class.getClassLoader();
                            int capacity = context.config().getInt("capacity", 100, 1, 1_000_000);
                            return new ListStorage(tccl, capacity);
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
     * context class loader are recorded there too, as {@code wrong context class loader in <call>}. The probe subscribes to live samples when it starts and reports the count in
     * its health; {@code probe.fail-start=true} makes its start fail.
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
            import io.pulse.spi.publish.*;
            import io.pulse.spi.stats.*;
            import io.pulse.spi.storage.*;
            import java.io.IOException;
            import java.io.UncheckedIOException;
            import java.nio.file.*;
            import java.util.*;
            import java.util.concurrent.atomic.AtomicLong;

            public final class StackPlugin implements Plugin {
                static final ConfigOption EVENTS = new ConfigOption("events-file", "", "where lifecycle events go");

                /** Records a call that arrives without this plugin's loader as the thread context class loader. */
                static void checkLoader(PluginContext context, String call) {
                    if (Thread.currentThread().getContextClassLoader() != StackPlugin.class.getClassLoader()) {
                        event(context, "wrong context class loader in " + call);
                    }
                }

                static synchronized void event(PluginContext context, String what) {
                    String file = context.config().get("events-file", "");
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
                        public List<ConfigOption> options() { return List.of(EVENTS); }
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
                        public List<ConfigOption> options() { return List.of(EVENTS); }
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
                        public List<ConfigOption> options() { return List.of(EVENTS); }
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
                        public List<ConfigOption> options() {
                            return List.of(EVENTS, new ConfigOption("fail-start", "false", "fail on start"));
                        }
                        public FrontEnd create(PluginContext context, FrontEndContext server) {
                            event(context, "create probe");
                            boolean failStart = context.config().getBoolean("fail-start", false);
                            AtomicLong batches = new AtomicLong();
                            return new FrontEnd() {
                                LiveSubscription subscription;
                                public void start() {
                                    event(context, "start probe relays=" + server.relays().size()
                                        + " alerts=" + server.alerts().isPresent());
                                    if (failStart) throw new IllegalStateException("probe refused to start");
                                    subscription = server.subscribe(16, b -> batches.incrementAndGet());
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
}
