package io.pulse.api.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Route-by-route conformance with the original's shapes (reference http-api.md), over the real memory storage:
 * keys, tags, latest (verbs, filters, verb=none rows), hourly (window, verb, backfill), daily and its alias.
 */
class StatsConformanceTest {

    static final ObjectMapper JSON = new ObjectMapper();
    /** "Now" for the whole class: a Monday, 10:07:30 UTC. */
    static final Instant NOW = Instant.parse("2026-03-02T10:07:30Z");

    @TempDir
    static Path dir;
    static MemoryData data;
    static ApiServer api;

    @BeforeAll
    static void start() throws Exception {
        data = new MemoryData(dir, NOW.minus(Duration.ofHours(6)));
        // hourly material: web1 every 15 minutes from 04:00 to 09:45, value = the hour; web2 the hour + 10
        for (Instant t = Instant.parse("2026-03-02T04:00:00Z"); t.isBefore(Instant.parse("2026-03-02T10:00:00Z"));
             t = t.plus(Duration.ofMinutes(15))) {
            int hour = t.atZone(java.time.ZoneOffset.UTC).getHour();
            data.write("cpu_used", t.plusSeconds(5), hour, "host", "web1", "service", "api");
            data.write("cpu_used", t.plusSeconds(5), hour + 10, "host", "web2", "service", "api");
        }
        data.maintain(NOW);
        // latest material: within the last two poll intervals (10:05:30, 10:07:30]
        data.write("cpu_used", Instant.parse("2026-03-02T10:06:10Z"), 0.4, "host", "web1", "service", "api");
        data.write("cpu_used", Instant.parse("2026-03-02T10:07:10Z"), 0.5, "host", "web1", "service", "api");
        data.write("cpu_used", Instant.parse("2026-03-02T10:07:10Z"), 0.7, "host", "web2", "service", "api");
        data.write("ram_used", Instant.parse("2026-03-02T10:07:20Z"), 0.25, "host", "db1", "service", "db");
        data.write("cpu_used", Instant.parse("2026-03-02T09:00:00Z"), 0.9, "host", "db1", "service", "db"); // old
        api = ApiServer.start(new FakeServer(data.storage), Map.of("zone", "UTC"), data.clock);
    }

    @AfterAll
    static void stop() {
        api.close();
        data.close();
    }

    @Test
    void keysAndTagsAreSortedArrays() throws Exception {
        assertEquals("[\"cpu_used\",\"ram_used\"]\n", api.get("/keys").body());
        assertEquals("[\"host\",\"service\"]\n", api.get("/tags").body());
    }

    @Test
    void latestIsTheMeanOfTheNewestPollBucketTimedAtItsStart() throws Exception {
        Http.Response r = api.get("/latest/cpu_used");
        assertEquals(200, r.status());
        assertEquals("application/json", r.header("Content-Type"));
        long bucket = Instant.parse("2026-03-02T10:07:00Z").toEpochMilli();
        assertEquals("{\"time\":" + bucket + ",\"value\":0.6}\n", r.body());
    }

    @Test
    void latestHonoursFiltersAndVerbs() throws Exception {
        long bucket = Instant.parse("2026-03-02T10:07:00Z").toEpochMilli();
        assertEquals("{\"time\":" + bucket + ",\"value\":0.5}\n", api.get("/latest/cpu_used?host=web1").body());
        assertEquals("{\"time\":" + bucket + ",\"value\":0.7}\n",
            api.get("/latest/cpu_used?host=web1&host=web2&verb=max").body());
        assertEquals("{\"time\":" + bucket + ",\"value\":2.0}\n", api.get("/latest/cpu_used?verb=count").body());
        assertEquals("{\"time\":" + bucket + ",\"value\":0.5}\n",
            api.get("/latest/cpu_used?service=api&host=web1&verb=MIN").body());
    }

    @Test
    void latestWithNothingInTheWindowIsTheOriginals404() throws Exception {
        for (String path : new String[] {"/latest/cpu_used?service=db", "/latest/no_such_stat",
            "/latest/cpu_used?host=web9", "/latest/cpu_used?verb=none&service=db"}) {
            AuthAndCorsTest.assertCorsDefault(assertOriginalNotFound(path));
        }
    }

    @Test
    void verbNoneGivesTheNewestRawSample() throws Exception {
        long t = Instant.parse("2026-03-02T10:07:10Z").toEpochMilli();
        assertEquals("{\"time\":" + t + ",\"value\":0.5}\n", api.get("/latest/cpu_used?verb=none&host=web1").body());
    }

    @Test
    void verbNoneWithARepeatedFilterGivesRowsWithThatColumn() throws Exception {
        long t = Instant.parse("2026-03-02T10:07:10Z").toEpochMilli();
        assertEquals("[{\"time\":" + t + ",\"value\":0.5,\"host\":\"web1\"},{\"time\":" + t
            + ",\"value\":0.7,\"host\":\"web2\"}]\n", api.get("/latest/cpu_used?verb=none&host=web1&host=web2").body());
        // the limit is the largest number of values given for one key: 3 here, and three rows exist
        JsonNode rows = getJson("/latest/cpu_used?verb=none&host=web1&host=web2&host=web3&service=api");
        assertEquals(3, rows.size());
        assertEquals(0.4, rows.get(2).get("value").asDouble());
        assertEquals("web1", rows.get(2).get("host").asText());
        assertTrue(!rows.get(0).has("service"), "only repeated keys become columns: " + rows);
    }

