package io.pulse.api.http;

import io.pulse.spi.ConfigException;
import io.pulse.spi.option.HostPort;
import io.pulse.spi.option.Option;
import io.pulse.spi.option.OptionValues;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The {@code http} options as the kernel parses them (each bad value named by its key) and the checks the plugin adds
 * across them; the original's flags keep their names, letters and defaults.
 */
class HttpApiOptionsTest {

    @TempDir
    static Path dir;

    private static HttpApiSettings settings(Map<String, String> options) {
        return HttpApiSettings.from(OptionValues.parse("http", HttpApiOptions.ALL, options));
    }

    private static void assertError(String message, Map<String, String> options) {
        ConfigException e = assertThrows(ConfigException.class, () -> settings(options));
        assertEquals(message, e.getMessage());
    }

    @Test
    void theOriginalsFlagsKeepTheirNamesLettersAndDefaults() {
        Map<String, String> flags = new LinkedHashMap<>();
        for (Option<?> o : HttpApiOptions.ALL) {
            o.flag().ifPresent(f -> flags.put(o.key(), f + o.shortFlag().map(c -> "/" + c).orElse("") + "="
                + o.defaultText()));
            assertFalse(o.description().isBlank(), o.key());
        }
        assertEquals(Map.of("listen-address", "http-listen-address/H=127.0.0.1:8080", "token", "token/t=secret",
            "cors-allow", "cors-allow/C=*", "insecure", "insecure/I=true", "tls-cert", "tls-cert=",
            "tls-key", "tls-key="), flags);
        assertTrue(HttpApiOptions.TOKEN.secret(), "the token is masked wherever the kernel prints options");
        assertEquals(1, HttpApiOptions.ALL.stream().filter(Option::secret).count());
    }

    @Test
    void defaults() {
        HttpApiSettings s = settings(Map.of());
        assertEquals(new HostPort("127.0.0.1", 8080), s.listen());
        assertEquals("secret", s.token());
        assertTrue(s.authEnabled());
        assertEquals("*", s.corsAllow());
        assertTrue(s.insecure());
        assertEquals(Optional.empty(), s.tlsCert());
        assertEquals(ZoneId.systemDefault(), s.zone(), "the server's zone");
        assertEquals(Duration.ofDays(7 * 520), s.maxWindow());
        assertEquals(new HttpApiSettings.Limits(65536, 16384, 8192, 64, Duration.ofSeconds(30), Duration.ofSeconds(60),
            1024), s.limits());
    }

    @Test
    void listenAddressesAreParsedAsTheOriginalAcceptedThem() {
        assertEquals(new HostPort("127.0.0.1", 8080), settings(Map.of("listen-address", "127.0.0.1:8080")).listen());
        assertEquals(new HostPort("::1", 8080), settings(Map.of("listen-address", "[::1]:8080")).listen());
        assertEquals(new HostPort("0.0.0.0", 9000), settings(Map.of("listen-address", ":9000")).listen(),
            "an empty host is every interface");
        assertEquals(new HostPort("localhost", 0), settings(Map.of("listen-address", " localhost:0 ")).listen());
        for (String bad : new String[] {"8080", "host:", "host:http", "::1:8080", "h:70000", "h:-1"}) {
            ConfigException e = assertThrows(ConfigException.class, () -> settings(Map.of("listen-address", bad)), bad);
            assertTrue(e.getMessage().startsWith("http-listen-address: expected host:port"), e.getMessage());
        }
    }

    @Test
    void onlyLoopbackAddressesAreLoopbackOnly() {
        assertTrue(ListenAddresses.isLoopbackOnly(HostPort.parse("127.0.0.1:1")));
        assertTrue(ListenAddresses.isLoopbackOnly(HostPort.parse("localhost:1")));
        assertTrue(ListenAddresses.isLoopbackOnly(HostPort.parse("[::1]:1")));
        assertFalse(ListenAddresses.isLoopbackOnly(HostPort.parse(":1")));
        assertFalse(ListenAddresses.isLoopbackOnly(HostPort.parse("0.0.0.0:1")));
        assertFalse(ListenAddresses.isLoopbackOnly(HostPort.parse("10.1.2.3:1")));
        assertFalse(ListenAddresses.isLoopbackOnly(HostPort.parse("no-such-host.invalid:1")));
    }

