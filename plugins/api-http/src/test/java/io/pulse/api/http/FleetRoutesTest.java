package io.pulse.api.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pulse.spi.ConfigException;
import io.pulse.spi.Health;
import io.pulse.spi.frontend.ComponentHealth;
import io.pulse.spi.frontend.RelayInfo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Servers with peers ({@code --peers}), three real HTTP servers on loopback (the kernel is the test double
 * {@link FakeServer}): the fleet-wide relay list, forwarded flushes and overrides, an unreachable peer, and the
 * refusal of the built-in alerts.
 */
class FleetRoutesTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");

    private final List<ApiServer> started = new ArrayList<>();

    @AfterEach
    void stop() {
        started.forEach(ApiServer::close);
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** Three servers listing one another (each itself too, as one config for the whole fleet would). */
    private List<FakeServer> fleet(String peersExtra) throws Exception {
        int[] ports = {freePort(), freePort(), freePort()};
        String peers = "http://127.0.0.1:" + ports[0] + ",http://127.0.0.1:" + ports[1] + ",http://127.0.0.1:"
            + ports[2] + peersExtra;
        List<FakeServer> servers = new ArrayList<>();
        for (int port : ports) {
            FakeServer server = new FakeServer(new RecordingStorage());
            servers.add(server);
            started.add(ApiServer.start(server, Map.of("listen-address", "127.0.0.1:" + port, "peers", peers,
                "peer-timeout", "1s"), java.time.Clock.systemUTC()));
        }
        return servers;
    }

    private static RelayInfo relay(String id) {
        return new RelayInfo(id, "10.0.0.1:4000", T0, List.of(), null, null);
    }

    @Test
    void theFleetScopeListsEveryServersRelaysWithTheirServerFromAnyServer() throws Exception {
        List<FakeServer> servers = fleet("");
        servers.get(0).relays.add(relay("web1"));
        servers.get(1).relays.add(relay("web2"));
        servers.get(1).relays.add(relay("db1"));
        for (ApiServer api : started) {
            JsonNode answer = JSON.readTree(api.get("/relays?scope=fleet").body());
            List<String> listed = new ArrayList<>();
            answer.get("relays").forEach(r -> listed.add(r.get("id").asText() + "@" + r.get("server").asText()));
            assertEquals(List.of("db1@http://127.0.0.1:" + started.get(1).frontEnd.port(),
                "web1@http://127.0.0.1:" + started.get(0).frontEnd.port(),
                "web2@http://127.0.0.1:" + started.get(1).frontEnd.port()), listed);
            assertEquals(3, answer.get("servers").size());
            answer.get("servers").forEach(s -> assertTrue(s.get("reachable").asBoolean(), s.toString()));
            assertEquals("http://127.0.0.1:" + api.frontEnd.port(), answer.get("servers").get(0).get("server").asText());
            assertTrue(answer.get("servers").get(0).get("self").asBoolean());
            // The local scope is unchanged: this server's relays only, a plain list.
            assertTrue(JSON.readTree(api.get("/relays").body()).isArray());
        }
        assertEquals(400, started.get(0).get("/relays?scope=world").status());
    }

    @Test
    void anUnreachablePeerIsReportedNotAnError() throws Exception {
        int dead = freePort();
        List<FakeServer> servers = fleet(",http://127.0.0.1:" + dead);
        servers.get(2).relays.add(relay("web3"));
        Http.Response r = started.get(0).get("/relays?scope=fleet");
        assertEquals(200, r.status(), r.body());
        JsonNode answer = JSON.readTree(r.body());
        assertEquals(1, answer.get("relays").size());
        JsonNode last = answer.get("servers").get(3);
        assertEquals("http://127.0.0.1:" + dead, last.get("server").asText());
        assertFalse(last.get("reachable").asBoolean());
        assertEquals("connection refused", last.get("error").asText());
    }

    @Test
    void aFlushForARelayOnAnotherServerIsForwardedToIt() throws Exception {
        List<FakeServer> servers = fleet("");
        servers.get(2).relays.add(relay("web 3"));
        Http.Response r = started.get(0).send("POST", "/relays/web%203/flush", null);
        assertEquals(200, r.status(), r.body());
        assertEquals(List.of("web 3"), servers.get(2).flushed);
        assertTrue(servers.get(0).flushed.isEmpty() && servers.get(1).flushed.isEmpty());

        Http.Response unknown = started.get(1).send("POST", "/relays/nobody/flush", null);
        assertEquals(404, unknown.status());
        assertEquals("{\"error\":\"no relay with id 'nobody' is connected to any server of the fleet\"}\n",
            unknown.body());
    }

    @Test
    void anOverrideReachesEveryServerOnce() throws Exception {
        List<FakeServer> servers = fleet("");
        Http.Response r = started.get(1).send("POST", "/overrides", "{\"duration\":\"10m\",\"collectors\":{\"cpu_used\":5}}");
        assertEquals(200, r.status(), r.body());
        for (FakeServer server : servers) {
            assertEquals(1, server.overrides.size()); // forwarded ones are not forwarded again
            assertEquals(Map.of("cpu_used", java.time.Duration.ofSeconds(5)), server.overrides.get(0).collectors());
        }
        JsonNode answer = JSON.readTree(r.body());
        assertEquals(5, answer.get("collectors").get("cpu_used").asInt());
        assertEquals(3, answer.get("servers").size());
        answer.get("servers").forEach(s -> assertTrue(s.get("applied").asBoolean(), s.toString()));
    }

    @Test
    void theBuiltinAlertsAreRefusedWithPeersButNotWithout() throws Exception {
        FakeServer server = new FakeServer(new RecordingStorage());
        server.health = List.of(new ComponentHealth("alerts", "builtin", Health.up("evaluating")));
        ConfigException e = assertThrows(ConfigException.class, () -> ApiServer.start(server,
            Map.of("peers", "http://127.0.0.1:1"), java.time.Clock.systemUTC()));
        assertTrue(e.getMessage().startsWith("--peers cannot be combined with the built-in alerts"), e.getMessage());
        started.add(ApiServer.start(server)); // alone, the built-in alerts are fine
        server.health = List.of(new ComponentHealth("alerts", "kapacitor", Health.up("ok")));
        started.add(ApiServer.start(server, Map.of("peers", "http://127.0.0.1:1"), java.time.Clock.systemUTC()));
    }

    @Test
    void peersMustBeBaseUrls() {
        for (String bad : List.of("ftp://a:1", "http://a:1/api", "a:8080", "http://a:1?x=1")) {
            assertThrows(ConfigException.class, () -> ApiServer.create(new FakeServer(new RecordingStorage()),
                Map.of("peers", bad), java.time.Clock.systemUTC()), bad);
        }
    }
}
