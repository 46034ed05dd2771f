package io.pulse.spi.frontend;

import io.pulse.spi.Api;
import io.pulse.spi.ServerSettings;
import io.pulse.spi.alert.AlertBackend;
import io.pulse.spi.stats.SampleBatch;
import io.pulse.spi.storage.StorageQueries;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The server as a front end sees it: queries, alerts, live samples, relays, and the server's own counters.
 * Every method is thread-safe and cheap unless it says otherwise.
 */
@Api
public interface FrontEndContext {

    /** The active storage backend's queries. */
    StorageQueries storage();

    /**
     * The active alert backend, if one is configured. When empty, {@link #alertsUnavailableReason()} says what
     * to configure.
     */
    Optional<AlertBackend> alerts();

    /** Why {@link #alerts()} is empty, naming the setting to change; empty when alerts are available. */
    String alertsUnavailableReason();

    /**
     * Receives every sample batch from now on, on a thread of the kernel's, through a bounded queue of
     * {@code capacity} batches of its own: a slow listener loses its own oldest batches (counted in
     * {@link LiveSubscription#dropped()}), never delays ingestion.
     */
    LiveSubscription subscribe(int capacity, Consumer<SampleBatch> listener);

    /** The relays connected now, sorted by id. */
    List<RelayInfo> relays();

    /**
     * Sends {@code flush} to the relay with that id (the relay clears its cached values; original relays ignore
     * it). Does not wait for an answer.
     *
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

    /** The overrides in force now, soonest-ending first. */
    List<PollOverride> overrides();

    /**
     * The server's counters and gauges by name, e.g. {@code relays.connected}, {@code polls.sent},
     * {@code samples.ingested}, {@code items.rejected}, {@code storage.queue.depth}; sorted by name.
     */
    Map<String, Long> metrics();

    /** The health of every active component (storage, alerts, publishers, front ends), in start order. */
    List<ComponentHealth> health();

    /** The validated server-wide settings. */
    ServerSettings settings();
}
