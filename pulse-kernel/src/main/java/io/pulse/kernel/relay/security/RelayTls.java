package io.pulse.kernel.relay.security;

import io.pulse.spi.tls.ModernTls;
import io.pulse.spi.tls.TlsMaterial;

import java.io.IOException;
import java.net.ServerSocket;
import java.security.GeneralSecurityException;
import java.util.Objects;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;

/**
 * TLS on the relay listener with the operator's key and certificate chain ({@code --relay-tls-cert},
 * {@code --relay-tls-key}): TLS 1.2 and 1.3 with forward-secret AEAD suites only ({@link ModernTls}); relays are
 * not asked for certificates (they prove themselves with the relay token). Immutable and thread-safe.
 */
public final class RelayTls {

    private final TlsMaterial material;
    private final SSLContext context;

    private RelayTls(TlsMaterial material, SSLContext context) {
        this.material = material;
        this.context = context;
    }

    /**
     * @throws GeneralSecurityException when the JDK cannot use the key
     */
    public static RelayTls of(TlsMaterial material) throws GeneralSecurityException {
        Objects.requireNonNull(material, "material");
        return new RelayTls(material, material.serverContext());
    }

    /** An unbound listening socket whose connections speak TLS under this policy; the handshake runs on first use. */
    public ServerSocket newServerSocket() throws IOException {
        SSLServerSocket socket = (SSLServerSocket) context.getServerSocketFactory().createServerSocket();
        socket.setSSLParameters(ModernTls.restrict(context.getDefaultSSLParameters()));
        socket.setNeedClientAuth(false);
        return socket;
    }

    /** The SHA-256 fingerprint of the served certificate, for the log. */
    public String fingerprint() {
        return material.fingerprint();
    }
}
