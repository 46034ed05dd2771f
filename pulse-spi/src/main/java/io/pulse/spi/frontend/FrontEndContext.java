package io.pulse.spi.frontend;

import io.pulse.spi.Api;
import io.pulse.spi.alert.AlertOperations;
import io.pulse.spi.metrics.MetricFamily;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a front end may do with the server beyond what every component gets from its
 * {@link io.pulse.spi.PluginContext} (storage queries, the sample feed, settings): manage alerts, see and steer the
 * relays, read the server's counters and its components' health. Every method is thread-safe and cheap unless it
 * says otherwise.
 */
@Api
public interface FrontEndContext {

    /**
     * {@return the active alert backend's operations, if one is configured (its lifecycle stays with the kernel)} When empty,
     * {@link #alertsUnavailableReason()} says what to configure.
     */
    Optional<AlertOperations> alerts();

    /** {@return why {@link #alerts()} is empty, naming the setting to change; empty when alerts are available} */
    String alertsUnavailableReason();

    /** {@return the relays connected now, sorted by id} */
    List<RelayInfo> relays();

    /**
     * Sends {@code flush} to the relay with that id (the relay clears its cached values; original relays ignore
     * it). Does not wait for an answer.
     *
     * @param relayId the relay id
     * @return false when no such relay is connected
     */
    boolean flush(String relayId);

    /**
     * Starts a poll override: for {@code duration}, the named collectors are polled every given interval instead
     * of the poll interval, and every relay (including relays that connect later while it lasts) is sent
     * {@code override <seconds> <collector>:<interval>,...}. Does not wait for answers.
     *
     * @param duration   how long the override lasts, positive
     * @param collectors collector name to its poll interval (whole seconds, at least 1 s)
     * @return the override as registered
     * @throws IllegalArgumentException for a non-positive duration, an empty map, or a bad interval
     */
    PollOverride override(Duration duration, Map<String, Duration> collectors);

    /** {@return the overrides in force now, soonest-ending first} */
    List<PollOverride> overrides();

    /**
     * {@return the server's counters and gauges by name, e.g. {@code relays.connected}, {@code polls.sent},
     * {@code samples.ingested}, {@code items.rejected}, {@code storage.queue.depth}; sorted by name}
     */
    Map<String, Long> metrics();

    /**
     * {@return the same metrics as {@link #metrics()}, each with its kind (counter or gauge), sorted by name} This default,
     * for contexts that do not track kinds, marks every one {@link MetricValue.Kind#UNTYPED}; the kernel's context
     * gives the real kinds.
     */
    default List<MetricValue> typedMetrics() {
        return metrics().entrySet().stream()
            .map(e -> new MetricValue(e.getKey(), MetricValue.Kind.UNTYPED, e.getValue()))
            .sorted(Comparator.comparing(MetricValue::name))
            .toList();
    }

    /**
     * {@return the metrics that {@link #typedMetrics()} cannot carry, as complete families with final names, help and
     * samples: histograms (e.g. {@code pulse_storage_write_seconds}), labelled JVM metrics (garbage collection per
     * collector) and every plugin's own metrics registered through {@link io.pulse.spi.PluginContext#metrics()}
     * ({@code pulse_<id>_<name>}); sorted by name} Read on every call. This default, for contexts without them, is empty.
     */
    default List<MetricFamily> metricFamilies() {
        return List.of();
    }

    /** {@return the health of every active component (storage, alerts, publishers, front ends), in start order} */
    List<ComponentHealth> health();
}
