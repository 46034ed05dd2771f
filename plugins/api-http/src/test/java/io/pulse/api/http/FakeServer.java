package io.pulse.api.http;

import io.pulse.spi.ServerSettings;
import io.pulse.spi.alert.AlertOperations;
import io.pulse.spi.frontend.ComponentHealth;
import io.pulse.spi.frontend.FrontEndContext;
import io.pulse.spi.frontend.MetricValue;
import io.pulse.spi.metrics.MetricFamily;
import io.pulse.spi.frontend.PollOverride;
import io.pulse.spi.frontend.RelayInfo;
import io.pulse.spi.storage.StorageQueries;

import io.pulse.storage.tck.ManualSampleFeed;

import io.pulse.storage.tck.RecordingMetrics;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * TEST DOUBLE of the kernel as a front end sees it: its {@link FrontEndContext} (alert operations are whatever the
 * test plugs in; relays, flushes, overrides, metrics and health are plain lists the test fills and inspects), plus
 * the storage queries and server settings the kernel hands every component, which {@link TestPluginContext} serves
 * from here. Thread-safe enough for tests: lists are copy-on-write, fields volatile.
 */
final class FakeServer implements FrontEndContext {

    volatile StorageQueries storage;
    volatile AlertOperations alerts;
    volatile String alertsUnavailableReason = "no alert backend is configured: set alerts (--alerts kapacitor) and"
        + " kapacitor-address";
    final List<RelayInfo> relays = new CopyOnWriteArrayList<>();
    final List<String> flushed = new CopyOnWriteArrayList<>();
    final List<PollOverride> overrides = new CopyOnWriteArrayList<>();
    volatile Map<String, Long> metrics = new TreeMap<>();
    /** The typed metrics the kernel would give; null for the SPI's default (every one of {@link #metrics} untyped). */
    volatile List<MetricValue> typedMetrics;
    /** The metric families (histograms, labelled, plugins') the kernel would give. */
    volatile List<MetricFamily> families = List.of();
    volatile List<ComponentHealth> health = List.of();
    volatile ServerSettings settings = TestPluginContext.SETTINGS;
    volatile Clock clock = Clock.systemUTC();
    /** The kernel's live sample feed: tests publish batches and deliver them when they say. */
    final ManualSampleFeed feed = new ManualSampleFeed();
    /** What the front end registers in its plugin metrics ({@link TestPluginContext#metrics()}). */
    final RecordingMetrics pluginMetrics = new RecordingMetrics();

    FakeServer(StorageQueries storage) {
        this.storage = storage;
    }

    @Override
    public Optional<AlertOperations> alerts() {
        return Optional.ofNullable(alerts);
    }

    @Override
    public String alertsUnavailableReason() {
        return alerts == null ? alertsUnavailableReason : "";
    }

    @Override
    public List<RelayInfo> relays() {
        List<RelayInfo> sorted = new ArrayList<>(relays);
        sorted.sort(Comparator.comparing(RelayInfo::id));
        return sorted;
    }

    @Override
    public boolean flush(String relayId) {
        if (relays.stream().noneMatch(r -> r.id().equals(relayId))) {
            return false;
        }
        flushed.add(relayId);
        return true;
    }

    @Override
    public PollOverride override(Duration duration, Map<String, Duration> collectors) {
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException("override duration must be positive, got " + duration);
        }
        if (collectors.isEmpty()) {
            throw new IllegalArgumentException("an override needs at least one collector");
        }
        var now = clock.instant();
        PollOverride o = new PollOverride(collectors, now, now.plus(duration));
        overrides.add(o);
        return o;
    }

    @Override
    public List<PollOverride> overrides() {
        List<PollOverride> sorted = new ArrayList<>(overrides);
        sorted.sort(Comparator.comparing(PollOverride::until));
        return sorted;
    }

    @Override
    public Map<String, Long> metrics() {
        return metrics;
    }

    @Override
    public List<MetricFamily> metricFamilies() {
        return families;
    }

    @Override
    public List<MetricValue> typedMetrics() {
        List<MetricValue> typed = typedMetrics;
        return typed != null ? typed : FrontEndContext.super.typedMetrics();
    }

    @Override
    public List<ComponentHealth> health() {
        return health;
    }
}
