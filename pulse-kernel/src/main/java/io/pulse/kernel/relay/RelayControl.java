package io.pulse.kernel.relay;

import io.pulse.spi.frontend.PollOverride;
import io.pulse.spi.frontend.RelayInfo;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * What the rest of the kernel (and, through the front-end context, the API) may do with connected relays.
 * Implemented by the relay server; thread-safe.
 */
public interface RelayControl {

    /** The relays connected now, sorted by id. */
    List<RelayInfo> relays();

    /** Sends {@code flush} to that relay without waiting for an answer; false if it is not connected. */
    boolean flush(String relayId);

    /**
     * Starts a poll override (see {@link io.pulse.spi.frontend.FrontEndContext#override}).
     *
     * @throws IllegalArgumentException for a non-positive duration, no collectors, or an interval under 1 s
     */
    PollOverride override(Duration duration, Map<String, Duration> collectors);

    /** Overrides in force now, soonest-ending first. */
    List<PollOverride> overrides();
}
