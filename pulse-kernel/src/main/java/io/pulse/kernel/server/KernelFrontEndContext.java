package io.pulse.kernel.server;

import io.pulse.kernel.ingest.LiveFeed;
import io.pulse.kernel.metrics.Metrics;
import io.pulse.kernel.relay.RelayControl;
import io.pulse.spi.ServerSettings;
import io.pulse.spi.alert.AlertBackend;
import io.pulse.spi.frontend.ComponentHealth;
import io.pulse.spi.frontend.FrontEndContext;
import io.pulse.spi.frontend.LiveSubscription;
import io.pulse.spi.frontend.PollOverride;
import io.pulse.spi.frontend.RelayInfo;
import io.pulse.spi.stats.SampleBatch;
import io.pulse.spi.storage.LatestQuery;
import io.pulse.spi.storage.Point;
import io.pulse.spi.storage.RangeQuery;
import io.pulse.spi.storage.RawQuery;
import io.pulse.spi.storage.RawRow;
import io.pulse.spi.storage.StorageQueries;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The server as front ends see it: it hands out the storage's queries (read-only: a front end cannot write or run
 * maintenance), the alert backend or the reason there is none, live samples from the ingestion pipeline, relay
 * control from the relay server, the kernel's metrics, component health and the settings. Thread-safe: every
 * collaborator is.
 */
public final class KernelFrontEndContext implements FrontEndContext {

    private final StorageQueries storage;
    private final Optional<AlertBackend> alerts;
    private final String alertsUnavailableReason;
    private final LiveFeed liveFeed;
    private final RelayControl relays;
    private final Metrics metrics;
    private final Supplier<List<ComponentHealth>> health;
    private final ServerSettings settings;

    /**
     * @param storage                 the active storage
     * @param alerts                  the active alert backend, if any
     * @param alertsUnavailableReason why there is none (ignored when there is one)
     * @param liveFeed                live sample batches (the ingestion pipeline)
     * @param relays                  the relay server
     * @param metrics                 the kernel's counters
     * @param health                  the health of every active component, in start order
     * @param settings                the server-wide settings
     */
    public KernelFrontEndContext(StorageQueries storage, Optional<AlertBackend> alerts, String alertsUnavailableReason,
                                 LiveFeed liveFeed, RelayControl relays, Metrics metrics,
                                 Supplier<List<ComponentHealth>> health, ServerSettings settings) {
        this.storage = new ReadOnlyQueries(Objects.requireNonNull(storage, "storage"));
        this.alerts = Objects.requireNonNull(alerts, "alerts");
        this.alertsUnavailableReason = alerts.isPresent() ? "" : Objects.requireNonNull(alertsUnavailableReason);
        this.liveFeed = Objects.requireNonNull(liveFeed, "liveFeed");
        this.relays = Objects.requireNonNull(relays, "relays");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.health = Objects.requireNonNull(health, "health");
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    @Override
    public StorageQueries storage() {
        return storage;
    }

    @Override
    public Optional<AlertBackend> alerts() {
        return alerts;
    }

    @Override
    public String alertsUnavailableReason() {
        return alertsUnavailableReason;
    }

    @Override
    public LiveSubscription subscribe(int capacity, Consumer<SampleBatch> listener) {
        return liveFeed.subscribe(capacity, listener);
    }

    @Override
    public List<RelayInfo> relays() {
        return relays.relays();
    }

    @Override
    public boolean flush(String relayId) {
        return relays.flush(relayId);
    }

    @Override
    public PollOverride override(Duration duration, Map<String, Duration> collectors) {
        return relays.override(duration, collectors);
    }

    @Override
    public List<PollOverride> overrides() {
        return relays.overrides();
    }

    @Override
    public Map<String, Long> metrics() {
        return metrics.snapshot();
    }

    @Override
    public List<ComponentHealth> health() {
        return health.get();
    }

    @Override
    public ServerSettings settings() {
        return settings;
    }

    /** Only the query side of the storage, so a front end cannot cast its way to write(). */
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
}
