package io.pulse.api.http.json;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.pulse.spi.frontend.CollectorInfo;
import io.pulse.spi.frontend.RelayInfo;

import java.time.Instant;
import java.util.List;

/**
 * A connected relay, for {@code GET /relays}. Times are ms since the epoch; {@code null} when it never happened.
 *
 * @param id             the relay's id
 * @param address        {@code host:port} it connected from
 * @param connectedSince when it identified
 * @param collectors     its collectors with their tags as sent
 * @param lastPoll       when it was last asked for its stats
 * @param lastAnswer     when its last answer arrived
 */
public record RelayBody(String id, String address,
                        @JsonProperty("connected_since") long connectedSince,
                        List<CollectorBody> collectors,
                        @JsonProperty("last_poll") Long lastPoll,
                        @JsonProperty("last_answer") Long lastAnswer) {

    /**
     * A collector of a relay.
     *
     * @param name the collector name
     * @param tags its tags, exactly as the relay sent them
     */
    public record CollectorBody(String name, List<String> tags) {
    }

    /** The API's view of a relay. */
    public static RelayBody of(RelayInfo relay) {
        List<CollectorBody> collectors = relay.collectors().stream()
            .map((CollectorInfo c) -> new CollectorBody(c.name(), c.tags()))
            .toList();
        return new RelayBody(relay.id(), relay.remoteAddress(), relay.connectedSince().toEpochMilli(), collectors,
            millis(relay.lastPoll()), millis(relay.lastAnswer()));
    }

    private static Long millis(Instant instant) {
        return instant == null ? null : instant.toEpochMilli();
    }
}
