package io.pulse.api.http;

import io.pulse.api.http.tls.SelfSignedCertificate;
import io.pulse.spi.tls.TlsMaterial;
import io.pulse.spi.ConfigException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** HTTPS with a generated self-signed certificate and with operator PEM files, over real TLS connections. */
class TlsTest {

    @TempDir
    static Path dir;
    static TestCertificates.PemPair rsa;
    static TestCertificates.PemPair ec;

    @BeforeAll
    static void pairs() throws Exception {
        try (var executor = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
            var rsaPair = executor.submit(() -> TestCertificates.keytool(dir, "RSA"));
            var ecPair = executor.submit(() -> TestCertificates.keytool(dir, "EC"));
            rsa = rsaPair.get();
            ec = ecPair.get();
        }
    }

    @Test
    void selfSignedCertificateServesHttpsAndVerifiesFor127001() throws Exception {
        try (ApiServer api = ApiServer.start(new FakeServer(new RecordingStorage()), Map.of("insecure", "false"),
            Clock.systemUTC())) {
            X509Certificate[][] seen = new X509Certificate[1][];
            String base = "https://127.0.0.1:" + api.frontEnd.port();
            assertEquals(200, new Http(base, TestCertificates.recording(seen)).get("/ping", ApiServer.TOKEN).status());
            X509Certificate served = seen[0][0];

            // now a strict client: trusts exactly that certificate and checks the host name (IP SAN) as usual
            Http strict = new Http(base, TestCertificates.trusting(served));
            Http.Response r = strict.get("/ping", ApiServer.TOKEN);
            assertEquals(200, r.status());
            assertEquals("pong", r.body());
            assertEquals(401, strict.get("/ping", "wrong").status());
        }
    }

    @Test
    void generatedCertificateIsAWellFormedServerCertificate() throws Exception {
        Instant now = Instant.parse("2026-03-01T12:00:00Z");
        TlsMaterial m = SelfSignedCertificate.generate("pulse.example.org", now);
        X509Certificate c = m.leaf();
        assertEquals(3, c.getVersion());
        assertEquals("EC", c.getPublicKey().getAlgorithm());
        assertEquals("SHA256withECDSA", c.getSigAlgName());
        c.verify(c.getPublicKey()); // self-signed
        c.checkValidity(Date.from(now));
        c.checkValidity(Date.from(now.plus(Duration.ofDays(364))));
        assertThrows(java.security.cert.CertificateExpiredException.class,
            () -> c.checkValidity(Date.from(now.plus(Duration.ofDays(366)))));
        assertEquals(-1, c.getBasicConstraints()); // not a CA
        assertTrue(c.getKeyUsage()[0]); // digitalSignature
        assertEquals(List.of("1.3.6.1.5.5.7.3.1"), c.getExtendedKeyUsage()); // serverAuth
        Set<String> names = new HashSet<>();
        for (List<?> san : c.getSubjectAlternativeNames()) {
            names.add(san.get(0) + ":" + san.get(1));
        }
        assertEquals(Set.of("2:localhost", "2:pulse.example.org", "7:127.0.0.1", "7:0:0:0:0:0:0:0:1"), names);
        assertTrue(m.fingerprint().matches("([0-9A-F]{2}:){31}[0-9A-F]{2}"), m.fingerprint());
    }

    @Test
    void generatedCertificateNamesAnIpListenAddressAndSkipsTheWildcard() throws Exception {
        Set<String> names = new HashSet<>();
        for (List<?> san : SelfSignedCertificate.generate("10.1.2.3", Instant.now()).leaf().getSubjectAlternativeNames()) {
            names.add(san.get(0) + ":" + san.get(1));
        }
        assertTrue(names.contains("7:10.1.2.3"), names.toString());
        names.clear();
        for (List<?> san : SelfSignedCertificate.generate("0.0.0.0", Instant.now()).leaf().getSubjectAlternativeNames()) {
            names.add(san.get(0) + ":" + san.get(1));
        }
        assertEquals(Set.of("2:localhost", "7:127.0.0.1", "7:0:0:0:0:0:0:0:1"), names);
    }

    @Test
    void operatorRsaPemPairServesHttps() throws Exception {
        servesWith(rsa);
    }

    @Test
    void operatorEcPemPairServesHttps() throws Exception {
        servesWith(ec);
    }

    @Test
    void certificateChainFileMayHoldSeveralCertificates() throws Exception {
        Path chain = dir.resolve("chain.pem");
        Files.writeString(chain, Files.readString(rsa.cert()) + Files.readString(ec.cert()));
        servesWith(new TestCertificates.PemPair(chain, rsa.key(), rsa.certificate(), rsa.privateKey()));
    }

