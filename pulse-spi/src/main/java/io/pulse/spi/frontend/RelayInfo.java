package io.pulse.spi.frontend;

import io.pulse.spi.Api;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A connected relay as the registry knows it.
 *
 * @param id             the id it identified with
 * @param remoteAddress  {@code host:port} it connected from
 * @param connectedSince when it identified
 * @param collectors     its collectors, sorted by name
 * @param lastPoll       when it was last sent {@code get}; null if never
 * @param lastAnswer     when its last {@code got} arrived; null if never
 */
@Api
public record RelayInfo(String id, String remoteAddress, Instant connectedSince, List<CollectorInfo> collectors,
                        Instant lastPoll, Instant lastAnswer) {
    /** Checks and normalises the components; see the class comment. */
    public RelayInfo {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(remoteAddress, "remoteAddress");
        Objects.requireNonNull(connectedSince, "connectedSince");
        collectors = List.copyOf(collectors);
    }
}
