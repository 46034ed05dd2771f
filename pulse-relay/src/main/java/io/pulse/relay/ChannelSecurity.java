package io.pulse.relay;

import io.pulse.protocol.AuthLine;
import io.pulse.protocol.Commands;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

/**
 * How a relay secures its connection to a server that asks for it (Pulse's {@code --relay-token} and relay TLS;
 * see {@code docs/security.md}): TLS 1.2 or 1.3 with the server's certificate verified against the trusted
 * certificates and its host name checked, then {@code auth <token>} answered {@code ok} before {@code id}. With
 * neither, the connection is the original protocol's plain TCP. Immutable; {@link #toString()} never shows the
 * token.
 *
 * @param token the relay token, or null for none
 * @param tls   the TLS context whose trust managers verify the server, or null for plain TCP
 */
record ChannelSecurity(String token, SSLContext tls) {

    /** The protocols offered, newest first. */
    private static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};

    static final ChannelSecurity NONE = new ChannelSecurity(null, null);

    ChannelSecurity {
        if (token != null) {
            token = new AuthLine(token).token(); // the protocol's rule: not empty, no line break
        }
    }

    ChannelSecurity withToken(String newToken) {
        return new ChannelSecurity(newToken, tls);
    }

    ChannelSecurity withTls(SSLContext context) {
        return new ChannelSecurity(token, context);
    }

    /** A TLS context trusting the JDK's default trust store (the system's CAs). */
    static SSLContext systemTrust() {
        try {
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init((KeyStore) null);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK's default trust store cannot be used: " + e.getMessage(), e);
        }
    }

    /**
     * A TLS context trusting exactly the certificates in a PEM file (one or more {@code BEGIN CERTIFICATE} blocks:
     * the CA that signed the server's certificate, or the server's self-signed certificate itself).
     *
     * @throws IOException when the file cannot be read or holds no certificate
     */
    static SSLContext trusting(Path pemFile) throws IOException {
        Collection<? extends Certificate> certificates;
        try (InputStream in = Files.newInputStream(pemFile)) {
            certificates = CertificateFactory.getInstance("X.509").generateCertificates(in);
        } catch (CertificateException e) {
            throw new IOException(pemFile + " is not a PEM certificate file: " + e.getMessage(), e);
        }
        if (certificates.isEmpty()) {
            throw new IOException("no certificate in " + pemFile + " (expected -----BEGIN CERTIFICATE----- blocks)");
        }
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            List<Certificate> list = new ArrayList<>(certificates);
            for (int i = 0; i < list.size(); i++) {
                store.setCertificateEntry("trusted-" + i, list.get(i));
            }
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(store);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot trust the certificates in " + pemFile + ": " + e.getMessage(), e);
        }
    }

    /**
     * Layers TLS over a connected socket and completes the handshake within {@code timeoutMillis} (with TLS off,
     * returns the socket itself). The server's certificate must chain to a trusted one and name {@code server}'s
     * host (DNS name or IP address), as HTTPS checks it.
     *
     * @throws IOException when the handshake fails (untrusted or misnamed certificate, a server without TLS)
     */
    Socket secure(Socket plain, ServerAddress server, int timeoutMillis) throws IOException {
        if (tls == null) {
            return plain;
        }
        SSLSocket socket = (SSLSocket) tls.getSocketFactory().createSocket(plain, server.host(), server.port(), true);
        SSLParameters parameters = socket.getSSLParameters();
        parameters.setProtocols(PROTOCOLS);
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        if (!isIpLiteral(server.host())) {
            parameters.setServerNames(List.of(new SNIHostName(server.host())));
        }
        socket.setSSLParameters(parameters);
        socket.setSoTimeout(timeoutMillis);
        socket.startHandshake();
        return socket;
    }

    /**
     * Sends {@code auth <token>} and requires {@code ok} (with no token, does nothing).
     *
     * @throws UnableToIdentifyException when the server answers anything else (e.g. {@code invalid token}, or an
     *                                    original server's {@code identify first with the 'id' command})
     */
    void authenticate(LineConnection connection, Duration timeout) throws IOException {
        if (token == null) {
            return;
        }
        connection.writeLine(new AuthLine(token).line());
        connection.readTimeout(timeout);
        String answer;
        try {
            answer = connection.readLine();
        } catch (SocketTimeoutException e) {
            throw new UnableToIdentifyException(null, "no answer to 'auth' within " + timeout, e);
        }
        if (answer == null) {
            throw new UnableToIdentifyException(null, "the server closed the connection without answering 'auth'",
                    null);
        }
        if (!answer.equals(Commands.OK)) {
            throw new UnableToIdentifyException(answer, "the server answered \"" + answer + "\" to 'auth' instead of"
                    + " \"ok\"", null);
        }
    }

    private static boolean isIpLiteral(String host) {
        return host.indexOf(':') >= 0 || host.matches("\\d{1,3}(\\.\\d{1,3}){3}");
    }

    @Override
    public String toString() {
        return "ChannelSecurity[token=" + (token == null ? "none" : "****") + ", tls=" + (tls != null) + "]";
    }
}
