package io.pulse.api.http;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * Test PEM pairs made by the JDK's own {@code keytool} (independent of the plugin's certificate code), exported to
 * PEM files in a temporary directory; and SSL contexts that trust exactly one certificate.
 */
final class TestCertificates {

    private TestCertificates() {
    }

    /** A key pair and certificate for localhost/127.0.0.1 written as PEM files. */
    record PemPair(Path cert, Path key, X509Certificate certificate, PrivateKey privateKey) {
    }

    /**
     * Runs keytool to create a key pair of {@code algorithm} ({@code RSA} or {@code EC}) with a self-signed
     * certificate, then writes {@code cert.pem} (CERTIFICATE) and {@code key.pem} (PKCS#8 PRIVATE KEY).
     */
    static PemPair keytool(Path dir, String algorithm) throws Exception {
        Path store = dir.resolve(algorithm + ".p12");
        List<String> command = new java.util.ArrayList<>(List.of(
            Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
            "-J-XX:TieredStopAtLevel=1", // a short-lived JVM: C1 only starts much faster
            "-genkeypair", "-alias", "pulse", "-keyalg", algorithm,
            "-dname", "CN=localhost", "-ext", "san=ip:127.0.0.1,dns:localhost", "-validity", "2",
            "-storetype", "PKCS12", "-keystore", store.toString(), "-storepass", "changeit", "-keypass", "changeit"));
        if (algorithm.equals("EC")) {
            command.addAll(List.of("-groupname", "secp256r1"));
        } else {
            command.addAll(List.of("-keysize", "2048"));
        }
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("keytool failed: " + output);
        }
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            ks.load(in, "changeit".toCharArray());
        }
        PrivateKey key = (PrivateKey) ks.getKey("pulse", "changeit".toCharArray());
        X509Certificate cert = (X509Certificate) ks.getCertificate("pulse");
        Path certFile = dir.resolve(algorithm + "-cert.pem");
        Path keyFile = dir.resolve(algorithm + "-key.pem");
        Files.writeString(certFile, pem("CERTIFICATE", cert.getEncoded()));
        Files.writeString(keyFile, pem("PRIVATE KEY", key.getEncoded()));
        return new PemPair(certFile, keyFile, cert, key);
    }

    static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
            .encodeToString(der) + "\n-----END " + type + "-----\n";
    }

    /** A client context trusting exactly {@code certificate}. */
    static SSLContext trusting(X509Certificate certificate) throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setCertificateEntry("server", certificate);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ks);
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(null, tmf.getTrustManagers(), null);
        return ssl;
    }

    /** A client context that records the server's chain without checking it (to learn a self-signed cert). */
    static SSLContext recording(X509Certificate[][] seen) throws Exception {
        X509TrustManager recorder = new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {
                throw new UnsupportedOperationException();
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) {
                seen[0] = chain;
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        };
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(null, new javax.net.ssl.TrustManager[] {recorder}, null);
        return ssl;
    }
}
