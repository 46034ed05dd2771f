package io.pulse.kernel.relay;

/**
 * Where in each poll interval a relay is polled: a stable offset derived from its id, so that relays are spread
 * evenly over the interval (the original polled every relay at the same instant) and a relay keeps its slot across
 * reconnects and server restarts. Offsets are relative to the epoch, so a relay's polls fall at
 * {@code offset + k * interval} on the wall clock.
 */
final class PollPhase {

    private PollPhase() {
    }

    /** The relay's offset within an interval of {@code intervalMillis}, in {@code [0, intervalMillis)}. */
    static long offsetMillis(String relayId, long intervalMillis) {
        return Math.floorMod(mix(relayId), intervalMillis);
    }

    /** Milliseconds from {@code nowMillis} to the relay's next slot, in {@code [0, intervalMillis)}. */
    static long delayToNextSlot(String relayId, long intervalMillis, long nowMillis) {
        return Math.floorMod(offsetMillis(relayId, intervalMillis) - nowMillis, intervalMillis);
    }

    /**
     * A well-spread 64-bit hash of the id. {@link String#hashCode()} is specified, so the result is stable across
     * JVMs; the mixing (the finaliser of SplitMix64) spreads similar ids such as {@code web1}, {@code web2}.
     */
    static long mix(String relayId) {
        long z = relayId.hashCode() * 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
