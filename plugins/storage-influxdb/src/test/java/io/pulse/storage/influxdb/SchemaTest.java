package io.pulse.storage.influxdb;

import io.pulse.spi.Health;
import io.pulse.spi.stats.Sample;
import io.pulse.spi.stats.Tags;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The layout in a real InfluxDB: database, retention policies and continuous query, read back from InfluxDB. */
@RequiresInfluxd
@ExtendWith(InfluxdExtension.class)
class SchemaTest {

    private InfluxdServer influxd;
    private StorageHarness harness;

    @BeforeEach
    void setUp(InfluxdServer influxd, StorageHarness harness) {
        this.influxd = influxd;
        this.harness = harness;
    }

    @Test
    void createsTheOriginalRetentionPoliciesWithOneDayAsDefault() {
        String db = StorageHarness.newDatabase();
        InfluxDbStorage storage = harness.create(harness.context(db, "a", Map.of()));
        StorageHarness.start(storage);

        String policies = influxd.query(db, "SHOW RETENTION POLICIES ON \"" + db + "\"");
        assertTrue(policies.contains("[\"one_day\",\"8h0m0s\",\"1h0m0s\",1,true]"), policies);
        assertTrue(policies.contains("[\"one_week\",\"168h0m0s\",\"24h0m0s\",1,false]"), policies);
        assertTrue(storage.health().isUp(), storage.health().toString());
        assertTrue(storage.health().detail().contains("InfluxDB 1."), storage.health().detail());
    }

    @Test
    void startingAgainIsIdempotentAndAChangedRetentionAltersThePolicy() {
        String db = StorageHarness.newDatabase();
        StorageHarness.start(harness.create(harness.context(db, "a", Map.of())));
        StorageHarness.start(harness.create(harness.context(db, "b", Map.of())));
        assertTrue(influxd.query(db, "SHOW RETENTION POLICIES ON \"" + db + "\"").contains("[\"one_week\",\"168h0m0s\""));

        InfluxDbStorage longer = harness.create(harness.context(db, "c", Map.of(), Duration.ofDays(21)));
        StorageHarness.start(longer);
        String policies = influxd.query(db, "SHOW RETENTION POLICIES ON \"" + db + "\"");
        assertTrue(policies.contains("[\"one_week\",\"504h0m0s\",\"24h0m0s\",1,false]"), policies);
        assertTrue(policies.contains("[\"one_day\",\"8h0m0s\",\"1h0m0s\",1,true]"), policies);
        assertTrue(longer.health().isUp());
    }

    @Test
    void configurableNamesAreQuotedEverywhere() {
        String db = "pulse \"quoted\" db";
        InfluxDbStorage storage = harness.create(harness.context(db, "a",
            Map.of("raw-policy", "raw day", "aggregate-policy", "weekly's", "aggregate-measurement", "agg regate",
                "continuous-query", "down sample")));
        StorageHarness.start(storage);
        long now = System.currentTimeMillis();
        storage.write(List.of(new Sample("cpu_used", Tags.of("host", "h1"), now, 1)));
        storage.maintain(now);
        String policies = influxd.query(db, "SHOW RETENTION POLICIES ON \"pulse \\\"quoted\\\" db\"");
        assertTrue(policies.contains("[\"raw day\",\"8h0m0s\",\"1h0m0s\",1,true]"), policies);
        assertTrue(policies.contains("[\"weekly's\",\"168h0m0s\""), policies);
        assertEquals("CREATE CONTINUOUS QUERY \"down sample\" ON \"pulse \\\"quoted\\\" db\" BEGIN SELECT mean(cpu_used::field) AS cpu_used"
                + " INTO \"pulse \\\"quoted\\\" db\".\"weekly's\".\"agg regate\" FROM \"pulse \\\"quoted\\\" db\".\"raw day\"./.*/"
                + " GROUP BY time(15m), * END",
            continuousQuery(db, "down sample"));
    }

