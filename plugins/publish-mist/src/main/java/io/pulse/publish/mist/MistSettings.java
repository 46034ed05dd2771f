package io.pulse.publish.mist;

import io.pulse.spi.option.HostPort;

import java.time.Duration;
import java.util.Objects;

/**
 * How the publisher talks to Mist, parsed from its options.
 *
 * @param address           the Mist server's TCP address
 * @param token             the auth token; empty means Mist runs without one and no auth message is sent
 * @param connectTimeout    limit of connecting plus the handshake (auth, ping, pong)
 * @param writeTimeout      limit of one write; a write still blocked after it closes the connection
 * @param keepalive         how often a ping is sent; a ping not answered by the next one marks the connection dead
 * @param reconnectBackoff  the first delay before reconnecting, doubled per failed attempt, with jitter
 * @param reconnectMax      the largest delay between attempts
 */
record MistSettings(HostPort address, String token, Duration connectTimeout, Duration writeTimeout,
                    Duration keepalive, Duration reconnectBackoff, Duration reconnectMax) {

    MistSettings {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(writeTimeout, "writeTimeout");
        Objects.requireNonNull(keepalive, "keepalive");
        Objects.requireNonNull(reconnectBackoff, "reconnectBackoff");
        Objects.requireNonNull(reconnectMax, "reconnectMax");
    }

    boolean hasToken() {
        return !token.isEmpty();
    }

    /** Never shows the token (records print every component otherwise). */
    @Override
    public String toString() {
        return "MistSettings[address=" + address + ", token=" + (hasToken() ? "****" : "none") + "]";
    }
}