    @Test
    void hourlyIsTheVerbPerHourOverDownSampledDataAscending() throws Exception {
        // default window: the last day; hours 04..09 complete (down-sampled at 10:07:30)
        JsonNode hours = getJson("/hourly/cpu_used?host=web1");
        assertEquals(6, hours.size());
        for (int i = 0; i < 6; i++) {
            assertEquals(Instant.parse("2026-03-02T04:00:00Z").plus(Duration.ofHours(i)).toEpochMilli(),
                hours.get(i).get("time").asLong());
            assertEquals(4 + i, hours.get(i).get("value").asDouble(), 1e-9);
        }
        // both hosts averaged; the verb per hour
        JsonNode mean = getJson("/hourly/cpu_used?service=api");
        assertEquals(9.0, mean.get(0).get("value").asDouble(), 1e-9);
        JsonNode max = getJson("/hourly/cpu_used?service=api&verb=max");
        assertEquals(14.0, max.get(0).get("value").asDouble(), 1e-9);
    }

    @Test
    void hourlyWindowIsStartToStopBack() throws Exception {
        // (now-3h, now-1h) = (07:07:30, 09:07:30): buckets 07:00 (its 07:15.. aggregates), 08:00, 09:00 (09:00 only)
        JsonNode hours = getJson("/hourly/cpu_used?host=web1&start=3h&stop=1h");
        assertEquals(3, hours.size(), hours.toString());
        assertEquals(Instant.parse("2026-03-02T07:00:00Z").toEpochMilli(), hours.get(0).get("time").asLong());
        assertEquals(Instant.parse("2026-03-02T09:00:00Z").toEpochMilli(), hours.get(2).get("time").asLong());
    }

    @Test
    void hourlyBackfillFillsEmptyHours() throws Exception {
        // last 9 hours: 01:07:30 .. 10:07:30: buckets 01:00 .. 10:00, data in 04..09
        JsonNode filled = getJson("/hourly/cpu_used?host=web1&start=9h&backfill=-1");
        assertEquals(10, filled.size(), filled.toString());
        assertEquals(Instant.parse("2026-03-02T01:00:00Z").toEpochMilli(), filled.get(0).get("time").asLong());
        assertEquals(-1.0, filled.get(0).get("value").asDouble());
        assertEquals(4.0, filled.get(3).get("value").asDouble(), 1e-9);
        assertEquals(-1.0, filled.get(9).get("value").asDouble());
        JsonNode zero = getJson("/hourly/cpu_used?host=web1&start=9h&backfill=yes");
        assertEquals(0.0, zero.get(0).get("value").asDouble());
        JsonNode none = getJson("/hourly/cpu_used?host=web1&start=9h&backfill=");
        assertEquals(6, none.size());
    }

    @Test
    void hourlyWithNoDataIsTheOriginals404EvenWithBackfill() throws Exception {
        for (String path : new String[] {"/hourly/no_such_stat", "/hourly/cpu_used?host=web9&backfill=0",
            "/daily/no_such_stat?backfill=1", "/daily_peaks/ram_used"}) {
            assertOriginalNotFound(path);
        }
    }

    @Test
    void dailyFoldsQuarterHoursIntoSortedSlots() throws Exception {
        JsonNode slots = getJson("/daily/cpu_used?host=web1");
        assertEquals(24, slots.size()); // 04:00 .. 09:45
        assertEquals("04:00", slots.get(0).get("time").asText());
        assertEquals(4.0, slots.get(0).get("value").asDouble(), 1e-9);
        assertEquals("09:45", slots.get(23).get("time").asText());
        assertEquals(9.0, slots.get(23).get("value").asDouble(), 1e-9);
        assertEquals(api.get("/daily/cpu_used?host=web1").body(), api.get("/daily_peaks/cpu_used?host=web1").body());
    }

    @Test
    void dailyBackfillGivesAll96Slots() throws Exception {
        JsonNode slots = getJson("/daily/cpu_used?host=web1&backfill=0.5");
        assertEquals(96, slots.size());
        assertEquals("00:00", slots.get(0).get("time").asText());
        assertEquals(0.5, slots.get(0).get("value").asDouble());
        assertEquals("23:45", slots.get(95).get("time").asText());
        assertEquals(4.0, slots.get(16).get("value").asDouble(), 1e-9); // 04:00
    }

    /** {@code GET path}, its body parsed as JSON. */
    private static JsonNode getJson(String path) throws Exception {
        return JSON.readTree(api.get(path).body());
    }

    /** {@code GET path} answers the original's 404 for "no data"; returns the response for further checks. */
    private static Http.Response assertOriginalNotFound(String path) throws Exception {
        Http.Response r = api.get(path);
        assertEquals(404, r.status(), path);
        assertEquals("{\"error\":\"Not Found\"}\n", r.body(), path);
        return r;
    }
}
