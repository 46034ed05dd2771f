package io.pulse.storage.influxdb;

import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * The database layout in InfluxDB, created idempotently and kept up to date:
 * <pre>
 * CREATE DATABASE "statistics"
 * CREATE RETENTION POLICY "one_day" ON "statistics" DURATION 8h REPLICATION 1 DEFAULT
 * CREATE RETENTION POLICY "one_week" ON "statistics" DURATION 1w REPLICATION 1
 * CREATE CONTINUOUS QUERY "aggregate" ON "statistics" BEGIN SELECT mean("cpu_used"::field) AS "cpu_used", ...
 *   INTO "statistics"."one_week"."aggregate" FROM "statistics"."one_day"./.*&#47; GROUP BY time(15m), * END
 * </pre>
 * A policy that exists with other settings (e.g. {@code --retention} changed) is altered. The continuous query
 * lists every stat stored in the raw policy and is dropped and re-created when that list changes; it groups by
 * every tag ({@code *}), so tags need no maintenance.
 *
 * <p>Thread-safe: schema statements are serialised on this object.
 */
final class Schema {

    private static final System.Logger LOG = System.getLogger(Schema.class.getName());

    private final InfluxDbConnection influx;
    private final InfluxDbSettings settings;

    /** The CQ text this process last created and how InfluxDB normalised it; both null until created. */
    private String createdText;
    private String createdReadBack;
    /** The stats in the continuous query as last ensured (read without the lock by the write path). */
    private volatile Set<String> aggregatedStats = Set.of();

    Schema(InfluxDbConnection influx, InfluxDbSettings settings) {
        this.influx = influx;
        this.settings = settings;
    }

    /** Creates the database and retention policies, or alters the policies to the configured durations. */
    synchronized void ensureDatabaseAndPolicies() {
        String db = InfluxQl.ident(settings.database());
        influx.admin(settings.database(), "CREATE DATABASE " + db);
        ensurePolicy(settings.rawPolicy(), InfluxQl.duration(settings.rawRetention()), true);
        ensurePolicy(settings.aggregatePolicy(), InfluxQl.duration(settings.retention()), false);
    }

    private void ensurePolicy(String name, String duration, boolean makeDefault) {
        String on = InfluxQl.ident(name) + " ON " + InfluxQl.ident(settings.database());
        String create = "CREATE RETENTION POLICY " + on + " DURATION " + duration + " REPLICATION 1" + (makeDefault ? " DEFAULT" : "");
        try {
            influx.admin(settings.database(), create);
        } catch (InfluxDbConnection.StatementFailed e) {
            if (!e.getMessage().toLowerCase(Locale.ROOT).contains("already exists")) {
                throw e;
            }
            // Same name, other settings: the retention (or the default flag) changed since it was created.
            influx.admin(settings.database(), "ALTER RETENTION POLICY " + on + " DURATION " + duration + (makeDefault ? " DEFAULT" : ""));
            LOG.log(Level.INFO, "InfluxDB retention policy {0} on {1} altered to DURATION {2}{3}",
                name, settings.database(), duration, makeDefault ? " DEFAULT" : "");
        }
    }

    /** Drop-and-create rounds of the continuous query by this process. Guarded by this. */
    private int rebuilds;

    /**
     * The stats stored in the raw policy: measurements whose field is named like them, sorted.
     */
    List<String> storedStats() {
        List<QueryResult.Result> results = influx.query(settings.database(),
            "SHOW FIELD KEYS FROM " + InfluxQl.ident(settings.rawPolicy()) + "./.*/");
        Set<String> stats = new TreeSet<>();
        for (QueryResult.Result result : results) {
            for (QueryResult.Series series : result.series()) {
                for (List<Object> row : series.values()) {
                    if (series.name().equals(row.get(0))) {
                        stats.add(series.name());
                    }
                }
            }
        }
        return List.copyOf(stats);
    }

    /** Whether the continuous query already covers {@code stat} (cheap; no I/O). */
    boolean isAggregated(String stat) {
        return aggregatedStats.contains(stat);
    }

