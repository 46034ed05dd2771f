package io.pulse.kernel.relay;

import io.pulse.kernel.config.RelaySecurityOptions;
import io.pulse.kernel.ingest.IngestionPipeline;
import io.pulse.kernel.ingest.IngestionSettings;
import io.pulse.kernel.metrics.Metrics;
import io.pulse.kernel.relay.security.RelayIdAllowList;
import io.pulse.kernel.relay.security.RelaySecurity;
import io.pulse.kernel.relay.security.RelayTls;
import io.pulse.kernel.relay.security.RelayToken;
import io.pulse.kernel.testing.Await;
import io.pulse.kernel.testing.PemPair;
import io.pulse.kernel.testing.RawRelay;
import io.pulse.kernel.testing.RecordingStorage;
import io.pulse.spi.ConfigException;
import io.pulse.spi.option.OptionValues;
import io.pulse.spi.stats.Sample;
import io.pulse.spi.stats.Tags;
import io.pulse.spi.tls.PemFiles;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLSocket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The relay channel's security against a real server on real sockets (plain and TLS): the token, the id allow-list
 * and TLS each let the right relay in (registered and polled all the way to a storage write) and keep the wrong one
 * out (error line, closed, never registered, counted).
 */
class RelaySecurityTest {

    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final String TOKEN = "s3cret-relay-token";

    @TempDir
    static Path dir;
    static PemPair pair;

    private final Metrics metrics = new Metrics();
    private final RecordingStorage storage = new RecordingStorage();
    private IngestionPipeline pipeline;
    private RelayServer server;

    @BeforeAll
    static void certificate() throws Exception {
        pair = PemPair.create(dir, "relay");
    }