    @Test
    void anExplicitlyEmptyTokenDisablesAuthWhileAnAbsentOneIsTheDefault() {
        HttpApiSettings open = settings(Map.of("token", ""));
        assertEquals("", open.token());
        assertFalse(open.authEnabled());
        assertEquals("s3cr3t", settings(Map.of("token", "s3cr3t")).token());
    }

    @Test
    void sectionOptionsAreValidatedNamingTheKey() {
        assertEquals(ZoneId.of("Asia/Kathmandu"), settings(Map.of("zone", "Asia/Kathmandu")).zone());
        assertEquals(Duration.ofHours(1), settings(Map.of("max-window", "1h")).maxWindow());
        assertError("http.zone: expected a time zone id such as UTC, Europe/Berlin or +02:00, got 'Mars/Base'",
            Map.of("zone", "Mars/Base"));
        assertError("http.max-body-size: expected a whole number from 1 to 2147483647, got 'big'",
            Map.of("max-body-size", "big"));
        assertError("http.max-query-params: expected a whole number from 1 to 10000, got '0'",
            Map.of("max-query-params", "0"));
        assertError("http.idle-timeout: expected a duration from 1ms to 1d (like 30s, 5m or 1h), got '0s'",
            Map.of("idle-timeout", "0s"));
        assertError("http.max-window: expected a duration from 1s to 5200w (like 30s, 5m or 1h), got '5201w'",
            Map.of("max-window", "5201w"));
        assertError("insecure: expected true or false, got 'maybe'", Map.of("insecure", "maybe"));
        assertTrue(assertThrows(ConfigException.class, () -> settings(Map.of("max-windw", "1h"))).getMessage()
            .startsWith("http.max-windw: unknown key"));
    }

    @Test
    void corsAllowMustNotSmuggleHeaders() {
        assertEquals("https://dash.example", settings(Map.of("cors-allow", "https://dash.example")).corsAllow());
        assertError("cors-allow: must not contain control characters", Map.of("cors-allow", "a\r\nSet-Cookie: x"));
        assertError("cors-allow: must not contain control characters", Map.of("cors-allow", "a\u007f"));
    }

    @Test
    void tlsFilesGoTogetherOnlyWithHttpsAndMustBeReadable() throws Exception {
        Path cert = Files.writeString(dir.resolve("cert.pem"), "checked at start\n");
        Path key = Files.writeString(dir.resolve("key.pem"), "checked at start\n");
        HttpApiSettings https = settings(Map.of("insecure", "false", "tls-cert", cert.toString(), "tls-key",
            key.toString()));
        assertEquals(Optional.of(cert), https.tlsCert());
        assertEquals(Optional.of(key), https.tlsKey());
        assertFalse(https.insecure());

        assertError("tls-cert and tls-key: set both (a PEM certificate chain and its PEM private key) or neither (a"
            + " self-signed certificate is generated)", Map.of("insecure", "false", "tls-key", key.toString()));
        assertError("tls-cert/tls-key are set but insecure is true (plain HTTP): set --insecure=false to serve HTTPS"
            + " with them, or remove them", Map.of("tls-cert", cert.toString(), "tls-key", key.toString()));
        Path missing = dir.resolve("missing.pem");
        assertError("tls-cert: cannot read " + missing + ": it does not exist",
            Map.of("insecure", "false", "tls-cert", missing.toString(), "tls-key", key.toString()));
        assertError("tls-key: cannot read " + dir + ": it is not a regular file",
            Map.of("insecure", "false", "tls-cert", cert.toString(), "tls-key", dir.toString()));
    }
}
