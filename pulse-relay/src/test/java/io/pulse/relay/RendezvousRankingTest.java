package io.pulse.relay;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The rendezvous ranking's three promises: stable, evenly spread, minimal movement; and the server list's rules. */
class RendezvousRankingTest {

    private static final List<ServerAddress> THREE = ServerList.parse("a:3000,b:3000,c:3000");
    private static final int RELAYS = 6000;

    private static List<String> ids() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < RELAYS; i++) {
            ids.add("web" + i + ".example.net");
        }
        return ids;
    }

    @Test
    void theOrderDependsOnlyOnTheIdAndTheSetOfServersNotOnTheirListingOrder() {
        Random random = new Random(42);
        for (String id : ids().subList(0, 500)) {
            List<ServerAddress> expected = RendezvousRanking.rank(id, THREE);
            List<ServerAddress> shuffled = new ArrayList<>(THREE);
            Collections.shuffle(shuffled, random);
            assertEquals(expected, RendezvousRanking.rank(id, shuffled), id);
            assertEquals(expected, RendezvousRanking.rank(id, THREE), id);
            assertEquals(3, expected.stream().distinct().count());
        }
        // The order really depends on the id: all six orders of three servers occur.
        assertEquals(6, ids().stream().map(id -> RendezvousRanking.rank(id, THREE)).distinct().count());
    }

    @Test
    void firstChoicesSpreadEvenlyOverTheServers() {
        Map<ServerAddress, Integer> first = firstChoices(THREE);
        for (ServerAddress server : THREE) {
            int count = first.getOrDefault(server, 0);
            // 2000 expected each; binomial sd is about 37, so 10 % off would be a real bias.
            assertTrue(Math.abs(count - RELAYS / 3) < RELAYS / 30, server + " is first for " + count + " of " + RELAYS);
        }
        // Second choices spread too: a failed server's relays go to both others, not all to one.
        Map<ServerAddress, Integer> secondWhenAIsFirst = new HashMap<>();
        for (String id : ids()) {
            List<ServerAddress> ranked = RendezvousRanking.rank(id, THREE);
            if (ranked.getFirst().host().equals("a")) {
                secondWhenAIsFirst.merge(ranked.get(1), 1, Integer::sum);
            }
        }
        int toB = secondWhenAIsFirst.get(new ServerAddress("b", 3000));
        int toC = secondWhenAIsFirst.get(new ServerAddress("c", 3000));
        assertTrue(Math.abs(toB - toC) < (toB + toC) / 10, "a's relays fail over to b " + toB + ", to c " + toC);
    }

    @Test
    void aJoiningServerTakesOnlyRelaysForItselfAndAboutItsShare() {
        List<ServerAddress> four = ServerList.parse("a:3000,b:3000,c:3000,d:3000");
        ServerAddress d = new ServerAddress("d", 3000);
        int moved = 0;
        for (String id : ids()) {
            ServerAddress before = RendezvousRanking.rank(id, THREE).getFirst();
            ServerAddress after = RendezvousRanking.rank(id, four).getFirst();
            if (!before.equals(after)) {
                assertEquals(d, after, id + " moved from " + before + " to another old server");
                moved++;
            }
            // The old servers keep their relative order.
            List<ServerAddress> withoutD = new ArrayList<>(RendezvousRanking.rank(id, four));
            withoutD.remove(d);
            assertEquals(RendezvousRanking.rank(id, THREE), withoutD, id);
        }
        assertTrue(Math.abs(moved - RELAYS / 4) < RELAYS / 40, moved + " of " + RELAYS + " moved to the new server");
    }

    @Test
    void aLeavingServerMovesOnlyItsOwnRelays() {
        List<ServerAddress> two = ServerList.parse("a:3000,c:3000");
        for (String id : ids()) {
            List<ServerAddress> before = RendezvousRanking.rank(id, THREE);
            ServerAddress after = RendezvousRanking.rank(id, two).getFirst();
            if (!before.getFirst().host().equals("b")) {
                assertEquals(before.getFirst(), after, id + " was not on b but moved");
            } else {
                assertEquals(before.get(1), after, id + " must go to its second choice");
            }
        }
    }

    @Test
    void theServerListRefusesEmptyEntriesDuplicatesAndBadAddresses() {
        assertEquals(List.of(new ServerAddress("a", 1), new ServerAddress("b", 2)), ServerList.parse("a:1, b:2"));
        assertEquals(List.of(new ServerAddress("::1", 3000)), ServerList.parse("[::1]:3000"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ServerList.parse("a:1,a:1")).getMessage()
            .contains("listed twice"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ServerList.parse("a:1,,b:2")).getMessage()
            .contains("empty entry"));
        assertThrows(IllegalArgumentException.class, () -> ServerList.parse("a:1,b"));
        assertThrows(IllegalArgumentException.class, () -> ServerList.parse(" "));
        assertThrows(IllegalArgumentException.class, () -> ServerList.of(List.of()));
    }

    private static Map<ServerAddress, Integer> firstChoices(List<ServerAddress> servers) {
        Map<ServerAddress, Integer> first = new HashMap<>();
        for (String id : ids()) {
            first.merge(RendezvousRanking.rank(id, servers).getFirst(), 1, Integer::sum);
        }
        return first;
    }
}
