package io.pulse.publish.mist;

import io.pulse.spi.Plugin;
import io.pulse.spi.option.Option;
import io.pulse.spi.publish.LivePublisher;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MistPublisherFactoryTest {

    @Test
    void ownsTheOriginalFlagsAndIsChosenByTheAddress() {
        MistPublisherFactory factory = new MistPublisherFactory();
        assertEquals("mist", factory.id());
        assertEquals("m", MistPublisherFactory.ADDRESS.shortFlag().orElseThrow().toString());
        assertEquals("mist-address", MistPublisherFactory.ADDRESS.flag().orElseThrow());
        assertEquals("M", MistPublisherFactory.TOKEN.shortFlag().orElseThrow().toString());
        assertEquals("mist-token", MistPublisherFactory.TOKEN.flag().orElseThrow());
        assertTrue(MistPublisherFactory.TOKEN.secret());
        assertFalse(MistPublisherFactory.ADDRESS.defaultValue().isPresent(), "no address: not chosen");
        Option<?> trigger = factory.selection().trigger().orElseThrow();
        assertEquals(MistPublisherFactory.ADDRESS, trigger);
    }

    @Test
    void isOfferedAsAPluginAndCreatesAPublisherWithoutConnecting() {
        // The kernel finds plugins through the module's provides clause (tests run inside the module).
        assertTrue(MistPlugin.class.getModule().getDescriptor().provides().stream().anyMatch(p ->
            p.service().equals(Plugin.class.getName()) && p.providers().equals(java.util.List.of(MistPlugin.class.getName()))));
        assertEquals("mist", new MistPlugin().livePublisherFactories().getFirst().id());
        LivePublisher publisher = new MistPublisherFactory().create(new MistTestContext(
            Map.of("address", "127.0.0.1:1", "token", "t0ken")));
        assertFalse(publisher.health().isUp(), "down until started and connected");
        assertFalse(publisher.health().detail().contains("t0ken"));
        publisher.close();
    }
}
