package io.pulse.distribution;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The secured relay channel from the image: {@code bin/pulse -s --relay-token ... --relay-tls-cert ...
 * --relay-tls-key ...} with a certificate signed by a test CA (made with keytool here), and
 * {@code bin/pulse-relay --token ... --tls --ca ...} registering and being polled; relays without the token or
 * without TLS refused and counted in {@code /metrics}; and with both off, an original-protocol relay as before.
 */
class RelaySecurityEndToEndIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String RELAY_TOKEN = "e2e-relay-s3cret";
    private static final String PASS = "changeit";

    @Test
    void tokenAndTlsLetTheRightRelayInAndKeepOthersOut(@TempDir Path dir) throws Exception {
        Pki pki = Pki.create(dir);
        try (PulseProcess pulse = PulseProcess.startServer(dir.resolve("data"), "-p", "1",
            "--relay-token", RELAY_TOKEN, "--relay-tls-cert", pki.chain.toString(),
            "--relay-tls-key", pki.key.toString())) {
            Process relay = new ProcessBuilder(PulseProcess.IMAGE.resolve("bin/pulse-relay").toString(),
                "--server", "127.0.0.1:" + pulse.relayPort, "--id", "secure-host", "--token", RELAY_TOKEN,
                "--tls", "--ca", pki.caPem.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("relay.txt").toFile()).start();
            try {
                pulse.awaitBody("/relays", b -> b.contains("\"id\":\"secure-host\""), WAIT);
                String latest = pulse.awaitBody("/latest/cpu_used?host=secure-host", b -> b.contains("value"), WAIT);
                assertTrue(latest.contains("\"value\":"), latest);

                // over TLS but without the token: the error line, closed, counted
                try (SSLSocket socket = tls(pki, pulse.relayPort)) {
                    BufferedReader in = reader(socket.getInputStream());
                    socket.getOutputStream().write("id intruder\n".getBytes(StandardCharsets.US_ASCII));
                    assertEquals("authenticate first with the 'auth' command", in.readLine());
                    assertNull(in.readLine(), "closed");
                }
                // with a wrong token
                try (SSLSocket socket = tls(pki, pulse.relayPort)) {
                    BufferedReader in = reader(socket.getInputStream());
                    socket.getOutputStream().write("auth guess\nid intruder\n".getBytes(StandardCharsets.US_ASCII));
                    assertEquals("invalid token", in.readLine());
                }
                // plain TCP to the TLS listener: never an "ok"
                try (Socket plain = new Socket("127.0.0.1", pulse.relayPort)) {
                    plain.setSoTimeout(10_000);
                    plain.getOutputStream().write(("auth " + RELAY_TOKEN + "\nid plain\n")
                        .getBytes(StandardCharsets.US_ASCII));
                    byte[] answer = plain.getInputStream().readNBytes(3);
                    assertFalse(new String(answer, StandardCharsets.US_ASCII).startsWith("ok"));
                }
                String metrics = pulse.awaitBody("/metrics", b -> b.contains("pulse_relays_auth_refused_total 2")
                    && b.contains("pulse_relays_tls_refused_total 1"), WAIT);
                assertTrue(metrics.contains("pulse_relays_accepted_total 1"), metrics);
                String relays = pulse.get("/relays").body();
                assertFalse(relays.contains("intruder") || relays.contains("\"plain\""), relays);
                assertFalse(pulse.stderr().contains(RELAY_TOKEN), "the relay token is never logged");
                assertTrue(relay.isAlive(), Files.readString(dir.resolve("relay.txt")));
            } finally {
                relay.destroy();
                relay.waitFor(30, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void withSecurityOffAnOriginalProtocolRelayWorksAsBefore(@TempDir Path dir) throws Exception {
        try (PulseProcess pulse = PulseProcess.startServer(dir.resolve("data"), "-p", "1")) {
            try (Socket socket = new Socket("127.0.0.1", pulse.relayPort)) {
                socket.setSoTimeout(10_000);
                BufferedReader in = reader(socket.getInputStream());
                socket.getOutputStream().write("id raw\nping\n".getBytes(StandardCharsets.US_ASCII));
                assertEquals("ok", in.readLine());
                assertEquals("beat 30", in.readLine());
                assertEquals("pong", in.readLine());
            }
            try (RawCpuRelay relay = RawCpuRelay.connect(pulse.relayPort, "original", "0.5")) {
                String latest = pulse.awaitBody("/latest/cpu_used?host=original", b -> b.contains("value"), WAIT);
                assertTrue(latest.contains("\"value\":0.5"), latest);
            }
            assertTrue(pulse.get("/metrics").body().contains("pulse_relays_auth_refused_total 0"));
        }
    }

    private static BufferedReader reader(InputStream in) {
        return new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII));
    }

    private static SSLSocket tls(Pki pki, int port) throws Exception {
        SSLSocket socket = (SSLSocket) pki.clientContext().getSocketFactory().createSocket("127.0.0.1", port);
        socket.setSoTimeout(10_000);
        socket.startHandshake();
        return socket;
    }

    /**
     * A test CA and a server certificate it signed for 127.0.0.1, made with the test JDK's keytool, written as the
     * PEM files an operator would give: the chain (server, then CA), the PKCS#8 key, and the CA for relays.
     */
    private record Pki(Path chain, Path key, Path caPem) {

        static Pki create(Path dir) throws Exception {
            Path ca = dir.resolve("ca.p12");
            Path server = dir.resolve("server.p12");
            Path caPem = dir.resolve("ca.pem");
            keytool("-genkeypair", "-alias", "ca", "-keyalg", "EC", "-groupname", "secp256r1", "-dname",
                "CN=Pulse Test CA", "-ext", "bc:c", "-validity", "2", "-keystore", ca.toString());
            keytool("-exportcert", "-alias", "ca", "-rfc", "-file", caPem.toString(), "-keystore", ca.toString());
            keytool("-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1", "-dname",
                "CN=localhost", "-validity", "2", "-keystore", server.toString());
            Path csr = dir.resolve("server.csr");
            Path cer = dir.resolve("server.cer");
            keytool("-certreq", "-alias", "server", "-file", csr.toString(), "-keystore", server.toString());
            keytool("-gencert", "-alias", "ca", "-infile", csr.toString(), "-outfile", cer.toString(), "-rfc",
                "-ext", "san=ip:127.0.0.1,dns:localhost", "-validity", "2", "-keystore", ca.toString());
            keytool("-importcert", "-alias", "ca", "-file", caPem.toString(), "-noprompt", "-keystore",
                server.toString());
            keytool("-importcert", "-alias", "server", "-file", cer.toString(), "-keystore", server.toString());
            KeyStore store = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(server)) {
                store.load(in, PASS.toCharArray());
            }
            PrivateKey key = (PrivateKey) store.getKey("server", PASS.toCharArray());
            StringBuilder chain = new StringBuilder();
            for (Certificate certificate : store.getCertificateChain("server")) {
                chain.append(pem("CERTIFICATE", certificate.getEncoded()));
            }
            return new Pki(Files.writeString(dir.resolve("chain.pem"), chain),
                Files.writeString(dir.resolve("key.pem"), pem("PRIVATE KEY", key.getEncoded())), caPem);
        }

        SSLContext clientContext() throws Exception {
            KeyStore trusted = KeyStore.getInstance("PKCS12");
            trusted.load(null, null);
            try (InputStream in = Files.newInputStream(caPem)) {
                trusted.setCertificateEntry("ca", java.security.cert.CertificateFactory.getInstance("X.509")
                    .generateCertificate(in));
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trusted);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, tmf.getTrustManagers(), null);
            return context;
        }

        private static String pem(String type, byte[] der) {
            return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(der) + "\n-----END " + type + "-----\n";
        }

        private static void keytool(String... args) throws Exception {
            List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "keytool").toString(), "-J-XX:TieredStopAtLevel=1"));
            command.addAll(List.of(args));
            command.addAll(List.of("-storetype", "PKCS12", "-storepass", PASS, "-keypass", PASS));
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IOException("keytool " + String.join(" ", args) + " failed: " + output);
            }
        }
    }
}
