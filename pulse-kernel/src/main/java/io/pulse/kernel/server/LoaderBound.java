package io.pulse.kernel.server;

import io.pulse.kernel.plugin.ContextClassLoader;
import io.pulse.spi.Component;
import io.pulse.spi.Health;
import io.pulse.spi.alert.AlertBackend;
import io.pulse.spi.alert.AlertRule;
import io.pulse.spi.publish.LivePublisher;
import io.pulse.spi.stats.Sample;
import io.pulse.spi.stats.SampleBatch;
import io.pulse.spi.storage.LatestQuery;
import io.pulse.spi.storage.Point;
import io.pulse.spi.storage.RangeQuery;
import io.pulse.spi.storage.RawQuery;
import io.pulse.spi.storage.RawRow;
import io.pulse.spi.storage.Storage;
import io.pulse.spi.storage.WriteResult;

import java.util.List;
import java.util.Optional;

/**
 * Wraps a plugin's component so that every call into it - from the ingestion pipeline's threads, the front ends'
 * request threads, the scheduler - runs with the plugin's class loader as the thread context class loader, as it
 * does while the kernel creates and starts it. Libraries inside a plugin folder (JDBC drivers, HTTP clients,
 * serialisers) may look classes up through that loader at any call, not only at start-up.
 */
final class LoaderBound {

    private LoaderBound() {
    }

    /** Runs {@code action} bound to {@code loader}. */
    private static void bound(ClassLoader loader, Runnable action) {
        ContextClassLoader.get(loader, () -> {
            action.run();
            return null;
        });
    }

    static Storage storage(Storage storage, ClassLoader loader) {
        return new BoundStorage(storage, loader);
    }

    static LivePublisher publisher(LivePublisher publisher, ClassLoader loader) {
        return new BoundPublisher(publisher, loader);
    }

    static AlertBackend alerts(AlertBackend alerts, ClassLoader loader) {
        return new BoundAlerts(alerts, loader);
    }

    /** The lifecycle calls every bound component shares. */
    private abstract static class BoundComponent<C extends Component> implements Component {
        final C delegate;
        final ClassLoader loader;

        BoundComponent(C delegate, ClassLoader loader) {
            this.delegate = delegate;
            this.loader = loader;
        }

        @Override
        public void start() throws Exception {
            ContextClassLoader.run(loader, delegate::start);
        }

        @Override
        public Health health() {
            return ContextClassLoader.get(loader, delegate::health);
        }

        @Override
        public void close() {
            bound(loader, delegate::close);
        }
    }

    private static final class BoundStorage extends BoundComponent<Storage> implements Storage {
        BoundStorage(Storage delegate, ClassLoader loader) {
            super(delegate, loader);
        }

        @Override
        public WriteResult write(List<Sample> samples) {
            return ContextClassLoader.get(loader, () -> delegate.write(samples));
        }

        @Override
        public void maintain(long nowMillis) {
            bound(loader, () -> delegate.maintain(nowMillis));
        }

        @Override
        public List<String> keys() {
            return ContextClassLoader.get(loader, delegate::keys);
        }

        @Override
        public List<String> tagKeys() {
            return ContextClassLoader.get(loader, delegate::tagKeys);
        }

        @Override
        public Optional<Point> latest(LatestQuery query) {
            return ContextClassLoader.get(loader, () -> delegate.latest(query));
        }

        @Override
        public List<RawRow> raw(RawQuery query) {
            return ContextClassLoader.get(loader, () -> delegate.raw(query));
        }

        @Override
        public List<Point> range(RangeQuery query) {
            return ContextClassLoader.get(loader, () -> delegate.range(query));
        }
    }

    private static final class BoundPublisher extends BoundComponent<LivePublisher> implements LivePublisher {
        BoundPublisher(LivePublisher delegate, ClassLoader loader) {
            super(delegate, loader);
        }

        @Override
        public void publish(SampleBatch batch) throws Exception {
            ContextClassLoader.run(loader, () -> delegate.publish(batch));
        }
    }

    private static final class BoundAlerts extends BoundComponent<AlertBackend> implements AlertBackend {
        BoundAlerts(AlertBackend delegate, ClassLoader loader) {
            super(delegate, loader);
        }

        @Override
        public AlertRule create(AlertRule rule) {
            return ContextClassLoader.get(loader, () -> delegate.create(rule));
        }

        @Override
        public AlertRule update(AlertRule rule) {
            return ContextClassLoader.get(loader, () -> delegate.update(rule));
        }

        @Override
        public void delete(String id) {
            bound(loader, () -> delegate.delete(id));
        }

        @Override
        public Optional<AlertRule> get(String id) {
            return ContextClassLoader.get(loader, () -> delegate.get(id));
        }

        @Override
        public List<AlertRule> list() {
            return ContextClassLoader.get(loader, delegate::list);
        }
    }
}
