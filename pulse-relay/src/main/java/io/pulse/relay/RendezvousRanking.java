package io.pulse.relay;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Rendezvous (highest-random-weight) hashing: each server gets a weight from a hash of (relay id, server address)
 * and a relay prefers the servers in decreasing weight. Every relay computes its own order from nothing but its id
 * and the list, so
 * <ul>
 *   <li>the order is stable: the same id and servers always give the same order, whatever order they were listed in;</li>
 *   <li>the first choices spread evenly over the servers (the weights are uniformly distributed and independent);</li>
 *   <li>adding or removing a server moves only the relays whose first choice it is or becomes: the relative order
 *       of the other servers does not change.</li>
 * </ul>
 * Stateless.
 */
final class RendezvousRanking {

    private RendezvousRanking() {
    }

    /** The servers, most preferred first, for this relay id. */
    static List<ServerAddress> rank(String relayId, List<ServerAddress> servers) {
        List<ServerAddress> ranked = new ArrayList<>(servers);
        // Ties (practically impossible with 64-bit weights) fall back to the address text, so the order is total.
        ranked.sort(Comparator.comparingLong((ServerAddress s) -> weight(relayId, s)).reversed()
                .thenComparing(ServerAddress::toString));
        return List.copyOf(ranked);
    }

    /**
     * The weight of a server for a relay, as an unsigned 64-bit value mapped onto signed order (the sign bit is
     * flipped). FNV-1a over both texts (with a separator no id or address contains), finished with the SplitMix64
     * mixer so that ids differing in one character give unrelated weights.
     */
    static long weight(String relayId, ServerAddress server) {
        long hash = 0xcbf29ce484222325L;
        hash = fnv(hash, relayId.getBytes(StandardCharsets.UTF_8));
        hash = fnv(hash, new byte[] {'\n'});
        hash = fnv(hash, server.toString().getBytes(StandardCharsets.UTF_8));
        hash = (hash ^ (hash >>> 30)) * 0xbf58476d1ce4e5b9L;
        hash = (hash ^ (hash >>> 27)) * 0x94d049bb133111ebL;
        hash = hash ^ (hash >>> 31);
        return hash ^ Long.MIN_VALUE;
    }

    private static long fnv(long hash, byte[] bytes) {
        for (byte b : bytes) {
            hash ^= b & 0xff;
            hash *= 0x100000001b3L;
        }
        return hash;
    }
}