    @Test
    void continuousQueryListsEveryStatQuotedAndIsRebuiltWhenStatsAppear() {
        String db = StorageHarness.newDatabase();
        InfluxDbStorage storage = harness.create(harness.context(db, "a", Map.of()));
        StorageHarness.start(storage);
        long now = System.currentTimeMillis();
        storage.write(List.of(
            new Sample("cpu_used", Tags.of("host", "h1", "service", "web1"), now, 0.5),
            new Sample("user", Tags.of("host", "h1"), now, 2),
            new Sample("cpu", Tags.of("host", "h1"), now, 3)));
        storage.maintain(now);
        assertEquals("CREATE CONTINUOUS QUERY aggregate ON " + db + " BEGIN SELECT mean(cpu::field) AS cpu,"
                + " mean(cpu_used::field) AS cpu_used, mean(\"user\"::field) AS \"user\" INTO " + db + ".one_week.aggregate"
                + " FROM " + db + ".one_day./.*/ GROUP BY time(15m), * END",
            continuousQuery(db));

        storage.write(List.of(new Sample("ram used", Tags.of("host", "h1"), now, 4)));
        StorageHarness.await("the continuous query to include 'ram used'", Duration.ofSeconds(10),
            () -> continuousQuery(db).contains("mean(\"ram used\"::field) AS \"ram used\""));
        assertEquals("CREATE CONTINUOUS QUERY aggregate ON " + db + " BEGIN SELECT mean(cpu::field) AS cpu,"
                + " mean(cpu_used::field) AS cpu_used, mean(\"ram used\"::field) AS \"ram used\", mean(\"user\"::field) AS \"user\""
                + " INTO " + db + ".one_week.aggregate FROM " + db + ".one_day./.*/ GROUP BY time(15m), * END",
            continuousQuery(db));
    }

    @Test
    void statementLevelErrorsInsideHttp200AreReported() {
        try (InfluxDbConnection connection = new InfluxDbConnection(influxd.url(), Duration.ofSeconds(2), Duration.ofSeconds(2))) {
            InfluxDbConnection.StatementFailed failed = assertThrows(InfluxDbConnection.StatementFailed.class,
                () -> connection.query("nowhere", "SELECT mean(\"x\"::field) FROM \"nowhere\".\"nope\".\"x\""));
            assertTrue(failed.getMessage().contains("not found"), failed.getMessage());
            InfluxDbConnection.StatementFailed parse = assertThrows(InfluxDbConnection.StatementFailed.class,
                () -> connection.query("nowhere", "SELECT FROM WHERE"));
            assertTrue(parse.getMessage().contains("error parsing query"), parse.getMessage());
        }
    }

    @Test
    void startsWhileInfluxdbIsDownAndCreatesTheSchemaWhenItAppears() throws Exception {
        try (InfluxdServer late = InfluxdServer.start()) {
            late.stop();
            StorageHarness lateHarness = new StorageHarness(late);
            try {
                String db = StorageHarness.newDatabase();
                InfluxDbStorage storage = lateHarness.create(lateHarness.context(db, "a", Map.of()));
                storage.start();
                Health down = storage.health();
                assertEquals(Health.Status.DOWN, down.status());
                assertTrue(down.detail().contains(late.url()), down.detail());
                assertThrows(io.pulse.spi.storage.StorageUnavailableException.class, storage::keys);

                late.restart();
                StorageHarness.await("the storage to come up", Duration.ofSeconds(10), () -> storage.health().isUp());
                assertEquals(List.of(), storage.keys());
                assertTrue(late.query(db, "SHOW RETENTION POLICIES ON \"" + db + "\"").contains("\"one_day\""));
            } finally {
                lateHarness.close();
            }
        }
    }

    private String continuousQuery(String db) {
        return continuousQuery(influxd, db, "aggregate");
    }

    private String continuousQuery(String db, String name) {
        return continuousQuery(influxd, db, name);
    }

    /** The text of continuous query {@code name} on {@code db}, as SHOW CONTINUOUS QUERIES reports it ("" if none). */
    static String continuousQuery(InfluxdServer server, String db, String name) {
        String json = server.query(db, "SHOW CONTINUOUS QUERIES");
        String marker = "[\"" + name + "\",\"";
        int seriesAt = json.indexOf("\"name\":\"" + db.replace("\"", "\\\"") + "\"");
        int seriesEnd = seriesAt < 0 ? -1 : json.indexOf('}', seriesAt); // this database's series only, not the next one's
        int at = seriesAt < 0 ? -1 : json.indexOf(marker, seriesAt);
        if (seriesAt < 0 || at < 0 || (seriesEnd >= 0 && at > seriesEnd)) {
            return "";
        }
        StringBuilder out = new StringBuilder();
        for (int i = at + marker.length(); i < json.length(); i++) {
            char c = json.charAt(i);
            if (c == '\\') {
                out.append(json.charAt(++i));
            } else if (c == '"') {
                break;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
