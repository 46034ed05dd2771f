package io.pulse.spi.tls;

import io.pulse.spi.Api;

import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLParameters;

/**
 * The TLS policy of every Pulse listener: protocols TLS 1.3 and TLS 1.2 only, and cipher suites that are
 * forward-secret (ephemeral key exchange) and authenticated-encryption (AES-GCM or ChaCha20-Poly1305) only; so no
 * SSLv3/TLS 1.0/1.1, no CBC, RC4, 3DES, NULL, export, anonymous or static-RSA suites, whatever the JDK's defaults.
 * Stateless.
 */
@Api(Api.Stability.EXPERIMENTAL)
public final class ModernTls {

    /** The protocols allowed, newest first. */
    public static final List<String> PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");

    private ModernTls() {
    }

    /**
     * Whether a cipher suite is acceptable: every TLS 1.3 suite (all are AEAD with ephemeral keys), and TLS 1.2
     * ECDHE or DHE suites with AES-GCM or ChaCha20-Poly1305.
     *
     * @param suite a JDK cipher suite name, e.g. {@code TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256}
     * @return true when the suite may be used
     */
    public static boolean isModern(String suite) {
        if (suite.startsWith("TLS_AES_") || suite.startsWith("TLS_CHACHA20_")) {
            return true; // TLS 1.3
        }
        boolean forwardSecret = suite.startsWith("TLS_ECDHE_") || suite.startsWith("TLS_DHE_");
        boolean aead = suite.contains("_GCM_") || suite.contains("_CHACHA20_POLY1305_");
        return forwardSecret && aead;
    }

    /**
     * The acceptable suites among those given, in their order.
     *
     * @param supported the suites a socket or context supports (e.g. {@code getSupportedCipherSuites()})
     * @return those for which {@link #isModern(String)} holds
     */
    public static List<String> cipherSuites(String[] supported) {
        List<String> modern = new ArrayList<>();
        for (String suite : supported) {
            if (isModern(suite)) {
                modern.add(suite);
            }
        }
        return modern;
    }

    /**
     * Restricts parameters to this policy: the {@link #PROTOCOLS} and the acceptable suites among those the
     * parameters list now (so pass a context's supported or default parameters).
     *
     * @param parameters the parameters to change, e.g. {@code context.getDefaultSSLParameters()}
     * @return the same parameters, changed
     */
    public static SSLParameters restrict(SSLParameters parameters) {
        parameters.setProtocols(PROTOCOLS.toArray(new String[0]));
        parameters.setCipherSuites(cipherSuites(parameters.getCipherSuites()).toArray(new String[0]));
        return parameters;
    }
}
