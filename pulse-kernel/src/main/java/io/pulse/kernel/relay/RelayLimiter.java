package io.pulse.kernel.relay;

import io.pulse.kernel.metrics.Metrics;
import io.pulse.protocol.ErrorLines;

import java.util.concurrent.atomic.LongAdder;

/**
 * Enforces the {@link RelayLimits} on the connections' own threads: a place under {@code --max-relays} for each
 * relay that identified ({@link RelaySlots}), the collectors a relay may expose, and the rate of its lines
 * ({@link LineRateLimiter}). Each refusal is an error line naming the limit (see {@link ErrorLines}), after which
 * the connection is closed; it is counted ({@code relays.max_relays_refused}, also in {@code relays.rejected};
 * {@code relays.max_collectors_refused}; {@code relays.max_line_rate_refused}) and logged through a
 * {@link RefusalLog}, so a flood of refusals cannot flood the log.
 *
 * <p>Thread-safe: immutable but for the slots and the counters, which are.
 */
final class RelayLimiter {

    private static final System.Logger LOG = System.getLogger(RelayLimiter.class.getName());

    private final RelayLimits limits;
    private final RelaySlots slots;
    private final LongAdder maxRelaysRefused;
    private final LongAdder maxCollectorsRefused;
    private final LongAdder maxLineRateRefused;
    private final RefusalLog refusals = new RefusalLog(LOG);

    RelayLimiter(RelayLimits limits, Metrics metrics) {
        this.limits = limits;
        this.slots = new RelaySlots(limits.maxRelays());
        this.maxRelaysRefused = metrics.counter("relays.max_relays_refused");
        this.maxCollectorsRefused = metrics.counter("relays.max_collectors_refused");
        this.maxLineRateRefused = metrics.counter("relays.max_line_rate_refused");
    }

    RelayLimits limits() {
        return limits;
    }

    /** Relays holding a place now (registered, or about to be). */
    int placesUsed() {
        return slots.used();
    }

    /**
     * Reserves a place for a relay that identified as {@code id}: null when it has one (the caller must then
     * {@link #releasePlace()} exactly once when the connection ends), else the error line to send before closing
     * (counted and logged here). A relay whose id is registered already replaces that older connection and takes a
     * place even at the limit: the older one is closed as it registers, and a relay reconnecting after a network
     * blip is not locked out until its old connection times out.
     */
    String reservePlace(String id, String remoteAddress, RelayRegistry registry) {
        if (slots.tryReserve()) {
            return null;
        }
        if (registry.get(id) != null) {
            slots.reserveForReplacement();
            return null;
        }
        maxRelaysRefused.increment();
        refusals.refused("Refused relay " + id + " from " + remoteAddress + ": " + slots.max()
                + " relays are connected already (--max-relays)");
        return ErrorLines.tooManyRelays(limits.maxRelays());
    }

    /** Gives back the place {@link #reservePlace} reserved. */
    void releasePlace() {
        slots.release();
    }

    /**
     * Null when {@code relay} may expose {@code collector} (one it has already, or one more within the limit), else
     * the error line to send before closing it (counted and logged here).
     */
    String collectorRefusal(ConnectedRelay relay, String collector) {
        var collectors = relay.collectors();
        if (collectors.size() < limits.maxCollectorsPerRelay() || collectors.containsKey(collector)) {
            return null;
        }
        maxCollectorsRefused.increment();
        refusals.refused("Closing " + relay + ": it adds collector " + collector + " beyond "
                + limits.maxCollectorsPerRelay() + " collectors (--max-collectors-per-relay)");
        return ErrorLines.tooManyCollectors(limits.maxCollectorsPerRelay());
    }

    /** A fresh, full line bucket for a relay that has just registered. */
    LineRateLimiter newLineRate(long nowNanos) {
        return new LineRateLimiter(limits.maxLinesPerSecond(), limits.lineBurst(), nowNanos);
    }

    /** The error line for a relay whose bucket ran dry, counted and logged here. */
    String lineRateRefusal(ConnectedRelay relay) {
        maxLineRateRefused.increment();
        refusals.refused("Closing " + relay + ": it sent lines faster than " + limits.maxLinesPerSecond()
                + " a second beyond a burst of " + limits.lineBurst() + " (--max-lines-per-second)");
        return ErrorLines.tooManyLines(limits.maxLinesPerSecond());
    }
}
