package io.pulse.storage.influxdb;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.util.Base64;
import java.util.concurrent.TimeUnit;

/**
 * A self-signed certificate for {@code 127.0.0.1} made with the JDK's {@code keytool} (EC P-256, valid two days),
 * written as the PEM files influxd's {@code https-certificate} / {@code https-private-key} take, and a TLS context
 * that trusts exactly it.
 *
 * @param certificate the certificate, PEM
 * @param privateKey  its private key, PEM (PKCS#8)
 * @param context     a client TLS context trusting only this certificate
 */
public record SelfSignedTls(Path certificate, Path privateKey, SSLContext context) {

    private static final String ALIAS = "influxd";
    private static final char[] PASSWORD = "pulse-test".toCharArray();

    /** Makes the certificate and key in {@code dir}. */
    public static SelfSignedTls create(Path dir) {
        try {
            Path store = dir.resolve("tls.p12");
            Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
            Process process = new ProcessBuilder(keytool.toString(), "-genkeypair", "-alias", ALIAS,
                "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "2", "-dname", "CN=127.0.0.1",
                "-ext", "san=ip:127.0.0.1", "-keystore", store.toString(), "-storetype", "PKCS12",
                "-storepass", new String(PASSWORD), "-keypass", new String(PASSWORD))
                .redirectErrorStream(true)
                .start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException("keytool failed: " + output);
            }
            KeyStore keys = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(store)) {
                keys.load(in, PASSWORD);
            }
            Certificate certificate = keys.getCertificate(ALIAS);
            PrivateKey key = (PrivateKey) keys.getKey(ALIAS, PASSWORD);
            Path certificatePem = Files.writeString(dir.resolve("tls-cert.pem"), pem("CERTIFICATE", certificate.getEncoded()));
            Path keyPem = Files.writeString(dir.resolve("tls-key.pem"), pem("PRIVATE KEY", key.getEncoded()));

            KeyStore trusted = KeyStore.getInstance("PKCS12");
            trusted.load(null, null);
            trusted.setCertificateEntry(ALIAS, certificate);
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(trusted);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return new SelfSignedTls(certificatePem, keyPem, context);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
            + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
            + "\n-----END " + type + "-----\n";
    }
}
