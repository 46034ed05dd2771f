package io.pulse.api.http.routes;

import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.pulse.api.http.json.SlotPoint;
import io.pulse.api.http.json.TimePoint;
import io.pulse.api.http.query.Buckets;
import io.pulse.api.http.query.DailySlots;
import io.pulse.api.http.query.QueryString;
import io.pulse.api.http.query.StatParameters;
import io.pulse.spi.storage.Fill;
import io.pulse.spi.storage.LatestQuery;
import io.pulse.spi.storage.Point;
import io.pulse.spi.storage.RangeQuery;
import io.pulse.spi.storage.RawQuery;
import io.pulse.spi.storage.RawRow;
import io.pulse.spi.storage.Source;
import io.pulse.spi.storage.StorageQueries;

import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The original's read routes: {@code /ping}, {@code /keys}, {@code /tags}, {@code /latest/{stat}},
 * {@code /hourly/{stat}}, {@code /daily/{stat}} and its alias {@code /daily_peaks/{stat}}. They translate query
 * parameters into the SPI's storage queries (never into query text) and shape the answers as the original did.
 * Thread-safe: no state beyond final collaborators.
 */
public final class StatsRoutes {

    /** The bucket of {@code /hourly}. */
    static final Duration HOUR = Duration.ofHours(1);
    /** The bucket {@code /daily} folds into slots of the day. */
    static final Duration QUARTER = Duration.ofMinutes(15);
    /** The answer when there is nothing to show, as the original wrote it. */
    static final String NOT_FOUND = "Not Found";

    private final StorageQueries storage;
    private final Duration pollInterval;
    private final Clock clock;
    private final ZoneId zone;
    private final Duration maxWindow;
    private final int maxQueryParams;
    private final Respond respond;

    /**
     * @param storage        the active storage's queries
     * @param pollInterval   the server's poll interval: the bucket of {@code /latest}
     * @param clock          where "now" comes from
     * @param zone           the zone naming {@code /daily} slots
     * @param maxWindow      the longest {@code start} accepted
     * @param maxQueryParams the most query parameters accepted
     * @param respond        the answer writer
     */
    public StatsRoutes(StorageQueries storage, Duration pollInterval, Clock clock, ZoneId zone, Duration maxWindow,
                       int maxQueryParams, Respond respond) {
        this.storage = storage;
        this.pollInterval = pollInterval;
        this.clock = clock;
        this.zone = zone;
        this.maxWindow = maxWindow;
        this.maxQueryParams = maxQueryParams;
        this.respond = respond;
    }

    /** The routes, in registration order. */
    public List<Route> routes() {
        return List.of(
            Route.get("/ping", false, (req, res) -> respond.text(res, 200, "pong")),
            Route.get("/keys", false, (req, res) -> respond.ok(res, storage.keys())),
            Route.get("/tags", false, (req, res) -> respond.ok(res, storage.tagKeys())),
            Route.get("/latest/{stat}", true, this::latest),
            Route.get("/hourly/{stat}", true, this::hourly),
            Route.get("/daily/{stat}", true, this::daily),
            Route.get("/daily_peaks/{stat}", true, this::daily));
    }

    /**
     * The verb over the latest poll-interval bucket within the last two poll intervals; with {@code verb=none} the
     * newest raw samples instead (one object for one row, an array with the repeated filter keys for several).
     */
    void latest(ServerRequest req, ServerResponse res) {
        String stat = stat(req);
        StatParameters.Latest p = StatParameters.latest(query(req));
        long now = clock.millis();
        if (p.verb().isPresent()) {
            Optional<Point> point = storage.latest(
                new LatestQuery(stat, p.verb().get(), p.filter(), pollInterval, now));
            Point found = point.orElseThrow(() -> ApiException.notFound(NOT_FOUND));
            respond.ok(res, new TimePoint(found.timeMillis(), found.value()));
            return;
        }
        List<RawRow> rows = storage.raw(
            new RawQuery(stat, p.filter(), p.columns(), p.limit(), now - 2 * pollInterval.toMillis(), now));
        if (rows.isEmpty()) {
            throw ApiException.notFound(NOT_FOUND);
        }
        if (rows.size() == 1) {
            respond.ok(res, new TimePoint(rows.get(0).timeMillis(), rows.get(0).value()));
            return;
        }
        respond.ok(res, rows.stream().map(StatsRoutes::rowObject).toList());
    }

    /** The verb per hour over the down-sampled data, ascending. */
    void hourly(ServerRequest req, ServerResponse res) {
        String stat = stat(req);
        StatParameters.Range p = StatParameters.range(query(req), Duration.ofDays(1), maxWindow);
        Window window = window(p);
        List<Point> points = aggregated(stat, p, window, HOUR);
        if (p.backfill().isPresent()) {
            points = Buckets.fill(points, window.from, window.to, HOUR.toMillis(), p.backfill().getAsDouble());
        }
        respond.ok(res, points.stream().map(pt -> new TimePoint(pt.timeMillis(), pt.value())).toList());
    }

    /** The verb per 15 minutes over the down-sampled data, averaged per slot of the day across days. */
    void daily(ServerRequest req, ServerResponse res) {
        String stat = stat(req);
        StatParameters.Range p = StatParameters.range(query(req), Duration.ofDays(7), maxWindow);
        List<Point> points = aggregated(stat, p, window(p), QUARTER);
        List<SlotPoint> slots = DailySlots.fold(points, zone, p.backfill());
        respond.ok(res, slots);
    }

    /** Buckets with a value; 404 when the window has none at all, as the original answered. */
    private List<Point> aggregated(String stat, StatParameters.Range p, Window window, Duration bucket) {
        List<Point> points = storage.range(new RangeQuery(stat, p.verb(), p.filter(), Source.AGGREGATED,
            window.from, window.to, bucket, Fill.NONE));
        if (points.isEmpty()) {
            throw ApiException.notFound(NOT_FOUND);
        }
        return points;
    }

    private Window window(StatParameters.Range p) {
        long now = clock.millis();
        return new Window(now - p.start().toMillis(), now - p.stop().toMillis());
    }

    private QueryString query(ServerRequest req) {
        return QueryString.parse(req.query().rawValue(), maxQueryParams);
    }

    private static String stat(ServerRequest req) {
        return req.path().pathParameters().get("stat");
    }

    /** A raw row as the original wrote it: time, value, then the requested tag columns. */
    private static Map<String, Object> rowObject(RawRow row) {
        Map<String, Object> object = new LinkedHashMap<>();
        object.put("time", row.timeMillis());
        object.put("value", row.value());
        row.columns().forEach((key, value) -> {
            if (!key.equals("time") && !key.equals("value")) {
                object.put(key, value);
            }
        });
        return object;
    }

    /** {@code (from, to)} in ms since the epoch. */
    private record Window(long from, long to) {
    }
}
