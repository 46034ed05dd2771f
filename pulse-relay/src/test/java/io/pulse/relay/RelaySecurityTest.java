package io.pulse.relay;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The relay's token and TLS against a real TLS server socket whose certificate a test CA signed (made with keytool
 * in the test): the relay verifies the certificate and the host name, and sends {@code auth} before {@code id}.
 */
class RelaySecurityTest {

    @TempDir
    static Path dir;
    static TestCa ca;
    static TestCa otherCa;
    static SSLContext goodServer;
    static SSLContext misnamedServer;

    private TlsServer server;

    @BeforeAll
    static void certificates() throws Exception {
        ca = TestCa.create(dir, "test-ca");
        otherCa = TestCa.create(dir, "other-ca");
        goodServer = ca.server("good", "ip:127.0.0.1,dns:localhost");
        misnamedServer = ca.server("misnamed", "dns:pulse.example.org");
    }

    @AfterEach
    void stop() throws IOException {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void overTlsTheRelaySendsAuthThenIdAndConnects() throws Exception {
        server = TlsServer.start(goodServer, "s3cret");
        try (Relay relay = Relay.builder("127.0.0.1:" + server.port(), "r1").token("s3cret").tls(ca.caPem)
                .connect()) {
            assertTrue(relay.isConnected());
            assertEquals(List.of("auth s3cret", "id r1"), server.lines(2));
            String protocol = server.protocol();
            assertTrue(protocol.equals("TLSv1.3") || protocol.equals("TLSv1.2"), protocol);
        }
    }

    @Test
    void localhostMatchesTheDnsName() throws Exception {
        server = TlsServer.start(goodServer, null);
        try (Relay relay = Relay.builder("localhost:" + server.port(), "r2").tls(ca.caPem).connect()) {
            assertTrue(relay.isConnected());
            assertEquals(List.of("id r2"), server.lines(1));
        }
    }

    @Test
    void aCertificateFromAnotherCaIsRefused() throws Exception {
        server = TlsServer.start(goodServer, null);
        assertThrows(SSLHandshakeException.class,
                () -> Relay.builder("127.0.0.1:" + server.port(), "r1").tls(otherCa.caPem).connect());
    }

    @Test
    void theSystemTrustStoreDoesNotKnowTheTestCa() throws Exception {
        server = TlsServer.start(goodServer, null);
        assertThrows(SSLHandshakeException.class,
                () -> Relay.builder("127.0.0.1:" + server.port(), "r1").tls().connect());
    }

    @Test
    void aCertificateForAnotherHostIsRefused() throws Exception {
        server = TlsServer.start(misnamedServer, null);
        SSLHandshakeException e = assertThrows(SSLHandshakeException.class,
                () -> Relay.builder("127.0.0.1:" + server.port(), "r1").tls(ca.caPem).connect());
        assertTrue(String.valueOf(e.getMessage()).contains("127.0.0.1") || e.getCause() != null, e.toString());
    }

    @Test
    void aWrongTokenFailsWithTheServersAnswer() throws Exception {
        server = TlsServer.start(goodServer, "right");
        UnableToIdentifyException e = assertThrows(UnableToIdentifyException.class,
                () -> Relay.builder("127.0.0.1:" + server.port(), "r1").token("wrong").tls(ca.caPem).connect());
        assertEquals("invalid token", e.serverReply());
        assertEquals(List.of("auth wrong"), server.lines(1));
    }

    @Test
    void aPlainRelayGetsNoFurtherThanTheHandshake() throws Exception {
        server = TlsServer.start(goodServer, null);
        assertThrows(IOException.class, () -> Relay.builder("127.0.0.1:" + server.port(), "r1")
                .connectTimeout(Duration.ofSeconds(2)).connect());
        assertEquals(List.of(), server.lines(0));
    }

    @Test
    void aCaFileWithoutCertificatesIsRefusedAtOnce() throws Exception {
        Path empty = Files.writeString(dir.resolve("empty.pem"), "nothing\n");
        assertThrows(IOException.class, () -> Relay.builder("127.0.0.1:1", "r1").tls(empty));
        assertThrows(IllegalArgumentException.class, () -> Relay.builder("127.0.0.1:1", "r1").token("a\nb"));
    }

    /**
     * A TLS server speaking just the handshake of a Pulse server with a relay token: {@code auth} (when a token is
     * set) answered {@code ok} or {@code invalid token}, then {@code id} answered {@code ok} and {@code beat 30}.
     */
    static final class TlsServer implements AutoCloseable {
        private final SSLServerSocket listener;
        private final String token;
        private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        private final BlockingQueue<String> protocols = new LinkedBlockingQueue<>();
        private final List<Socket> accepted = new java.util.concurrent.CopyOnWriteArrayList<>();

        private TlsServer(SSLServerSocket listener, String token) {
            this.listener = listener;
            this.token = token;
        }

        static TlsServer start(SSLContext context, String token) throws IOException {
            SSLServerSocket listener = (SSLServerSocket) context.getServerSocketFactory()
                    .createServerSocket(0, 50, InetAddress.getLoopbackAddress());
            TlsServer server = new TlsServer(listener, token);
            Thread.ofVirtual().start(server::acceptLoop);
            return server;
        }

        int port() {
            return listener.getLocalPort();
        }

        private void acceptLoop() {
            while (!listener.isClosed()) {
                try {
                    Socket socket = listener.accept();
                    accepted.add(socket);
                    Thread.ofVirtual().start(() -> serve((SSLSocket) socket));
                } catch (IOException e) {
                    return;
                }
            }
        }

        private void serve(SSLSocket socket) {
            try {
                socket.setSoTimeout(10_000);
                socket.startHandshake();
                protocols.add(socket.getSession().getProtocol());
                BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                        StandardCharsets.UTF_8));
                OutputStream out = socket.getOutputStream();
                if (token != null) {
                    String auth = in.readLine();
                    lines.add(auth);
                    if (!("auth " + token).equals(auth)) {
                        out.write("invalid token\n".getBytes(StandardCharsets.UTF_8));
                        out.flush();
                        socket.close();
                        return;
                    }
                    out.write("ok\n".getBytes(StandardCharsets.UTF_8));
                    out.flush();
                }
                lines.add(in.readLine());
                out.write("ok\nbeat 30\n".getBytes(StandardCharsets.UTF_8));
                out.flush();
                while (in.readLine() != null) {
                    // keep the session open until the relay leaves
                }
            } catch (IOException e) {
                // handshake refused or connection closed: what the failure tests provoke
            }
        }

        /** The first {@code n} lines relays sent, waiting up to 5 s for each; then checks that no more came. */
        List<String> lines(int n) throws InterruptedException {
            List<String> got = new java.util.ArrayList<>();
            for (int i = 0; i < n; i++) {
                String line = lines.poll(5, TimeUnit.SECONDS);
                if (line == null) {
                    break;
                }
                got.add(line);
            }
            return got;
        }

        String protocol() throws InterruptedException {
            return protocols.poll(5, TimeUnit.SECONDS);
        }

        @Override
        public void close() throws IOException {
            listener.close();
            for (Socket socket : accepted) {
                socket.close();
            }
        }
    }
}
