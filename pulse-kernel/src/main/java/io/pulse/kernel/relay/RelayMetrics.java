package io.pulse.kernel.relay;

import io.pulse.kernel.metrics.Metrics;

import java.util.concurrent.atomic.LongAdder;

/**
 * The relay server's counters, looked up once so hot paths just increment a field. The names are documented in
 * {@code docs/protocol.md}; keep the two in step.
 */
final class RelayMetrics {

    /** TCP connections accepted (identified or not). */
    final LongAdder connectionsAccepted;
    /** Connections that identified with {@code id} and were registered. */
    final LongAdder relaysAccepted;
    /** Connections closed before identifying: bad first line, missing id, silence, overlong line. */
    final LongAdder relaysRejected;
    /** Registered relays dropped because they were silent for twice the beat interval. */
    final LongAdder relaysTimedOut;
    /** Registered relays whose id connected again; the older connection was closed. */
    final LongAdder relaysReplaced;
    /** Registered relays dropped because they stopped reading (their outbound queue filled up). */
    final LongAdder relaysStalled;
    /** Registered relays that left, for any reason. */
    final LongAdder relaysDisconnected;
    /** {@code get} lines queued to relays (regular and override polls). */
    final LongAdder pollsSent;
    /** {@code get} lines queued because of a poll override (also counted in polls.sent). */
    final LongAdder overridePollsSent;
    /** {@code got} lines received. */
    final LongAdder answersReceived;
    /** {@code got} items that became samples. */
    final LongAdder itemsAccepted;
    /** {@code got} items skipped: malformed, or a value that is not a finite number. */
    final LongAdder itemsRejected;
    /** Lines that are not a known command, ignored. */
    final LongAdder linesUnknown;
    /** Known commands with an unusable argument (e.g. {@code add} of an empty name), ignored. */
    final LongAdder linesInvalid;
    /** Lines over the maximum length; the connection was closed. */
    final LongAdder linesTooLong;
    /** {@code flush} lines queued. */
    final LongAdder flushesSent;
    /** Poll overrides started. */
    final LongAdder overridesStarted;
    /** Answers the sample sink threw on (logged; the relay stays connected). */
    final LongAdder sinkFailures;

    RelayMetrics(Metrics metrics) {
        connectionsAccepted = metrics.counter("connections.accepted");
        relaysAccepted = metrics.counter("relays.accepted");
        relaysRejected = metrics.counter("relays.rejected");
        relaysTimedOut = metrics.counter("relays.timed_out");
        relaysReplaced = metrics.counter("relays.replaced");
        relaysStalled = metrics.counter("relays.stalled");
        relaysDisconnected = metrics.counter("relays.disconnected");
        pollsSent = metrics.counter("polls.sent");
        overridePollsSent = metrics.counter("polls.override.sent");
        answersReceived = metrics.counter("answers.received");
        itemsAccepted = metrics.counter("items.accepted");
        itemsRejected = metrics.counter("items.rejected");
        linesUnknown = metrics.counter("lines.unknown");
        linesInvalid = metrics.counter("lines.invalid");
        linesTooLong = metrics.counter("lines.too_long");
        flushesSent = metrics.counter("flushes.sent");
        overridesStarted = metrics.counter("overrides.started");
        sinkFailures = metrics.counter("answers.sink_failures");
    }
}
