package io.pulse.spi.tls;

import io.pulse.spi.Api;

import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * A server's private key and its certificate chain (leaf first), as read by {@link PemFiles}.
 *
 * @param key   the private key of the leaf certificate
 * @param chain the certificate chain, leaf first, never empty
 */
@Api(Api.Stability.EXPERIMENTAL)
public record TlsMaterial(PrivateKey key, List<X509Certificate> chain) {

    /**
     * Checks and copies the parts.
     *
     * @throws IllegalArgumentException when the chain is empty
     */
    public TlsMaterial {
        Objects.requireNonNull(key, "key");
        chain = List.copyOf(chain);
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("a certificate chain needs at least one certificate");
        }
    }

    /** {@return the leaf (server) certificate} */
    public X509Certificate leaf() {
        return chain.get(0);
    }

    /** {@return the SHA-256 fingerprint of the leaf certificate, as {@code AB:CD:...}, for logs and pinning} */
    public String fingerprint() {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(leaf().getEncoded());
            return HexFormat.ofDelimiter(":").withUpperCase().formatHex(digest);
        } catch (NoSuchAlgorithmException | CertificateEncodingException e) {
            throw new IllegalStateException("cannot fingerprint the certificate", e);
        }
    }

    /**
     * A server-side TLS context presenting this key and chain (no client certificates). Restrict what its sockets
     * accept with {@link ModernTls#restrict(javax.net.ssl.SSLParameters)}.
     *
     * @return a new, initialised context
     * @throws GeneralSecurityException when the JDK cannot use the key (e.g. an unsupported algorithm)
     */
    public SSLContext serverContext() throws GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try {
            store.load(null, null);
        } catch (java.io.IOException e) {
            throw new GeneralSecurityException("cannot create an empty key store", e);
        }
        char[] password = new char[0];
        store.setKeyEntry("server", key, password, chain.toArray(new X509Certificate[0]));
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(store, password);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys.getKeyManagers(), null, null);
        return context;
    }
}
