package io.pulse.api.http;

import io.pulse.spi.ConfigException;
import io.pulse.spi.ConfigOption;
import io.pulse.spi.Health;
import io.pulse.spi.Plugin;
import io.pulse.spi.frontend.FrontEndFactory;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Plugin discovery, settings validation, the default-token refusal, and the front end's lifecycle. */
class StartupAndPluginTest {

    @Test
    void thePluginIsFoundThroughTheSpiWithFactoryIdHttp() {
        StartupAndPluginTest.class.getModule().addUses(Plugin.class);
        List<FrontEndFactory> factories = ServiceLoader.load(Plugin.class).stream()
            .flatMap(p -> p.get().frontEndFactories().stream())
            .toList();
        assertEquals(1, factories.size());
        FrontEndFactory http = factories.get(0);
        assertEquals("http", http.id());
        assertEquals(List.of("zone", "max-window", "max-body-size", "max-header-size", "max-request-line",
            "max-query-params", "idle-timeout", "request-timeout", "max-connections"),
            http.options().stream().map(ConfigOption::key).toList());
    }

    @Test
    void listenAddressesAreParsedAsTheOriginalAcceptedThem() {
        assertEquals(new ListenAddress("127.0.0.1", 8080), ListenAddress.parse("127.0.0.1:8080"));
        assertEquals(new ListenAddress("::1", 8080), ListenAddress.parse("[::1]:8080"));
        assertEquals(new ListenAddress("0.0.0.0", 9000), ListenAddress.parse(":9000"));
        assertEquals(new ListenAddress("localhost", 0), ListenAddress.parse(" localhost:0 "));
        for (String bad : new String[] {"8080", "host:", "host:http", "::1:8080", "h:70000", "h:-1", ""}) {
            ConfigException e = assertThrows(ConfigException.class, () -> ListenAddress.parse(bad), bad);
            assertTrue(e.getMessage().startsWith("http-listen-address: expected host:port"), e.getMessage());
        }
        assertTrue(ListenAddress.parse("127.0.0.1:1").isLoopbackOnly());
        assertTrue(ListenAddress.parse("localhost:1").isLoopbackOnly());
        assertTrue(ListenAddress.parse("[::1]:1").isLoopbackOnly());
        assertTrue(!ListenAddress.parse(":1").isLoopbackOnly());
        assertTrue(!ListenAddress.parse("10.1.2.3:1").isLoopbackOnly());
    }

    @Test
    void defaultTokenIsRefusedBeyondLoopbackWithTheWayToSetOne() {
        for (String address : new String[] {"0.0.0.0:0", ":0", "10.255.255.1:0"}) {
            for (Map<String, String> token : List.of(Map.<String, String>of(), Map.of("token", "secret"))) {
                Map<String, String> flags = new HashMap<>(token);
                flags.put("http-listen-address", address);
                HttpApiFrontEnd frontEnd = ApiServer.create(new FakeServer(new RecordingStorage()), flags, Map.of(),
                    Clock.systemUTC());
                ConfigException e = assertThrows(ConfigException.class, frontEnd::start, address);
                assertTrue(e.getMessage().contains("-t/--token") && e.getMessage().contains("PULSE_TOKEN")
                    && e.getMessage().contains("'secret'"), e.getMessage());
                assertEquals(Health.down("not started"), frontEnd.health());
                frontEnd.close();
            }
        }
    }

    @Test
    void lifecycleReportsHealth() throws Exception {
        HttpApiFrontEnd frontEnd = ApiServer.create(new FakeServer(new RecordingStorage()),
            Map.of("http-listen-address", "127.0.0.1:0", "token", "x"), Map.of(), Clock.systemUTC());
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
                Map.of("http-listen-address", first.base(), "token", "x"), Map.of(), Clock.systemUTC());
            Exception e = assertThrows(Exception.class, second::start);
            assertEquals("http: cannot listen on " + first.base() + ": Address already in use", e.getMessage());
            second.close();
        }
    }

    @Test
    void sectionOptionsAreValidatedNamingTheKey() {
        Map<String, String> flags = Map.of("http-listen-address", "127.0.0.1:0");
        assertEquals(ZoneId.of("Asia/Kathmandu"), settings(flags, Map.of("zone", "Asia/Kathmandu")).zone());
        assertEquals(ZoneId.systemDefault(), settings(flags, Map.of()).zone());
        assertConfigError("http.zone: expected a time zone id such as UTC, Europe/Berlin or +02:00, got 'Mars/Base'",
            flags, Map.of("zone", "Mars/Base"));
        assertConfigError("http.max-body-size: expected a whole number, got 'big'", flags, Map.of("max-body-size", "big"));
        assertConfigError("http.max-query-params: expected a whole number from 1 to 10000, got 0", flags,
            Map.of("max-query-params", "0"));
        assertConfigError("http.idle-timeout: must be positive, got 0s", flags, Map.of("idle-timeout", "0s"));
        assertConfigError("http.max-window: expected a duration from 1s to 5200w, got 5201w", flags,
            Map.of("max-window", "5201w"));
        assertConfigError("insecure: expected true or false, got 'maybe'", Map.of("insecure", "maybe"), Map.of());
        assertConfigError("cors-allow: must not contain control characters", Map.of("cors-allow", "a\r\nSet-Cookie: x"),
            Map.of());
    }

    private static HttpApiSettings settings(Map<String, String> flags, Map<String, String> own) {
        return HttpApiSettings.from(new TestPluginContext(flags, own, Clock.systemUTC(), java.nio.file.Path.of("t")));
    }

    private static void assertConfigError(String message, Map<String, String> flags, Map<String, String> own) {
        ConfigException e = assertThrows(ConfigException.class, () -> settings(flags, own));
        assertEquals(message, e.getMessage());
    }
}
