package io.pulse.api.http;

import io.pulse.api.http.StrictPrometheusParser.Exposition;
import io.pulse.api.http.StrictPrometheusParser.Sample;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code GET /federate} over the real memory storage, its answers read by a strict Prometheus text parser. */
class FederateTest {

    static final Instant NOW = Instant.parse("2026-03-02T10:07:30Z");
    static final Instant T1 = Instant.parse("2026-03-02T10:06:10Z");
    static final Instant T2 = Instant.parse("2026-03-02T10:07:10Z");
    static final String AWKWARD_HOST = "web\"1\\x\ny";

    @TempDir
    static Path dir;
    static MemoryData data;
    static ApiServer api;

    @BeforeAll
    static void start() throws Exception {
        data = new MemoryData(dir, NOW.minus(Duration.ofMinutes(10)));
        data.write("cpu_used", T1, 0.4, "host", "web1", "service", "api");
        data.write("cpu_used", T2, 0.5, "host", "web1", "service", "api");
        data.write("cpu_used", T2, 0.7, "host", "web2", "service", "api");
        data.write("cpu_used", Instant.parse("2026-03-02T09:00:00Z"), 0.9, "host", "db1", "service", "db"); // old
        data.write("ram_used", T2, 2048, "host", "db1", "service", "db");
        data.write("disk.used/%", T1, 12.5, "host", AWKWARD_HOST, "my-tag", "v");
        data.write("1st", T1, 3, "host", "web1");
        data.clock.set(NOW);
        api = ApiServer.start(new FakeServer(data.storage), Map.of(), data.clock);
    }

    @AfterAll
    static void stop() {
        api.close();
        data.close();
    }

    private static Http.Response scrape(String query, Map<String, String> headers) throws Exception {
        return api.http.send("GET", "/federate" + query, headers, null);
    }

    private static Exposition scrapeWithBearer(String query) throws Exception {
        Http.Response r = scrape(query, Map.of("Authorization", "Bearer " + ApiServer.TOKEN));
        assertEquals(200, r.status(), r.body());
        assertEquals("text/plain; version=0.0.4; charset=utf-8", r.header("Content-Type"));
        return StrictPrometheusParser.parse(r.body());
    }

    @Test
    void theLatestSampleOfEverySeriesWithItsTagsAndTimestamp() throws Exception {
        Exposition e = scrapeWithBearer("");
        assertEquals("gauge", e.types().get("pulse_cpu_used"));
        assertEquals("Pulse stat cpu_used (latest value)", e.helps().get("pulse_cpu_used"));
        assertEquals(List.of(
                new Sample("pulse_cpu_used", Map.of("host", "web1", "service", "api"), 0.5, T2.toEpochMilli()),
                new Sample("pulse_cpu_used", Map.of("host", "web2", "service", "api"), 0.7, T2.toEpochMilli())),
            e.family("pulse_cpu_used"));
        assertEquals(List.of(new Sample("pulse_ram_used", Map.of("host", "db1", "service", "db"), 2048,
            T2.toEpochMilli())), e.family("pulse_ram_used"));
        assertEquals(5, e.samples().size(), e.samples().toString());
    }

    @Test
    void namesAreSanitisedAndLabelValuesEscaped() throws Exception {
        Exposition e = scrapeWithBearer("");
        assertEquals(List.of(new Sample("pulse_disk_used__", Map.of("host", AWKWARD_HOST, "my_tag", "v"), 12.5,
            T1.toEpochMilli())), e.family("pulse_disk_used__"));
        assertEquals("Pulse stat disk.used/% (latest value)", e.helps().get("pulse_disk_used__"));
        assertEquals(1, e.family("pulse_1st").size());
    }

    @Test
    void statAndTagFilters() throws Exception {
        Exposition e = scrapeWithBearer("?stat=cpu_used&stat=ram_used&host=web2&host=db1");
        assertEquals(List.of("pulse_cpu_used", "pulse_ram_used"),
            e.samples().stream().map(Sample::name).toList());
        assertEquals("web2", e.samples().get(0).labels().get("host"));
        assertEquals(0, scrapeWithBearer("?stat=nothing_like_it").samples().size());
    }

    @Test
    void theTokenAsBearerHeaderOrParameterAndNothingWithoutIt() throws Exception {
        assertEquals(401, scrape("", Map.of()).status());
        assertEquals(401, scrape("", Map.of("Authorization", "Bearer wrong")).status());
        assertEquals(401, scrape("", Map.of("Authorization", "Basic " + ApiServer.TOKEN)).status());
        assertEquals(200, scrape("", Map.of("Authorization", "bearer " + ApiServer.TOKEN)).status());
        assertEquals(200, scrape("", Map.of("X-AUTH-TOKEN", ApiServer.TOKEN)).status());
        assertEquals(200, scrape("?X-AUTH-TOKEN=" + ApiServer.TOKEN, Map.of()).status());
    }

    @Test
    void theSeriesCapLeavesTheRestOutAndSaysSo() throws Exception {
        try (ApiServer capped = ApiServer.start(new FakeServer(data.storage), Map.of("federate-max-series", "2"),
                data.clock)) {
            Http.Response r = capped.http.send("GET", "/federate", Map.of("X-AUTH-TOKEN", ApiServer.TOKEN), null);
            Exposition e = StrictPrometheusParser.parse(r.body());
            assertEquals(2, e.samples().size(), r.body());
            assertTrue(e.comments().stream().anyMatch(c -> c.contains("federate-max-series")), r.body());
        }
    }

    @Test
    void theStrictParserRejectsWhatIsOffSpec() {
        assertThrows(AssertionError.class, () -> StrictPrometheusParser.parse("a{b=\"c\\t\"} 1\n"));
        assertThrows(AssertionError.class, () -> StrictPrometheusParser.parse("1a 1\n"));
        assertThrows(AssertionError.class, () -> StrictPrometheusParser.parse("a{b-c=\"x\"} 1\n"));
        assertThrows(AssertionError.class, () -> StrictPrometheusParser.parse("a 1\nb 1\na 2\n"));
        assertThrows(AssertionError.class, () -> StrictPrometheusParser.parse("a 1\n# TYPE a gauge\n"));
        assertThrows(AssertionError.class, () -> StrictPrometheusParser.parse("a 1 1.5\n"));
        assertThrows(AssertionError.class, () -> StrictPrometheusParser.parse("a 1"));
        assertThrows(AssertionError.class, () -> StrictPrometheusParser.parse("a{x=\"1\"} 1\na{x=\"1\"} 2\n"));
    }
}
