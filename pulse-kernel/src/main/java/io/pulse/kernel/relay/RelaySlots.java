package io.pulse.kernel.relay;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts the relays holding a place under {@code --max-relays}. A connection reserves a place after it identified
 * and before it is registered, and releases it exactly once when it ends, whatever ends it; the check and the
 * reservation are one atomic step, so two connections arriving at the limit cannot both get the last place.
 *
 * <p>Thread-safe.
 */
final class RelaySlots {

    private final int max;
    private final AtomicInteger used = new AtomicInteger();

    RelaySlots(int max) {
        this.max = max;
    }

    /** Takes a place if one is free; false at the limit. */
    boolean tryReserve() {
        int current;
        do {
            current = used.get();
            if (current >= max) {
                return false;
            }
        } while (!used.compareAndSet(current, current + 1));
        return true;
    }

    /**
     * Takes a place even at the limit: for a relay replacing its own older connection, which is closed as the new
     * one registers and then gives its place back, so the count is over the limit only for that moment.
     */
    void reserveForReplacement() {
        used.incrementAndGet();
    }

    /** Gives a place back; once per successful reservation. */
    void release() {
        if (used.decrementAndGet() < 0) {
            used.incrementAndGet();
            throw new IllegalStateException("a relay place was released more often than reserved");
        }
    }

    /** Places taken now. */
    int used() {
        return used.get();
    }

    int max() {
        return max;
    }
}
