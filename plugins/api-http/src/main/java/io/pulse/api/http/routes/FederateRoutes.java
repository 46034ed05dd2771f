package io.pulse.api.http.routes;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.pulse.api.http.prometheus.PrometheusText;
import io.pulse.api.http.query.QueryString;
import io.pulse.api.http.query.StatParameters;
import io.pulse.spi.storage.RawQuery;
import io.pulse.spi.storage.RawRow;
import io.pulse.spi.storage.StorageQueries;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /federate}: the latest value of every series in the Prometheus text format, for Prometheus to scrape.
 *
 * <p>How series are found with the read-only storage queries: for each stat of {@link StorageQueries#keys()}
 * (or the {@code stat} parameters), the raw samples of the last two poll intervals (the window {@code /latest}
 * uses), with every tag key of {@link StorageQueries#tagKeys()} as a column, newest first; the first row of each
 * distinct label set is that series' latest sample. A series without a sample in that window is not exported, as
 * Prometheus marks a series stale when it stops appearing. Work is bounded: at most {@code maxSeries} series per
 * answer (the rest is left out, with a comment saying so), and each stat's query asks for at most
 * {@link #ROWS_PER_SERIES} rows per series still allowed.
 *
 * <p>Thread-safe: no state beyond final collaborators.
 */
public final class FederateRoutes {

    /** The path. */
    public static final String PATH = "/federate";
    /** Every metric's prefix. */
    static final String PREFIX = "pulse_";
    /**
     * Rows read per series still allowed: two poll intervals hold two samples of a series polled on schedule; the
     * slack covers flushes and faster poll overrides.
     */
    static final int ROWS_PER_SERIES = 4;

    private final StorageQueries storage;
    private final Duration pollInterval;
    private final Clock clock;
    private final int maxSeries;
    private final int maxQueryParams;

    /**
     * @param storage        the active storage's queries
     * @param pollInterval   the server's poll interval: the window is two of them
     * @param clock          where "now" comes from
     * @param maxSeries      the most series in one answer
     * @param maxQueryParams the most query parameters accepted
     */
    public FederateRoutes(StorageQueries storage, Duration pollInterval, Clock clock, int maxSeries,
                          int maxQueryParams) {
        this.storage = storage;
        this.pollInterval = pollInterval;
        this.clock = clock;
        this.maxSeries = maxSeries;
        this.maxQueryParams = maxQueryParams;
    }

    /** The route. */
    public List<Route> routes() {
        return List.of(Route.get(PATH, false, this::federate));
    }

    void federate(ServerRequest req, ServerResponse res) {
        StatParameters.Selection selection = StatParameters.selection(
            QueryString.parse(req.query().rawValue(), maxQueryParams));
        res.header(HeaderNames.CONTENT_TYPE, PrometheusText.CONTENT_TYPE);
        res.send(exposition(selection).getBytes(StandardCharsets.UTF_8));
    }

    /** The answer's text. */
    String exposition(StatParameters.Selection selection) {
        List<String> columns = storage.tagKeys();
        long now = clock.millis();
        long from = now - 2 * pollInterval.toMillis();
        PrometheusText text = new PrometheusText();
        Map<String, String> families = new LinkedHashMap<>(); // metric name -> the stat that has it
        int left = maxSeries;
        for (String stat : storage.keys()) {
            if (!selection.stats().isEmpty() && !selection.stats().contains(stat)) {
                continue;
            }
            String name = PrometheusText.metricName(PREFIX + stat);
            String owner = families.putIfAbsent(name, stat);
            if (owner != null) {
                // Two stats sanitised to one name would make one family with clashing series: keep the first.
                text.comment("pulse: stat '" + stat + "' is left out: its name " + name + " is taken by '" + owner
                    + "'");
                continue;
            }
            if (left == 0) {
                text.comment("pulse: truncated at " + maxSeries + " series (federate-max-series); stat '" + stat
                    + "' and later ones are left out");
                break;
            }
            int limit = (int) Math.min(Integer.MAX_VALUE, (long) left * ROWS_PER_SERIES);
            List<RawRow> rows = storage.raw(new RawQuery(stat, selection.filter(), columns, limit, from, now));
            Map<Map<String, String>, RawRow> latest = new LinkedHashMap<>();
            for (RawRow row : rows) {
                Map<String, String> labels = labels(row);
                if (!latest.containsKey(labels)) {
                    if (latest.size() == left) {
                        text.comment("pulse: truncated at " + maxSeries + " series (federate-max-series) in stat '"
                            + stat + "'");
                        break;
                    }
                    latest.put(labels, row); // rows come newest first
                }
            }
            if (latest.isEmpty()) {
                continue;
            }
            text.gaugeFamily(name, "Pulse stat " + stat + " (latest value)");
            latest.forEach((labels, row) -> text.sample(name, labels, row.value(), row.timeMillis()));
            left -= latest.size();
        }
        return text.text();
    }

    /**
     * A row's tags as labels: names sanitised (the first tag keeps a name two keys sanitise to), and empty values
     * left out, which Prometheus treats as the same as an absent label (the storage reports a tag a series lacks as
     * the empty value).
     */
    private static Map<String, String> labels(RawRow row) {
        Map<String, String> labels = new LinkedHashMap<>();
        row.columns().forEach((key, value) -> {
            if (!value.isEmpty()) {
                labels.putIfAbsent(PrometheusText.labelName(key), value);
            }
        });
        return labels;
    }
}
