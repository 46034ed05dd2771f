package io.pulse.api.http;

import io.pulse.api.http.security.SecurityHeaders;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLSocket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The HTTP listener's hardening over real connections: security headers on every kind of answer, no caching of API
 * answers, TLS 1.2+ with forward-secret AEAD suites only, and the token kept out of the log.
 */
class HttpSecurityTest {

    @TempDir
    static Path dir;
    static ApiServer plain;

    @BeforeAll
    static void start() throws Exception {
        // the log capture below uses java.util.logging, the System.Logger backend; the plugin module reads it not
        ModuleLayer.boot().findModule("java.logging").ifPresent(HttpSecurityTest.class.getModule()::addReads);
        plain = ApiServer.start(new FakeServer(new RecordingStorage()));
    }

    @AfterAll
    static void stop() {
        plain.close();
    }

    @Test
    void everyAnswerCarriesTheSecurityHeadersAndApiAnswersAreNotStored() throws Exception {
        for (Http.Response r : List.of(plain.get("/ping"), plain.http.get("/ping", "wrong"),
            plain.get("/no/such/route"), plain.get("/latest/nothing"))) {
            assertEquals("nosniff", r.header("X-Content-Type-Options"), r.headers().toString());
            assertEquals(SecurityHeaders.CONTENT_SECURITY_POLICY, r.header("Content-Security-Policy"));
            assertEquals("no-referrer", r.header("Referrer-Policy"));
            assertEquals("no-store", r.header("Cache-Control"), r.status() + " " + r.headers());
        }
        // the dashboard's page and assets revalidate (no-cache) but may be kept; they get the same protection
        for (String path : List.of("/", "/ui/dashboard.js")) {
            Http.Response r = plain.http.get(path, null);
            assertEquals(200, r.status(), path);
            assertEquals("nosniff", r.header("X-Content-Type-Options"));
            assertEquals(SecurityHeaders.CONTENT_SECURITY_POLICY, r.header("Content-Security-Policy"));
            assertEquals("no-cache", r.header("Cache-Control"), path);
        }
    }

    @Test
    void transportErrorAnswersCarryTheHeadersToo() throws Exception {
        // a request line over max-request-line is refused by the transport, outside routing
        Http.Response r = plain.get("/ping?x=" + "a".repeat(20_000));
        assertEquals(414, r.status());
        assertEquals("nosniff", r.header("X-Content-Type-Options"));
        assertEquals("no-store", r.header("Cache-Control"));
    }

    @Test
    void theContentSecurityPolicyAllowsNoInlineScriptAndNoFraming() {
        String csp = SecurityHeaders.CONTENT_SECURITY_POLICY;
        assertTrue(csp.contains("script-src 'self';"), csp);
        assertFalse(csp.contains("unsafe-inline") || csp.contains("unsafe-eval"), csp);
        assertTrue(csp.contains("frame-ancestors 'none'"), csp);
    }

    @Test
    void httpsAcceptsOnlyTls12AndNewerWithModernSuites() throws Exception {
        TestCertificates.PemPair pair = TestCertificates.keytool(dir, "EC");
        try (ApiServer https = ApiServer.start(new FakeServer(new RecordingStorage()), Map.of("insecure", "false",
            "tls-cert", pair.cert().toString(), "tls-key", pair.key().toString()), Clock.systemUTC())) {
            SSLContext trusting = TestCertificates.trusting(pair.certificate());
            int port = https.frontEnd.port();
            assertEquals("TLSv1.3", handshake(trusting, port, new String[] {"TLSv1.3"}, null));
            assertEquals("TLSv1.2", handshake(trusting, port, new String[] {"TLSv1.2"},
                new String[] {"TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256"}));
            // a CBC suite on TLS 1.2, and TLS 1.1, are refused (the JDK client must be allowed to offer them)
            assertThrows(SSLHandshakeException.class, () -> handshake(trusting, port, new String[] {"TLSv1.2"},
                new String[] {"TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256"}));
            assertThrows(IOException.class, () -> handshake(trusting, port, new String[] {"TLSv1.1"}, null));
        }
    }

    /** The protocol negotiated by a client limited to these protocols (and suites, if given). */
    private static String handshake(SSLContext context, int port, String[] protocols, String[] suites)
        throws IOException {
        try (Socket tcp = new Socket("127.0.0.1", port);
             SSLSocket tls = (SSLSocket) context.getSocketFactory().createSocket(tcp, "localhost", port, true)) {
            tls.setSoTimeout(10_000);
            tls.setEnabledProtocols(protocols);
            if (suites != null) {
                tls.setEnabledCipherSuites(suites);
            }
            tls.startHandshake();
            return tls.getSession().getProtocol();
        }
    }

    @Test
    void theTokenNeverAppearsInTheLog() throws Exception {
        String token = "v3ry-s3cret-t0ken-" + System.nanoTime();
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        java.util.logging.Logger root = java.util.logging.Logger.getLogger("");
        java.util.logging.Handler handler = new java.util.logging.StreamHandler(
            new PrintStream(captured, true, StandardCharsets.UTF_8), new java.util.logging.SimpleFormatter());
        handler.setLevel(java.util.logging.Level.ALL);
        // the server's loggers only: the test's own HTTP client (sun.net.www) logs its requests at FINE
        handler.setFilter(r -> r.getLoggerName() == null || !r.getLoggerName().startsWith("sun.net."));
        java.util.logging.Level level = root.getLevel();
        root.addHandler(handler);
        root.setLevel(java.util.logging.Level.ALL);
        try (ApiServer api = ApiServer.start(new FakeServer(new RecordingStorage()), Map.of("token", token),
            Clock.systemUTC())) {
            assertEquals(200, api.http.get("/ping", token).status());
            assertEquals(401, api.http.get("/ping", token + "x").status());
            api.http.get("/latest/nothing?X-AUTH-TOKEN=" + token, null); // a token in the query string
        } finally {
            handler.flush();
            root.removeHandler(handler);
            root.setLevel(level);
        }
        String log = captured.toString(StandardCharsets.UTF_8);
        assertFalse(log.isEmpty(), "the capture works: the server logged its start");
        assertFalse(log.contains(token), "the token was logged:\n" + log);
    }
}
