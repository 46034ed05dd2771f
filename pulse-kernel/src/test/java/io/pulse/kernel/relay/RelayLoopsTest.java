package io.pulse.kernel.relay;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class RelayLoopsTest {

    @Test
    void oneLoopFillsUpBeforeTheNextGetsRelaysThenTheLeastBusyTakesThem() {
        List<String> loops = List.of("a", "b", "c");
        assertEquals("a", RelayLoops.pick(loops, Map.of("a", 0, "b", 0, "c", 0)::get, 300));
        assertEquals("a", RelayLoops.pick(loops, Map.of("a", 299, "b", 0, "c", 0)::get, 300));
        assertEquals("b", RelayLoops.pick(loops, Map.of("a", 300, "b", 0, "c", 0)::get, 300));
        assertEquals("a", RelayLoops.pick(loops, Map.of("a", 250, "b", 300, "c", 0)::get, 300),
                "a loop that lost relays takes new ones first");
        assertEquals("c", RelayLoops.pick(loops, Map.of("a", 900, "b", 800, "c", 700)::get, 300));
        assertEquals("a", RelayLoops.pick(loops, Map.of("a", 700, "b", 700, "c", 700)::get, 300));
    }
}
