package io.pulse.kernel.server;

import io.pulse.kernel.metrics.Metrics;
import io.pulse.kernel.relay.RelayControl;
import io.pulse.spi.alert.AlertOperations;
import io.pulse.spi.frontend.ComponentHealth;
import io.pulse.spi.frontend.FrontEndContext;
import io.pulse.spi.frontend.MetricValue;
import io.pulse.spi.frontend.PollOverride;
import io.pulse.spi.frontend.RelayInfo;
import io.pulse.spi.metrics.MetricFamily;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The server as front ends see it beyond their {@link io.pulse.spi.PluginContext}: the alert operations (never the
 * backend's lifecycle) or the reason there are none, relay control from the relay server, the kernel's metrics and
 * component health. Thread-safe: every collaborator is.
 */
public final class KernelFrontEndContext implements FrontEndContext {

    private final Optional<AlertOperations> alerts;
    private final String alertsUnavailableReason;
    private final RelayControl relays;
    private final Metrics metrics;
    private final Supplier<List<ComponentHealth>> health;

    /**
     * @param alerts                  the active alert backend's operations, if any
     * @param alertsUnavailableReason why there are none (ignored when there are)
     * @param relays                  the relay server
     * @param metrics                 the kernel's counters
     * @param health                  the health of every active component, in start order
     */
    public KernelFrontEndContext(Optional<AlertOperations> alerts, String alertsUnavailableReason, RelayControl relays,
                                 Metrics metrics, Supplier<List<ComponentHealth>> health) {
        this.alerts = Objects.requireNonNull(alerts, "alerts");
        this.alertsUnavailableReason = alerts.isPresent() ? "" : Objects.requireNonNull(alertsUnavailableReason);
        this.relays = Objects.requireNonNull(relays, "relays");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.health = Objects.requireNonNull(health, "health");
    }

    @Override
    public Optional<AlertOperations> alerts() {
        return alerts;
    }

    @Override
    public String alertsUnavailableReason() {
        return alertsUnavailableReason;
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
    public List<MetricValue> typedMetrics() {
        return metrics.typedSnapshot();
    }

    @Override
    public List<MetricFamily> metricFamilies() {
        return metrics.families().snapshot();
    }

    @Override
    public List<ComponentHealth> health() {
        return health.get();
    }
}
