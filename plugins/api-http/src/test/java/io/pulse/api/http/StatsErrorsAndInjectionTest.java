package io.pulse.api.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.pulse.spi.storage.Aggregation;
import io.pulse.spi.storage.Fill;
import io.pulse.spi.storage.InvalidQueryException;
import io.pulse.spi.storage.LatestQuery;
import io.pulse.spi.storage.Point;
import io.pulse.spi.storage.RangeQuery;
import io.pulse.spi.storage.RawQuery;
import io.pulse.spi.storage.Source;
import io.pulse.spi.storage.StorageUnavailableException;
import io.pulse.spi.storage.TagFilter;
import io.pulse.storage.tck.SettableClock;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.pulse.api.http.AlertRoutesTest.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Bad parameters on the stat routes (each a 400 naming the parameter and what is accepted), storage failures, and
 * injection attempts: names are data, reach storage byte for byte, and come back intact. Queries are checked on a
 * recording storage double; the round trip on the real memory storage.
 */
class StatsErrorsAndInjectionTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final Instant NOW = Instant.parse("2026-03-02T10:07:30Z");
    static final String VERBS = Aggregation.ACCEPTED;

    static final RecordingStorage STORAGE = new RecordingStorage();
    @AutoClose
    static ApiServer api;

    @BeforeAll
    static void start() throws Exception {
        api = ApiServer.start(new FakeServer(STORAGE), Map.of(), new SettableClock(NOW));
    }

    @BeforeEach
    void reset() {
        STORAGE.queries.clear();
        STORAGE.failure = null;
        STORAGE.latest = Optional.of(new Point(NOW.toEpochMilli() - 30_000, 1));
        STORAGE.range = List.of(new Point(NOW.toEpochMilli() - 3_600_000, 1));
    }

    @Test
    void unknownVerbNamesTheAcceptedOnes() throws Exception {
        assertError(400, "verb: unknown verb 'avg': accepted are " + VERBS + " or none", api.get("/latest/cpu?verb=avg"));
        assertError(400, "verb: unknown verb 'avg': accepted are " + VERBS, api.get("/hourly/cpu?verb=avg"));
        assertError(400, "verb: unknown verb 'none': accepted are " + VERBS + " (none is accepted by /latest only)",
            api.get("/daily/cpu?verb=none"));
        assertError(400, "verb: unknown verb 'p0': accepted are " + VERBS, api.get("/hourly/cpu?verb=p0"));
        assertTrue(STORAGE.queries.isEmpty());
    }

    @Test
    void verbsReachStorageAsAggregations() throws Exception {
        api.get("/latest/cpu?verb=p95");
        assertEquals(Aggregation.percentile(95), STORAGE.last(LatestQuery.class).aggregation());
        api.get("/hourly/cpu?verb=Percentile_99.9");
        assertEquals(Aggregation.percentile(99.9), STORAGE.last(RangeQuery.class).aggregation());
        api.get("/daily/cpu?verb=");
        assertEquals(Aggregation.MEAN, STORAGE.last(RangeQuery.class).aggregation());
    }

    @Test
    void queriesCarryTheOriginalsWindowsAndBuckets() throws Exception {
        long now = NOW.toEpochMilli();
        api.get("/latest/cpu");
        LatestQuery latest = STORAGE.last(LatestQuery.class);
        assertEquals(new LatestQuery("cpu", Aggregation.MEAN, TagFilter.none(), Duration.ofSeconds(60), now), latest);
        assertEquals(now - 120_000, latest.fromMillis());

        api.get("/hourly/cpu?backfill=3");
        assertEquals(new RangeQuery("cpu", Aggregation.MEAN, TagFilter.none(), Source.AGGREGATED, now - 86_400_000L,
            now, Duration.ofHours(1), Fill.NONE), STORAGE.last(RangeQuery.class));

        api.get("/daily/cpu?start=2d&stop=1h");
        assertEquals(new RangeQuery("cpu", Aggregation.MEAN, TagFilter.none(), Source.AGGREGATED, now - 2 * 86_400_000L,
            now - 3_600_000L, Duration.ofMinutes(15), Fill.NONE), STORAGE.last(RangeQuery.class));

        api.get("/latest/cpu?verb=none&host=a&host=b&host=c&service=x&service=y");
        RawQuery raw = STORAGE.last(RawQuery.class);
        assertEquals(List.of("host", "service"), raw.columns());
        assertEquals(3, raw.limit());
        assertEquals(now - 120_000, raw.fromMillis());
        assertEquals(now, raw.toMillis());
    }

    @Test
    void badDurationsNameTheParameter() throws Exception {
        assertError(400, "start: expected a duration like 30s, 5m, 1h or 7d (units ns, u, ms, s, m, h, d, w), got 'abc'",
            api.get("/hourly/cpu?start=abc"));
        assertError(400, "stop: expected a duration like 30s, 5m, 1h or 7d (units ns, u, ms, s, m, h, d, w), got '5 m'",
            api.get("/daily/cpu?stop=5+m"));
        assertError(400, "start: counts back from now and cannot be negative, got '-1d'", api.get("/hourly/cpu?start=-1d"));
        assertError(400, "start: duration '99999999999999999999w' is too large",
            api.get("/hourly/cpu?start=99999999999999999999w"));
        assertError(400, "start: at most 520w back is accepted, got '521w'", api.get("/hourly/cpu?start=521w"));
        assertTrue(STORAGE.queries.isEmpty());
    }

    @Test
    void invertedOrEmptyWindowsAreRefused() throws Exception {
        assertError(400, "start (1h) must be further back than stop (2h): the window runs from now - start to now - stop",
            api.get("/hourly/cpu?start=1h&stop=2h"));
        assertError(400, "start (1h) must be further back than stop (1h): the window runs from now - start to now - stop",
            api.get("/daily/cpu?start=60m&stop=1h"));
        assertError(400, "start (1d) must be further back than stop (2d): the window runs from now - start to now - stop",
            api.get("/hourly/cpu?stop=2d"));
    }

    @Test
    void malformedQueryStringsAreRefused() throws Exception {
        assertError(400, "query parameter 'verb' is given 2 times: give it once", api.get("/latest/cpu?verb=max&verb=min"));
        // java.net.URI refuses to send these; a raw socket does, and Helidon refuses them before routing
        String badRequest = "bad request: malformed request line, path, query string (e.g. a bad %-escape) or headers"
            + " (headers may take at most 16384 bytes)";
        assertError(400, badRequest, RawSocket.get(api.frontEnd.port(), "/latest/cpu?host=a%zz", ApiServer.TOKEN));
        assertError(400, badRequest, RawSocket.get(api.frontEnd.port(), "/latest/cpu?host=a%4", ApiServer.TOKEN));
        assertError(400, "query string: 'a%FF' does not decode to UTF-8 text", api.get("/latest/cpu?host=a%FF"));
        assertError(400, "query parameter with an empty name: a tag filter needs a tag key, e.g. host=web1",
            api.get("/latest/cpu?=web1"));
        assertTrue(STORAGE.queries.isEmpty());
    }

    @Test
    void storageUnavailableIs503WithTheReason() throws Exception {
        STORAGE.failure = () -> new StorageUnavailableException("InfluxDB at http://db:8086 refused the connection");
        Http.Response r = api.get("/hourly/cpu");
        assertError(503, "storage unavailable: InfluxDB at http://db:8086 refused the connection", r);
        AuthAndCorsTest.assertCorsDefault(r);
        assertEquals(503, api.get("/keys").status());
        assertEquals(503, api.get("/latest/cpu?verb=none").status());
    }

    @Test
    void storageRefusingAQueryIs400() throws Exception {
        STORAGE.failure = () -> new InvalidQueryException("stat name 'x' cannot be stored");
        assertError(400, "stat name 'x' cannot be stored", api.get("/daily/cpu"));
    }

    @Test
    void anUnexpectedFailureIs500WithoutInternals() throws Exception {
        STORAGE.failure = () -> new IllegalStateException("secret internals at com.example.Foo");
        Http.Response r = api.get("/latest/cpu");
        assertError(500, "internal error (IllegalStateException); the server log has the details", r);
        assertFalse(r.body().contains("secret"));
        assertEquals(200, api.get("/ping").status()); // and the server carries on
    }

    @Test
    void quotesControlCharactersAndUnicodeInNamesReachStorageUnchanged() throws Exception {
        String stat = "cpu\"; DROP MEASUREMENT x; --'✓";
        String key = "k\"ey'";
        String value = "'; DROP DATABASE statistics; --\n\t\"x\"";
        api.get("/latest/" + encodePath(stat) + "?" + encode(key) + "=" + encode(value) + "&h%C3%B4st=w%C3%A9b");
        LatestQuery q = STORAGE.last(LatestQuery.class);
        assertEquals(stat, q.stat());
        Map<String, List<String>> expected = new LinkedHashMap<>();
        expected.put(key, List.of(value));
        expected.put("hôst", List.of("wéb"));
        assertEquals(TagFilter.of(expected), q.filter());

        api.get("/hourly/" + encodePath(stat) + "?service=a+b&service=a%2Bb");
        assertEquals(stat, STORAGE.last(RangeQuery.class).stat());
        assertEquals(TagFilter.anyOf("service", "a b", "a+b"), STORAGE.last(RangeQuery.class).filter());
    }

    @Test
    void namesWithQuotesAndControlCharactersRoundTripThroughTheMemoryStorage(@TempDir Path dir) throws Exception {
        String stat = "cpu\"; DROP MEASUREMENT cpu; --";
        String host = "it's\nweb\u00e9\u2713";
        try (MemoryData data = new MemoryData(dir, NOW);
             ApiServer memory = ApiServer.start(new FakeServer(data.storage), Map.of(), data.clock)) {
            data.write(stat, NOW.minusSeconds(10), 0.5, "host", host);
            data.write(stat, NOW.minusSeconds(10), 0.9, "host", "other");
            Http.Response r = memory.get("/latest/" + encodePath(stat) + "?host=" + encode(host));
            assertEquals(200, r.status(), r.body());
            assertEquals(0.5, JSON.readTree(r.body()).get("value").asDouble());
            Http.Response rows = memory.get("/latest/" + encodePath(stat) + "?verb=none&host=" + encode(host)
                + "&host=other");
            // ties in time are ordered by series tags: "it's..." before "other"
            assertEquals(host, JSON.readTree(rows.body()).get(0).get("host").asText(), rows.body());
            assertEquals(JSON.writeValueAsString(List.of(stat)) + "\n", memory.get("/keys").body());
        }
    }

    static String encode(String s) {
        return java.net.URLEncoder.encode(s, java.nio.charset.StandardCharsets.UTF_8);
    }

    /** Percent-encodes for a path segment (spaces as %20, not +). */
    static String encodePath(String s) {
        return encode(s).replace("+", "%20");
    }
}
