package io.pulse.api.http;

import io.pulse.spi.ConfigException;
import io.pulse.spi.Health;
import io.pulse.spi.Plugin;
import io.pulse.spi.Selection;
import io.pulse.spi.frontend.FrontEndFactory;
import io.pulse.spi.option.Option;
import io.pulse.spi.option.OptionValues;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Plugin discovery, a front end created through the SPI, the default-token refusal, and the front end's lifecycle. */
class StartupAndPluginTest {

    private static FrontEndFactory discovered() {
        StartupAndPluginTest.class.getModule().addUses(Plugin.class);
        List<FrontEndFactory> factories = ServiceLoader.load(Plugin.class).stream()
            .flatMap(p -> p.get().frontEndFactories().stream())
            .toList();
        assertEquals(1, factories.size());
        return factories.get(0);
    }

    @Test
    void thePluginIsFoundThroughTheSpiWithFactoryIdHttpUsedByDefault() {
        FrontEndFactory http = discovered();
        assertEquals("http", http.id());
        assertEquals(List.of("listen-address", "token", "cors-allow", "insecure", "tls-cert", "tls-key", "zone",
            "max-window", "max-body-size", "max-header-size", "max-request-line", "max-query-params", "idle-timeout",
            "request-timeout", "max-connections", "max-live-clients", "live-heartbeat", "live-buffer",
            "federate-max-series", "open-ops-routes", "peers", "peer-timeout"),
            http.options().stream().map(Option::key).toList());
        Selection selection = http.selection();
        assertTrue(selection.isDefault() && selection.trigger().isEmpty(), selection.toString());
    }

    @Test
    void aFrontEndCreatedThroughTheSpiServesTheStorageOfItsContext() throws Exception {
        FrontEndFactory factory = discovered();
        RecordingStorage storage = new RecordingStorage();
        storage.keys = List.of("cpu_used");
        FakeServer server = new FakeServer(storage);
        OptionValues options = OptionValues.parse("http", factory.options(),
            Map.of("listen-address", "127.0.0.1:0", "token", "x"));
        HttpApiFrontEnd frontEnd = (HttpApiFrontEnd) factory.create(
            new TestPluginContext(options, Clock.systemUTC(), server), server);
        frontEnd.start();
        try {
            Http http = new Http("http://127.0.0.1:" + frontEnd.port());
            assertEquals("[\"cpu_used\"]\n", http.get("/keys", "x").body());
            assertEquals(401, http.get("/keys", "secret").status(), "the token option reached the front end");
        } finally {
            frontEnd.close();
        }
    }

    @Test
    void defaultTokenIsRefusedBeyondLoopbackWithTheWayToSetOne() {
        for (String address : new String[] {"0.0.0.0:0", ":0", "10.255.255.1:0"}) {
            for (Map<String, String> token : List.of(Map.<String, String>of(), Map.of("token", "secret"))) {
                Map<String, String> options = new HashMap<>(token);
                options.put("listen-address", address);
                HttpApiFrontEnd frontEnd = ApiServer.create(new FakeServer(new RecordingStorage()), options,
                    Clock.systemUTC());
                ConfigException e = assertThrows(ConfigException.class, frontEnd::start, address);
                assertTrue(e.getMessage().contains("-t/--token") && e.getMessage().contains("PULSE_TOKEN")
                    && e.getMessage().contains("'secret'"), e.getMessage());
                assertTrue(e.getMessage().startsWith("http-listen-address " + (address.startsWith(":") ? "0.0.0.0"
                    : "") + address + " can be reached from other machines"), e.getMessage());
                assertEquals(Health.down("not started"), frontEnd.health());
                frontEnd.close();
            }
        }
    }

    @Test
    void lifecycleReportsHealth() throws Exception {
        HttpApiFrontEnd frontEnd = ApiServer.create(new FakeServer(new RecordingStorage()),
            Map.of("listen-address", "127.0.0.1:0", "token", "x"), Clock.systemUTC());
        assertEquals(Health.down("not started"), frontEnd.health());
        assertEquals(-1, frontEnd.port());
        frontEnd.start();
        assertTrue(frontEnd.health().isUp(), frontEnd.health().toString());
        assertTrue(frontEnd.health().detail().startsWith("http on 127.0.0.1:"), frontEnd.health().detail());
        frontEnd.close();
        assertEquals(Health.down("stopped"), frontEnd.health());
    }

    @Test
    void aTakenPortIsAClearStartFailure() throws Exception {
        try (ApiServer first = ApiServer.start(new FakeServer(new RecordingStorage()))) {
            HttpApiFrontEnd second = ApiServer.create(new FakeServer(new RecordingStorage()),
                Map.of("listen-address", first.base(), "token", "x"), Clock.systemUTC());
            Exception e = assertThrows(Exception.class, second::start);
            assertEquals("http: cannot listen on " + first.base() + ": Address already in use", e.getMessage());
            second.close();
        }
    }
}
