package io.pulse.kernel.relay;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One relay's place under {@code --max-relays}, reserved by {@link RelayLimiter#reservePlace} and given back exactly
 * once however many of a connection's close paths call {@link #release()} (the session leaving the registry, the
 * connection thread's clean-up, a failed hand-over to an event loop).
 *
 * <p>Thread-safe.
 */
final class RelayPlace {

    private final RelayLimiter limiter;
    private final AtomicBoolean held = new AtomicBoolean(true);

    /** @param limiter the limiter whose {@link RelayLimiter#reservePlace} has just reserved this place */
    RelayPlace(RelayLimiter limiter) {
        this.limiter = limiter;
    }

    /** Gives the place back; only the first call counts. */
    void release() {
        if (held.compareAndSet(true, false)) {
            limiter.releasePlace();
        }
    }
}