    /**
     * Makes the continuous query cover exactly the stats stored now: drops and re-creates it when they changed
     * (or when it is missing or was changed by someone else). Does nothing while no stat is stored.
     */
    synchronized void ensureContinuousQuery() {
        List<String> stats = storedStats();
        if (stats.isEmpty()) {
            return;
        }
        String desired = continuousQueryText(stats);
        String current = currentContinuousQuery();
        if (desired.equals(createdText) && current != null && current.equals(createdReadBack)) {
            aggregatedStats = Set.copyOf(stats);
            return;
        }
        String on = InfluxQl.ident(settings.continuousQuery()) + " ON " + InfluxQl.ident(settings.database());
        influx.admin(settings.database(), "DROP CONTINUOUS QUERY " + on);
        influx.admin(settings.database(), desired);
        rebuilds++;
        createdText = desired;
        createdReadBack = currentContinuousQuery();
        aggregatedStats = Set.copyOf(stats);
        LOG.log(Level.INFO, "InfluxDB continuous query {0} on {1} now down-samples {2} stats",
            settings.continuousQuery(), settings.database(), stats.size());
    }

    /**
     * How often this process dropped and re-created the continuous query (servers sharing a database must settle:
     * once per change of the stat set each, never back and forth).
     */
    synchronized int rebuilds() {
        return rebuilds;
    }

    /** The text of the continuous query as InfluxDB stores it, or null when there is none. */
    String currentContinuousQuery() {
        for (QueryResult.Result result : influx.admin(settings.database(), "SHOW CONTINUOUS QUERIES")) {
            for (QueryResult.Series series : result.series()) {
                if (!settings.database().equals(series.name())) {
                    continue;
                }
                for (List<Object> row : series.values()) {
                    if (settings.continuousQuery().equals(row.get(0))) {
                        return String.valueOf(row.get(1));
                    }
                }
            }
        }
        return null;
    }

    /** The CREATE CONTINUOUS QUERY statement for these stats. */
    String continuousQueryText(List<String> stats) {
        return "CREATE CONTINUOUS QUERY " + InfluxQl.ident(settings.continuousQuery()) + " ON " + InfluxQl.ident(settings.database())
            + " BEGIN SELECT " + means(stats) + " INTO " + aggregateTarget()
            + " FROM " + InfluxQl.ident(settings.database()) + "." + InfluxQl.ident(settings.rawPolicy()) + "./.*/"
            + " GROUP BY time(" + InfluxQl.duration(settings.aggregateInterval()) + "), * END";
    }

    /**
     * The statements that (re)compute the down-sampled means of the given stats for buckets starting in
     * {@code [fromMillis, toMillis)}: one {@code SELECT ... INTO} per stat (one statement over every measurement
     * would make InfluxDB pair every stat with every measurement), the same computation as the continuous query.
     * Re-running them overwrites the same points with the same values, so runs are idempotent.
     */
    List<String> aggregationStatements(List<String> stats, long fromMillis, long toMillis) {
        List<String> statements = new ArrayList<>(stats.size());
        for (String stat : stats) {
            statements.add("SELECT " + means(List.of(stat)) + " INTO " + aggregateTarget()
                + " FROM " + InfluxQl.measurement(settings.database(), settings.rawPolicy(), stat)
                + " WHERE time >= " + InfluxQl.time(fromMillis) + " AND time < " + InfluxQl.time(toMillis)
                + " GROUP BY time(" + InfluxQl.duration(settings.aggregateInterval()) + "), *");
        }
        return statements;
    }

    private String aggregateTarget() {
        return InfluxQl.measurement(settings.database(), settings.aggregatePolicy(), settings.aggregateMeasurement());
    }

    private static String means(List<String> stats) {
        StringBuilder out = new StringBuilder();
        for (String stat : stats) {
            if (!out.isEmpty()) {
                out.append(", ");
            }
            out.append("mean(").append(InfluxQl.field(stat)).append(") AS ").append(InfluxQl.ident(stat));
        }
        return out.toString();
    }
}