    private static void servesWith(TestCertificates.PemPair pair) throws Exception {
        try (ApiServer api = ApiServer.start(new FakeServer(new RecordingStorage()), Map.of("insecure", "false",
            "tls-cert", pair.cert().toString(), "tls-key", pair.key().toString()), Clock.systemUTC())) {
            Http strict = new Http("https://127.0.0.1:" + api.frontEnd.port(),
                TestCertificates.trusting(pair.certificate()));
            assertEquals("pong", strict.get("/ping", ApiServer.TOKEN).body());
            // plain HTTP to the HTTPS port gets no HTTP answer
            Http plain = new Http("http://127.0.0.1:" + api.frontEnd.port());
            assertThrows(IOException.class, () -> plain.get("/ping", ApiServer.TOKEN));
        }
    }

    @Test
    void keyThatDoesNotBelongToTheCertificateIsRefusedAtStart() {
        ConfigException e = refused(Map.of("tls-cert", rsa.cert().toString(), "tls-key", ec.key().toString()));
        assertTrue(e.getMessage().startsWith("tls-key:") && e.getMessage().contains("does not belong"), e.getMessage());
    }

    @Test
    void pkcs1AndEncryptedKeysAreRefusedWithTheConversionCommand() throws Exception {
        Path pkcs1 = dir.resolve("pkcs1.pem");
        Files.writeString(pkcs1, TestCertificates.pem("RSA PRIVATE KEY", new byte[] {1, 2, 3}));
        ConfigException e = refused(Map.of("tls-cert", rsa.cert().toString(), "tls-key", pkcs1.toString()));
        assertTrue(e.getMessage().contains("openssl pkcs8 -topk8 -nocrypt"), e.getMessage());

        Path encrypted = dir.resolve("encrypted.pem");
        Files.writeString(encrypted, TestCertificates.pem("ENCRYPTED PRIVATE KEY", new byte[] {1, 2, 3}));
        e = refused(Map.of("tls-cert", rsa.cert().toString(), "tls-key", encrypted.toString()));
        assertTrue(e.getMessage().contains("is encrypted"), e.getMessage());
    }

    @Test
    void unreadableOrEmptyFilesAreRefusedNamingTheFlag() throws Exception {
        // A file that cannot be read is refused when the front end is created, before anything starts.
        Path missing = dir.resolve("missing.pem");
        ConfigException e = assertThrows(ConfigException.class,
            () -> ApiServer.create(new FakeServer(null), https(Map.of("tls-cert", missing.toString(), "tls-key",
                rsa.key().toString())), Clock.systemUTC()));
        assertEquals("tls-cert: cannot read " + missing + ": it does not exist", e.getMessage());
        e = assertThrows(ConfigException.class,
            () -> ApiServer.create(new FakeServer(null), https(Map.of("tls-cert", rsa.cert().toString(), "tls-key",
                dir.toString())), Clock.systemUTC()));
        assertEquals("tls-key: cannot read " + dir + ": it is not a regular file", e.getMessage());

        // What a readable file holds is checked when HTTPS is set up, at start.
        Path empty = Files.writeString(dir.resolve("empty.pem"), "nothing here\n");
        e = refused(Map.of("tls-cert", empty.toString(), "tls-key", rsa.key().toString()));
        assertTrue(e.getMessage().startsWith("tls-cert:"), e.getMessage());
        e = refused(Map.of("tls-cert", rsa.cert().toString(), "tls-key", empty.toString()));
        assertTrue(e.getMessage().startsWith("tls-key: no private key"), e.getMessage());
    }

    @Test
    void certificateWithoutKeyOrWithInsecureIsAConfigurationError() {
        ConfigException e = assertThrows(ConfigException.class, () -> ApiServer.create(new FakeServer(null),
            Map.of("insecure", "false", "tls-cert", rsa.cert().toString()), Clock.systemUTC()));
        assertTrue(e.getMessage().contains("set both"), e.getMessage());
        e = assertThrows(ConfigException.class, () -> ApiServer.create(new FakeServer(null),
            Map.of("tls-cert", rsa.cert().toString(), "tls-key", rsa.key().toString()), Clock.systemUTC()));
        assertTrue(e.getMessage().contains("--insecure=false"), e.getMessage());
    }

    /** HTTPS on an ephemeral loopback port with the test token and these TLS options. */
    private static Map<String, String> https(Map<String, String> tls) {
        Map<String, String> options = new java.util.HashMap<>(tls);
        options.put("insecure", "false");
        options.put("listen-address", "127.0.0.1:0");
        options.put("token", ApiServer.TOKEN);
        return options;
    }

    /** What starting HTTPS with these TLS options throws. */
    private static ConfigException refused(Map<String, String> tls) {
        HttpApiFrontEnd frontEnd = ApiServer.create(new FakeServer(null), https(tls), Clock.systemUTC());
        try {
            return assertThrows(ConfigException.class, frontEnd::start);
        } finally {
            frontEnd.close();
        }
    }
}
