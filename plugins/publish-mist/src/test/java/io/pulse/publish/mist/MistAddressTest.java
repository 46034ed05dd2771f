package io.pulse.publish.mist;

import io.pulse.spi.ConfigException;
import io.pulse.spi.option.HostPort;
import io.pulse.spi.option.OptionValues;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MistAddressTest {

    @Test
    void acceptsHostPortAndTheOriginalTcpForm() {
        assertEquals(new HostPort("127.0.0.1", 1445), MistAddress.parse("127.0.0.1:1445"));
        assertEquals(new HostPort("mist.local", 1445), MistAddress.parse("tcp://mist.local:1445"));
        assertEquals(new HostPort("::1", 1445), MistAddress.parse("TCP://[::1]:1445/"));
    }

    @Test
    void refusesWhatCannotBeDialled() {
        for (String bad : new String[] {"ws://127.0.0.1:8888", "127.0.0.1", ":1445", "host:0", "tcp://", "a:b"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MistAddress.parse(bad), bad);
            assertTrue(e.getMessage().contains("'" + bad + "'"), e.getMessage());
        }
    }

    @Test
    void aBadAddressIsOneLineNamingTheOption() {
        MistPublisherFactory factory = new MistPublisherFactory();
        ConfigException e = assertThrows(ConfigException.class,
            () -> OptionValues.parse("mist", factory.options(), Map.of("address", "ws://x:1")));
        assertTrue(e.getMessage().startsWith("mist-address: expected"), e.getMessage()); // named by its flag
    }
}