    private void start(RelaySecurity security) throws IOException {
        pipeline = new IngestionPipeline(storage, Map.of(), metrics,
                new IngestionSettings(1000, 1000, Duration.ofMillis(20), 100));
        pipeline.start();
        server = new RelayServer(new RelayServerSettings(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                Duration.ofSeconds(60), Duration.ofSeconds(4), RelayServerSettings.DEFAULT_MAX_LINE_LENGTH),
                security, pipeline::submit, metrics, Clock.systemUTC());
        server.start();
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
            pipeline.close();
        }
    }

    private static RelaySecurity token() {
        return new RelaySecurity(Optional.of(RelayToken.of(TOKEN)), RelayIdAllowList.any(), Optional.empty());
    }

    private static RelaySecurity tls(Optional<RelayToken> token) throws Exception {
        return new RelaySecurity(token, RelayIdAllowList.any(),
                Optional.of(RelayTls.of(PemFiles.load(pair.cert(), pair.key()))));
    }

    private long metric(String name) {
        Long value = metrics.snapshot().get(name);
        return value == null ? 0 : value;
    }

    /** Registers, is polled, and its answer reaches the storage. */
    private void pollsThrough(RawRelay relay, String id) throws Exception {
        relay.expect("ok");
        relay.expect("beat 4");
        relay.send("add c:k:v\n");
        relay.expect("get c");
        relay.send("got c-x:42\n");
        Sample sample = storage.awaitSamples(1, 5, TimeUnit.SECONDS).get(0);
        assertEquals(new Sample("x", Tags.of("host", id, "k", "v"), sample.timeMillis(), 42.0), sample);
        assertEquals(List.of(id), server.relays().stream().map(r -> r.id()).toList());
    }

    private void refused(RawRelay relay, String errorLine, String counter) throws Exception {
        relay.expect(errorLine);
        relay.expectClosed();
        assertTrue(server.relays().isEmpty(), "never registered");
        Await.until(counter + " counted", WAIT, () -> metric(counter) == 1);
        assertEquals(1, metric("relays.rejected"));
        assertEquals(0, metric("relays.accepted"));
    }

    @Test
    void theRightTokenIsAnsweredOkAndTheRelayIsRegisteredAndPolled() throws Exception {
        start(token());
        try (RawRelay relay = new RawRelay(server.boundAddress())) {
            relay.send("auth " + TOKEN + "\n");
            relay.expect("ok");
            relay.send("id r1\n");
            pollsThrough(relay, "r1");
        }
        assertEquals(0, metric("relays.auth_refused"));
    }

    @Test
    void aRelayWithoutTheTokenIsRefusedAndCounted() throws Exception {
        start(token());
        try (RawRelay relay = new RawRelay(server.boundAddress())) {
            relay.send("id r1\n");
            refused(relay, "authenticate first with the 'auth' command", "relays.auth_refused");
        }
    }

    @Test
    void aWrongTokenIsRefusedAndCounted() throws Exception {
        start(token());
        try (RawRelay relay = new RawRelay(server.boundAddress())) {
            // a prefix of the token, and then more: neither may pass
            relay.send("auth " + TOKEN.substring(0, 5) + "\nid r1\n");
            refused(relay, "invalid token", "relays.auth_refused");
        }
        try (RawRelay relay = new RawRelay(server.boundAddress())) {
            relay.send("auth " + TOKEN + "x\n");
            relay.expect("invalid token");
            relay.expectClosed();
        }
        assertEquals(2, metric("relays.auth_refused"));
        assertTrue(server.relays().isEmpty());
    }

    @Test
    void withoutATokenConfiguredAuthIsNotACommandAndTheOriginalProtocolHolds() throws Exception {
        start(RelaySecurity.none());
        try (RawRelay relay = new RawRelay(server.boundAddress())) {
            relay.send("auth " + TOKEN + "\n");
            relay.expect("identify first with the 'id' command");
            relay.expectClosed();
        }
        try (RawRelay relay = new RawRelay(server.boundAddress())) {
            relay.send("id plain\n");
            pollsThrough(relay, "plain");
        }
        assertEquals(0, metric("relays.auth_refused"));
    }

    @Test
    void onlyIdsOnTheAllowListRegister() throws Exception {
        start(new RelaySecurity(Optional.empty(), RelayIdAllowList.parse("web-*, db?"), Optional.empty()));
        try (RawRelay relay = new RawRelay(server.boundAddress())) {
            relay.send("id cache-1\n");
            refused(relay, "relay id not allowed", "relays.id_refused");
        }
        try (RawRelay relay = new RawRelay(server.boundAddress())) {
            relay.send("id web-eu-1\n");
            pollsThrough(relay, "web-eu-1");
        }
        assertEquals(1, metric("relays.id_refused"));
    }

    /**
     * Over TLS (a reader thread and a writer thread per relay), as on the event loop (RelayManyRepliesTest): more
     * {@code ping}s in one packet than a relay may have lines pending are all answered, and the relay, which reads,
     * is not dropped as stalled.
     */
    @Test
    void overTlsARelayAskingForManyRepliesInOnePacketIsAnsweredAndNotStalled() throws Exception {
        start(tls(Optional.of(RelayToken.of(TOKEN))));
        InetSocketAddress address = server.boundAddress();
        SSLSocket socket = (SSLSocket) pair.trustingClient().getSocketFactory()
                .createSocket(address.getAddress(), address.getPort());
        int pings = 4 * OutboundLines.CAPACITY;
        try (RawRelay relay = new RawRelay(socket)) {
            relay.send("auth " + TOKEN + "\nid chatty\n");
            relay.expect("ok");  // auth
            relay.expect("ok");  // id
            relay.expect("beat 4");
            relay.send("ping\n".repeat(pings));
            for (int i = 0; i < pings; i++) {
                assertEquals("pong", relay.readLine(), "pong " + (i + 1) + " of " + pings);
            }
            relay.send("ping\n");
            relay.expect("pong");
        }
        assertEquals(0, metric("relays.stalled"), "a relay that reads is not stalled");
    }

    @Test
    void overTlsARelayRegistersAndIsPolled() throws Exception {
        start(tls(Optional.of(RelayToken.of(TOKEN))));
        InetSocketAddress address = server.boundAddress();
        SSLSocket socket = (SSLSocket) pair.trustingClient().getSocketFactory()
                .createSocket(address.getAddress(), address.getPort());
        try (RawRelay relay = new RawRelay(socket)) {
            relay.send("auth " + TOKEN + "\nid secure\n");
            relay.expect("ok");
            pollsThrough(relay, "secure");
            assertTrue(List.of("TLSv1.3", "TLSv1.2").contains(socket.getSession().getProtocol()));
        }
        assertEquals(0, metric("relays.tls_refused"));
    }

    @Test
    void aPlaintextRelayOnTheTlsListenerIsNeverRegistered() throws Exception {
        start(tls(Optional.empty()));
        try (RawRelay relay = new RawRelay(server.boundAddress())) {
            relay.send("id plain\n");
            assertTrue(relay.closedWithin(WAIT), "closed");
        }
        // no line tells the client when the counters move: wait for both
        Await.until("TLS refusal counted", WAIT,
                () -> metric("relays.tls_refused") == 1 && metric("relays.rejected") == 1);
        assertTrue(server.relays().isEmpty());
        assertEquals(0, metric("relays.accepted"));
    }

    @Test
    void theTlsListenerRefusesOldProtocolsAndWeakSuites() throws Exception {
        start(tls(Optional.empty()));
        InetSocketAddress address = server.boundAddress();
        try (SSLSocket socket = (SSLSocket) pair.trustingClient().getSocketFactory()
                .createSocket(address.getAddress(), address.getPort())) {
            socket.setSoTimeout(5000);
            socket.setEnabledProtocols(new String[] {"TLSv1.1"});
            assertThrows(IOException.class, socket::startHandshake);
        }
        // TLS 1.2 with a CBC suite only: the JDK's defaults would take it, the listener's policy does not
        try (SSLSocket socket = (SSLSocket) pair.trustingClient().getSocketFactory()
                .createSocket(address.getAddress(), address.getPort())) {
            socket.setSoTimeout(5000);
            socket.setEnabledProtocols(new String[] {"TLSv1.2"});
            socket.setEnabledCipherSuites(new String[] {"TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256"});
            assertThrows(IOException.class, socket::startHandshake);
        }
        Await.until("TLS refusals counted", WAIT, () -> metric("relays.tls_refused") == 2);
    }

    @Test
    void tokensCompareWholeAndNeverShow() {
        RelayToken token = RelayToken.of(TOKEN);
        assertTrue(token.matches(TOKEN));
        assertFalse(token.matches(TOKEN + " "));
        assertFalse(token.matches(TOKEN.substring(1)));
        assertFalse(token.matches(""));
        assertFalse(token.matches(null));
        assertFalse(token.toString().contains(TOKEN));
        assertThrows(IllegalArgumentException.class, () -> RelayToken.of(" "));
    }

    @Test
    void allowListGlobs() {
        RelayIdAllowList list = RelayIdAllowList.parse("web-*,db?,exact.id,a+b");
        assertTrue(list.allows("web-"));
        assertTrue(list.allows("web-eu-1"));
        assertTrue(list.allows("db1"));
        assertFalse(list.allows("db12"));
        assertTrue(list.allows("exact.id"));
        assertFalse(list.allows("exactxid"), "dots are literal");
        assertTrue(list.allows("a+b"));
        assertFalse(list.allows("aab"), "regex characters are literal");
        assertFalse(list.allows("my-web-1"), "whole id");
        assertTrue(RelayIdAllowList.parse(" , ").allows("anything"));
        assertFalse(RelayIdAllowList.parse(" , ").restricts());
    }

    @Test
    void optionsAreCheckedNamingTheOption() throws Exception {
        ConfigException e = assertThrows(ConfigException.class, () -> RelaySecurityOptions.settings(
                OptionValues.parse("", RelaySecurityOptions.ALL, Map.of("relay-tls-cert", pair.cert().toString()))));
        assertTrue(e.getMessage().startsWith("relay-tls-key: missing"), e.getMessage());
        e = assertThrows(ConfigException.class, () -> RelaySecurityOptions.settings(
                OptionValues.parse("", RelaySecurityOptions.ALL, Map.of("relay-token", " "))));
        assertTrue(e.getMessage().startsWith("relay-token:"), e.getMessage());
        e = assertThrows(ConfigException.class, () -> RelaySecurityOptions.settings(OptionValues.parse("",
                RelaySecurityOptions.ALL, Map.of("relay-tls-cert", pair.key().toString(), "relay-tls-key",
                        pair.key().toString()))));
        assertTrue(e.getMessage().startsWith("relay-tls-cert:"), e.getMessage());
        RelaySecurity security = RelaySecurityOptions.settings(OptionValues.parse("", RelaySecurityOptions.ALL,
                Map.of("relay-token", TOKEN, "relay-allow-ids", "a*", "relay-tls-cert", pair.cert().toString(),
                        "relay-tls-key", pair.key().toString())));
        assertTrue(security.token().orElseThrow().matches(TOKEN));
        assertTrue(security.allowList().allows("abc"));
        assertTrue(security.tls().isPresent());
        assertFalse(security.describe().contains(TOKEN));
        assertFalse(RelaySecurityOptions.settings(OptionValues.parse("", RelaySecurityOptions.ALL, Map.of()))
                .enabled());
    }

}
