package io.pulse.storage.influxdb;

import io.pulse.spi.Health;
import io.pulse.spi.storage.Aggregation;
import io.pulse.spi.storage.LatestQuery;
import io.pulse.spi.storage.Point;
import io.pulse.spi.storage.TagFilter;
import io.pulse.storage.tck.ManualScheduler;
import io.pulse.storage.tck.TckPluginContext;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code write-interval}: samples of several writes reach InfluxDB in one request, sent by the write that finds them
 * an interval old, by the interval task when no write comes, before a query, when a request's worth is gathered,
 * and on close (to InfluxDB, or to the disk buffer while it is away).
 * A real influxd per test; requests are counted with influxd's own statistics ({@code GET /debug/vars}, the HTTP
 * service's {@code writeReq}).
 */
@RequiresInfluxd
class WriteIntervalTest extends InfluxdPerTest {

    private static final Pattern HTTPD_WRITE_REQUESTS = Pattern.compile("\"httpd:[^\\n]*?\"writeReq\":(\\d+)");
    private final HttpClient http = HttpClient.newHttpClient();

    /** Write requests influxd's HTTP service has answered since it started. */
    private long writeRequests() throws IOException, InterruptedException {
        String vars = http.send(HttpRequest.newBuilder(URI.create(influxd.url() + "/debug/vars")).build(),
            HttpResponse.BodyHandlers.ofString()).body();
        Matcher m = HTTPD_WRITE_REQUESTS.matcher(vars);
        assertTrue(m.find(), "influxd's statistics have the HTTP service's writeReq: " + vars);
        return Long.parseLong(m.group(1));
    }

    private InfluxDbStorage started(String db, String dir, Map<String, String> options) {
        InfluxDbStorage storage = harness.create(harness.context(db, dir, options));
        StorageHarness.start(storage);
        return storage;
    }

    @Test
    void theIntervalTaskSendsTheWritesOfAnIntervalInOneRequest() throws Exception {
        String db = StorageHarness.newDatabase();
        InfluxDbStorage storage = started(db, "pulse", Map.of("write-interval", "2s"));
        long requestsBefore = writeRequests();
        writeBatches(storage, 0, 5);
        assertEquals(0, countInInfluxdb(db), "gathered, not sent yet");
        StorageHarness.await("the interval's request", SETTLE, () -> countInInfluxdb(db) == 50);
        assertEquals(requestsBefore + 1, writeRequests(), "five writes, one request");

        storage.write(batch(5));
        StorageHarness.await("the next interval's request", SETTLE, () -> countInInfluxdb(db) == 60);
        assertEquals(requestsBefore + 2, writeRequests());
    }

    /**
     * While writes keep coming, the write that finds the gathered lines an interval old sends them (the interval
     * task is a manual one here, run by hand: it only covers pauses in writes).
     */
    @Test
    void theWriteThatFindsTheLinesAnIntervalOldSendsThem() throws Exception {
        String db = StorageHarness.newDatabase();
        ManualScheduler scheduler = new ManualScheduler();
        InfluxDbStorage storage = harness.create(StorageHarness.contextBuilder(influxd.url(), harness.serverDir("pulse"),
                Map.of("database", db, "write-interval", "300ms"), TckPluginContext.RETENTION,
                TckPluginContext.AGGREGATE_INTERVAL)
            .scheduler(scheduler)
            .build());
        StorageHarness.start(storage);
        long requestsBefore = writeRequests();
        storage.write(batch(0));
        storage.write(batch(1));
        assertEquals(0, countInInfluxdb(db), "younger than the interval");
        scheduler.run("influxdb-write");
        assertEquals(0, countInInfluxdb(db), "the task leaves lines younger than the interval");
        Thread.sleep(350);
        storage.write(batch(2));
        assertEquals(30, countInInfluxdb(db), "the write that found them 300 ms old sent them with its own");
        assertEquals(requestsBefore + 1, writeRequests());

        storage.write(batch(3));
        Thread.sleep(350);
        assertEquals(30, countInInfluxdb(db), "no write came: the lines wait for the task");
        scheduler.run("influxdb-write");
        assertEquals(40, countInInfluxdb(db), "the task sent what waited an interval");
        assertEquals(requestsBefore + 2, writeRequests());
    }

    @Test
    void aQueryThroughTheStorageSeesEveryReturnedWrite() throws Exception {
        String db = StorageHarness.newDatabase();
        InfluxDbStorage storage = started(db, "pulse", Map.of("write-interval", "1m"));
        long requestsBefore = writeRequests();
        writeBatches(storage, 0, 3);
        assertEquals(0, countInInfluxdb(db), "gathered for a minute");
        Optional<Point> latest = storage.latest(new LatestQuery("load", Aggregation.of(Aggregation.Function.MAX),
            TagFilter.anyOf("host", "h3"), Duration.ofSeconds(1), origin + 2));
        assertEquals(2.0, latest.orElseThrow().value(), "the newest sample, from the last write");
        assertEquals(30, countInInfluxdb(db));
        assertEquals(requestsBefore + 1, writeRequests(), "the query sent the three writes in one request");
        storage.latest(new LatestQuery("load", Aggregation.MEAN, TagFilter.none(), Duration.ofSeconds(1), origin + 2));
        assertEquals(requestsBefore + 1, writeRequests(), "nothing gathered, nothing sent");
    }

    @Test
    void aRequestsWorthIsSentAtOnce() throws Exception {
        String db = StorageHarness.newDatabase();
        InfluxDbStorage storage = started(db, "pulse", Map.of("write-interval", "1m", "batch-max-points", "25"));
        long requestsBefore = writeRequests();
        writeBatches(storage, 0, 3);
        assertEquals(25, countInInfluxdb(db), "batch-max-points lines went out in the write that gathered them");
        assertEquals(requestsBefore + 1, writeRequests());
        storage.close();
        assertEquals(30, countInInfluxdb(db), "the rest on close");
        assertEquals(requestsBefore + 2, writeRequests());
    }

    @Test
    void closeSendsWhatIsGathered() throws Exception {
        String db = StorageHarness.newDatabase();
        InfluxDbStorage storage = started(db, "pulse", Map.of("write-interval", "1m"));
        long requestsBefore = writeRequests();
        writeBatches(storage, 0, 4);
        assertEquals(0, countInInfluxdb(db));
        storage.close();
        assertEquals(40, countInInfluxdb(db), "nothing gathered is lost on shutdown");
        assertEquals(requestsBefore + 1, writeRequests());
    }

    @Test
    void whatIsGatheredWhileInfluxdbIsAwayIsBufferedOnCloseAndReplayedByTheNextRun() {
        String db = StorageHarness.newDatabase();
        InfluxDbStorage first = started(db, "pulse", Map.of("write-interval", "1m"));
        first.write(batch(0));
        influxd.stop();
        writeBatches(first, 1, 5);
        assertEquals(0, first.bufferedSamples(), "gathered in memory, not yet buffered");
        first.close();

        InfluxDbStorage second = harness.create(harness.context(db, "pulse", Map.of("write-interval", "1m")));
        StorageHarness.start(second);
        assertEquals(Health.Status.DOWN, second.health().status());
        assertTrue(second.health().detail().contains("buffered 50 samples"), second.health().detail());
        influxd.restart();
        StorageHarness.await("the buffer to drain", SETTLE, () -> second.bufferedSamples() == 0 && second.health().isUp());
        assertEquals(50, countInInfluxdb(db), "every sample gathered before and during the outage");
    }
}
