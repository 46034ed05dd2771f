package io.pulse.kernel.plugin;

import io.pulse.spi.Component;
import io.pulse.spi.Health;
import io.pulse.spi.alert.AlertBackend;
import io.pulse.spi.alert.AlertOperations;
import io.pulse.spi.alert.AlertRule;
import io.pulse.spi.frontend.FrontEnd;
import io.pulse.spi.publish.LivePublisher;
import io.pulse.spi.stats.Sample;
import io.pulse.spi.stats.SampleBatch;
import io.pulse.spi.stats.Tags;
import io.pulse.spi.storage.LatestQuery;
import io.pulse.spi.storage.Point;
import io.pulse.spi.storage.RangeQuery;
import io.pulse.spi.storage.RawQuery;
import io.pulse.spi.storage.RawRow;
import io.pulse.spi.storage.SeriesHandle;
import io.pulse.spi.storage.Storage;
import io.pulse.spi.storage.StorageQueries;
import io.pulse.spi.storage.WriteResult;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The one way the kernel calls into a plugin: with the plugin's class loader as the thread context class loader,
 * restoring the caller's afterwards. Plugins from a plugin folder live in their own module layer, and libraries they
 * use (Helidon, OkHttp, JDBC drivers, serialisers) look classes and services up through the context class loader at
 * any call - not only at start-up - so every call is bound: creating and starting components, writes from the
 * ingestion pipeline, publishing, queries and alert operations from other plugins' threads, health checks, scheduled
 * tasks, sample listeners, stopping.
 *
 * <p>Components are bound by wrapping them ({@link #storage}, {@link #alerts}, {@link #publisher}, {@link #frontEnd}):
 * each wrapper overrides every method of its SPI interface, default methods included, which
 * {@code PluginBindingTest} checks so that a method added to the SPI cannot bypass the binding. Immutable and
 * thread-safe.
 */
public final class PluginBinding {

    private static final String NOTHING_CREATED = "its factory returned nothing";

    private final ClassLoader loader;

    private PluginBinding(ClassLoader loader) {
        this.loader = loader;
    }

    /** Calls bound to {@code loader}; a null loader (the bootstrap loader) leaves the context loader as it is. */
    public static PluginBinding of(ClassLoader loader) {
        return new PluginBinding(loader);
    }

    /** The plugin's class loader. */
    public ClassLoader loader() {
        return loader;
    }

    /** Calls {@code action} bound to the plugin's loader. */
    public <T> T call(Callable<T> action) throws Exception {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        if (loader != null) {
            thread.setContextClassLoader(loader);
        }
        try {
            return action.call();
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    /** {@link #call} for actions that throw no checked exceptions. */
    public <T> T get(Supplier<T> action) {
        try {
            return call(action::get);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Runs {@code action} bound to the plugin's loader. */
    public void run(Runnable action) {
        get(() -> {
            action.run();
            return null;
        });
    }

    /** Runs {@code action}, which may throw, bound to the plugin's loader. */
    public void runChecked(ThrowingRunnable action) throws Exception {
        call(() -> {
            action.run();
            return null;
        });
    }

    /** A task that runs bound to the plugin's loader on whatever thread runs it (scheduled tasks). */
    public Runnable task(Runnable task) {
        return () -> run(task);
    }

    /** A listener that runs bound to the plugin's loader on whatever thread calls it (sample subscribers). */
    public <T> Consumer<T> listener(Consumer<T> listener) {
        return value -> run(() -> listener.accept(value));
    }

    /** A storage backend whose every method runs bound to the plugin's loader. */
    public Storage storage(Storage storage) {
        Objects.requireNonNull(storage, NOTHING_CREATED);
        return new BoundStorage(storage, this);
    }

    /** An alert backend whose every method runs bound to the plugin's loader. */
    public AlertBackend alerts(AlertBackend alerts) {
        Objects.requireNonNull(alerts, NOTHING_CREATED);
        return new BoundAlertBackend(alerts, this);
    }

    /** A publisher whose every method runs bound to the plugin's loader. */
    public LivePublisher publisher(LivePublisher publisher) {
        Objects.requireNonNull(publisher, NOTHING_CREATED);
        return new BoundPublisher(publisher, this);
    }

    /** A front end whose every method runs bound to the plugin's loader. */
    public FrontEnd frontEnd(FrontEnd frontEnd) {
        Objects.requireNonNull(frontEnd, NOTHING_CREATED);
        return new BoundFrontEnd(frontEnd, this);
    }

    /** Only the query side of a storage, so a plugin handed it cannot cast its way to write() or close(). */
    public static StorageQueries readOnly(StorageQueries storage) {
        return new ReadOnlyQueries(storage);
    }

    /** Only the alert operations, so a front end handed them cannot reach the backend's lifecycle (close()). */
    public static AlertOperations operationsOnly(AlertOperations alerts) {
        return new OperationsOnly(alerts);
    }

    /** The SPI interfaces bound here, with the classes that bind them (for the coverage test). */
    static Map<Class<?>, Class<?>> wrappers() {
        return Map.of(Storage.class, BoundStorage.class, AlertBackend.class, BoundAlertBackend.class,
            LivePublisher.class, BoundPublisher.class, FrontEnd.class, BoundFrontEnd.class,
            StorageQueries.class, ReadOnlyQueries.class, AlertOperations.class, OperationsOnly.class);
    }

    /** A runnable that may throw. */
    @FunctionalInterface
    public interface ThrowingRunnable {
        void run() throws Exception;
    }

    /** The lifecycle every bound component shares. */
    private abstract static class BoundComponent<C extends Component> implements Component {
        final C delegate;
        final PluginBinding binding;

        BoundComponent(C delegate, PluginBinding binding) {
            this.delegate = delegate;
            this.binding = binding;
        }

        @Override
        public void start() throws Exception {
            binding.runChecked(delegate::start);
        }

        @Override
        public Health health() {
            return binding.get(delegate::health);
        }

        @Override
        public void close() {
            binding.run(delegate::close);
        }

        @Override
        public String toString() {
            return delegate.toString();
        }
    }

    private static final class BoundStorage extends BoundComponent<Storage> implements Storage {
        BoundStorage(Storage delegate, PluginBinding binding) {
            super(delegate, binding);
        }

        @Override
        public WriteResult write(List<Sample> samples) {
            return binding.get(() -> delegate.write(samples));
        }

        @Override
        public SeriesHandle seriesHandle(String stat, Tags tags) {
            return binding.get(() -> delegate.seriesHandle(stat, tags));
        }

        @Override
        public WriteResult write(List<Sample> samples, SeriesHandle[] handles) {
            return binding.get(() -> delegate.write(samples, handles));
        }

        @Override
        public void maintain(long nowMillis) {
            binding.run(() -> delegate.maintain(nowMillis));
        }

        @Override
        public List<String> keys() {
            return binding.get(delegate::keys);
        }

        @Override
        public List<String> tagKeys() {
            return binding.get(delegate::tagKeys);
        }

        @Override
        public Optional<Point> latest(LatestQuery query) {
            return binding.get(() -> delegate.latest(query));
        }

        @Override
        public List<RawRow> raw(RawQuery query) {
            return binding.get(() -> delegate.raw(query));
        }

        @Override
        public List<Point> range(RangeQuery query) {
            return binding.get(() -> delegate.range(query));
        }
    }

    private static final class BoundPublisher extends BoundComponent<LivePublisher> implements LivePublisher {
        BoundPublisher(LivePublisher delegate, PluginBinding binding) {
            super(delegate, binding);
        }

        @Override
        public void publish(SampleBatch batch) throws Exception {
            binding.runChecked(() -> delegate.publish(batch));
        }
    }

    private static final class BoundFrontEnd extends BoundComponent<FrontEnd> implements FrontEnd {
        BoundFrontEnd(FrontEnd delegate, PluginBinding binding) {
            super(delegate, binding);
        }
    }

    private static final class BoundAlertBackend extends BoundComponent<AlertBackend> implements AlertBackend {
        BoundAlertBackend(AlertBackend delegate, PluginBinding binding) {
            super(delegate, binding);
        }

        @Override
        public AlertRule create(AlertRule rule) {
            return binding.get(() -> delegate.create(rule));
        }

        @Override
        public AlertRule update(AlertRule rule) {
            return binding.get(() -> delegate.update(rule));
        }

        @Override
        public void delete(String id) {
            binding.run(() -> delegate.delete(id));
        }

        @Override
        public Optional<AlertRule> get(String id) {
            return binding.get(() -> delegate.get(id));
        }

        @Override
        public List<AlertRule> list() {
            return binding.get(delegate::list);
        }
    }

    /** Delegates the queries only; the delegate is already bound. */
    private record ReadOnlyQueries(StorageQueries delegate) implements StorageQueries {
        @Override
        public List<String> keys() {
            return delegate.keys();
        }

        @Override
        public List<String> tagKeys() {
            return delegate.tagKeys();
        }

        @Override
        public Optional<Point> latest(LatestQuery query) {
            return delegate.latest(query);
        }

        @Override
        public List<RawRow> raw(RawQuery query) {
            return delegate.raw(query);
        }

        @Override
        public List<Point> range(RangeQuery query) {
            return delegate.range(query);
        }
    }

    /** Delegates the alert operations only; the delegate is already bound. */
    private record OperationsOnly(AlertOperations delegate) implements AlertOperations {
        @Override
        public AlertRule create(AlertRule rule) {
            return delegate.create(rule);
        }

        @Override
        public AlertRule update(AlertRule rule) {
            return delegate.update(rule);
        }

        @Override
        public void delete(String id) {
            delegate.delete(id);
        }

        @Override
        public Optional<AlertRule> get(String id) {
            return delegate.get(id);
        }

        @Override
        public List<AlertRule> list() {
            return delegate.list();
        }
    }
}
