package io.pulse.api.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pulse.api.http.json.SlotPoint;
import io.pulse.api.http.query.DailySlots;
import io.pulse.spi.storage.Point;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * {@code /daily}: 15-minute buckets from several days folded into slots of the day, averaged across days, sorted,
 * in the configured zone; over the real memory storage (data down-sampled day by day, as the kernel's aggregate task
 * would), and the folding rule itself on zones with odd offsets and daylight-saving changes.
 */
class DailyFoldingTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final Instant DAY1 = Instant.parse("2026-03-02T00:00:00Z");

    @TempDir
    static Path dir;
    static MemoryData data;

    @BeforeAll
    static void feed() throws Exception {
        data = new MemoryData(dir, DAY1);
        for (int day = 0; day < 3; day++) {
            Instant midnight = DAY1.plus(Duration.ofDays(day));
            // 09:00-09:15 UTC every day, value 1, 2, 3: the 09:00 slot averages to 2
            data.write("cpu_used", midnight.plus(Duration.ofHours(9)).plusSeconds(30), day + 1, "host", "web1");
            if (day == 1) {
                // 13:30 UTC on day 2 only: that slot is 10 (one bucket)
                data.write("cpu_used", midnight.plus(Duration.ofMinutes(13 * 60 + 35)), 10, "host", "web1");
            }
            data.maintain(midnight.plus(Duration.ofHours(23))); // down-sample the day while its raw data is kept
        }
        data.maintain(DAY1.plus(Duration.ofDays(3)));
    }

    @AfterAll
    static void stop() {
        data.close();
    }

    private static JsonNode daily(String zone, String query) throws Exception {
        try (ApiServer api = ApiServer.start(new FakeServer(data.storage), Map.of("zone", zone), data.clock)) {
            Http.Response r = api.get("/daily/cpu_used" + query);
            assertEquals(200, r.status(), r.body());
            return JSON.readTree(r.body());
        }
    }

    @Test
    void slotsAreAveragedAcrossDaysInUtc() throws Exception {
        assertEquals("[{\"time\":\"09:00\",\"value\":2.0},{\"time\":\"13:30\",\"value\":10.0}]",
            daily("UTC", "?host=web1").toString());
    }

    @Test
    void slotsFollowTheConfiguredZone() throws Exception {
        // Kathmandu is UTC+05:45: 09:00 UTC is 14:45, 13:30 UTC is 19:15
        assertEquals("[{\"time\":\"14:45\",\"value\":2.0},{\"time\":\"19:15\",\"value\":10.0}]",
            daily("Asia/Kathmandu", "?host=web1").toString());
        // New York in March 2026 before the 8th is UTC-5: 04:00 and 08:30, still sorted by wall clock
        assertEquals("[{\"time\":\"04:00\",\"value\":2.0},{\"time\":\"08:30\",\"value\":10.0}]",
            daily("America/New_York", "?host=web1").toString());
    }

    @Test
    void theWindowDecidesWhichDaysCount() throws Exception {
        // now is day 4 00:00: start=1d covers day 3 only (value 3)
        assertEquals("[{\"time\":\"09:00\",\"value\":3.0}]", daily("UTC", "?host=web1&start=1d").toString());
        // start=3d, stop=1d: days 1 and 2
        assertEquals("[{\"time\":\"09:00\",\"value\":1.5},{\"time\":\"13:30\",\"value\":10.0}]",
            daily("UTC", "?host=web1&start=3d&stop=1d").toString());
    }

    @Test
    void backfillGivesEverySlotInOrder() throws Exception {
        JsonNode slots = daily("UTC", "?host=web1&backfill=x");
        assertEquals(96, slots.size());
        for (int i = 0; i < 96; i++) {
            assertEquals(String.format("%02d:%02d", i / 4, i % 4 * 15), slots.get(i).get("time").asText());
        }
        assertEquals(0.0, slots.get(0).get("value").asDouble());
        assertEquals(2.0, slots.get(36).get("value").asDouble());
    }

    @Test
    void foldingAcrossADaylightSavingChange() {
        ZoneId berlin = ZoneId.of("Europe/Berlin");
        // 2026-03-29: clocks go from 02:00 to 03:00 (UTC+1 -> UTC+2). 08:00 UTC is 09:00 before, 10:00 after.
        List<Point> buckets = List.of(
            new Point(Instant.parse("2026-03-28T08:00:00Z").toEpochMilli(), 1),
            new Point(Instant.parse("2026-03-30T07:00:00Z").toEpochMilli(), 3), // 09:00 local after the change
            new Point(Instant.parse("2026-03-30T08:00:00Z").toEpochMilli(), 7)); // 10:00 local
        assertEquals(List.of(new SlotPoint("09:00", 2), new SlotPoint("10:00", 7)),
            DailySlots.fold(buckets, berlin, OptionalDouble.empty()));
    }

    @Test
    void minutesAreRoundedDownToTheQuarterAndEveryBucketWeighsTheSame() {
        ZoneId utc = ZoneId.of("UTC");
        List<Point> buckets = List.of(
            new Point(Instant.parse("2026-03-01T23:59:59Z").toEpochMilli(), 1),
            new Point(Instant.parse("2026-03-02T23:45:00Z").toEpochMilli(), 2),
            new Point(Instant.parse("2026-03-03T23:45:00Z").toEpochMilli(), 6),
            new Point(Instant.parse("2026-03-03T00:14:59Z").toEpochMilli(), 4));
        assertEquals(List.of(new SlotPoint("00:00", 4), new SlotPoint("23:45", 3)),
            DailySlots.fold(buckets, utc, OptionalDouble.empty()));
    }
}
