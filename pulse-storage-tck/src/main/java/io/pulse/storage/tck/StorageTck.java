package io.pulse.storage.tck;

import io.pulse.spi.stats.Sample;
import io.pulse.spi.stats.Tags;
import io.pulse.spi.storage.Aggregation;
import io.pulse.spi.storage.Fill;
import io.pulse.spi.storage.LatestQuery;
import io.pulse.spi.storage.Point;
import io.pulse.spi.storage.RangeQuery;
import io.pulse.spi.storage.RawQuery;
import io.pulse.spi.storage.RawRow;
import io.pulse.spi.storage.SeriesHandle;
import io.pulse.spi.storage.Source;
import io.pulse.spi.storage.Storage;
import io.pulse.spi.storage.StorageFactory;
import io.pulse.spi.storage.TagFilter;
import io.pulse.spi.storage.WriteResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The storage TCK: every {@link Storage} must pass these tests. They check the contract written in the SPI's
 * javadoc ({@link Storage}, {@link LatestQuery}, {@link RawQuery}, {@link RangeQuery}, {@link Aggregation},
 * {@link TagFilter}, {@link Fill}, {@link Source}) with known samples at known times.
 *
 * <h2>Running it</h2>
 * Extend this class in your plugin's test sources and return your factory:
 * <pre>{@code
 * class AcmeStorageTckTest extends StorageTck {
 *     @Override protected StorageFactory factory() { return new AcmeStorageFactory(); }
 *     @Override protected Map<String, String> options(String storeId) { return Map.of("database", storeId); }
 * }
 * }</pre>
 *
 * <h2>What it assumes</h2>
 * <ul>
 *   <li>Each test gets a fresh, empty store: a new data directory and a new {@code storeId} (letters, digits and
 *   {@code _}, unique per test) that a backend with an external database uses to name a fresh database through
 *   {@link #options(String)}; {@link #discardStore} cleans up after the test.</li>
 *   <li>The server settings are the original's: poll 60 s, aggregate 15 min, raw retention 8 h, retention 1 week
 *   ({@link TckPluginContext#defaultSettings()}).</li>
 *   <li>Samples are written at times relative to the <em>real</em> current time (the hour before last, see
 *   {@link #base()}), so a database that drops points older than its raw retention by its own clock accepts them.
 *   Queries pass an explicit "now" and down-sampling is triggered with {@link Storage#maintain(long)}; nothing
 *   waits for wall-clock time.</li>
 * </ul>
 *
 * <p>Doubles are compared with a relative tolerance of {@value #TOLERANCE}. Value sets avoid ties wherever two
 * correct backends could legitimately order them differently.
 */
public abstract class StorageTck {

    /** Relative tolerance for comparing doubles. */
    protected static final double TOLERANCE = 1e-9;

    private static final long SECOND = 1_000;
    private static final long MINUTE = 60 * SECOND;
    private static final long HOUR = 60 * MINUTE;
    private static final Duration POLL = TckPluginContext.POLL_INTERVAL;
    private static final AtomicInteger STORES = new AtomicInteger();

    /** Series used throughout. */
    private static final Tags A = Tags.of("host", "a", "service", "web1");
    private static final Tags B = Tags.of("host", "b", "service", "web2");
    private static final Tags C = Tags.of("host", "c");

    private Path serverDataDir;
    private TckPluginContext context;
    private Storage storage;
    private String storeId;
    private long base;

    // ------------------------------------------------------------------------------------------------ vendor hooks

    /** The factory under test. */
    protected abstract StorageFactory factory();

    /**
     * The factory's options for the store {@code storeId}, as an operator writes them in its config-file section:
     * option key to text (e.g. the database's address, and a database named after the store). They are parsed as the
     * kernel parses them. Called once per test; {@link #reopen()} reuses the context.
     */
    protected Map<String, String> options(String storeId) {
        return Map.of();
    }

    /**
     * Called after the TCK's writes, before it queries. The contract says a write is visible when it returns, so a
     * conforming backend needs nothing here; a backend with documented eventual visibility may wait here.
     */
    protected void awaitQueryable(Storage storage) {
    }

    /**
     * Whether the backend accepts samples older than its raw retention (so the TCK can write one and check that
     * {@code maintain} makes it disappear). A database that drops such points on write answers false.
     */
    protected boolean acceptsSamplesOlderThanRawRetention() {
        return true;
    }

    /**
     * Whether expiry follows the {@code nowMillis} given to {@link Storage#maintain(long)} (so the TCK can expire data
     * by passing a future time). A database that enforces retention by its own clock answers false.
     */
    protected boolean expiresRelativeToMaintainTime() {
        return true;
    }

    /**
     * Whether the backend may refuse to store a stat of this name (e.g. InfluxDB cannot store a field named
     * {@code time}). {@link Storage#write} must report a refused name in its {@link WriteResult} (a
     * {@link WriteResult.Refusal} naming the stat) and store the batch's other samples; every other name must be
     * stored.
     */
    protected boolean mayRefuseStatName(String stat) {
        return false;
    }

    /** Whether a store re-created from the same data directory and configuration finds its data again. */
    protected boolean persistsAcrossRestart() {
        return true;
    }

    /** Releases what the store {@code storeId} left outside its data directory (e.g. drops its database). */
    protected void discardStore(String storeId, TckPluginContext context) {
    }

    /** The real current time, ms since the epoch; {@link #base()} derives from it. */
    protected long realNowMillis() {
        return System.currentTimeMillis();
    }

    // ------------------------------------------------------------------------------------------------- lifecycle

    @BeforeEach
    public final void openStore() throws Exception {
        storeId = "tck_" + ProcessHandle.current().pid() + "_" + STORES.incrementAndGet() + "_"
            + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x10000));
        serverDataDir = Files.createTempDirectory("pulse-tck-");
        long now = realNowMillis();
        base = Math.floorDiv(now, HOUR) * HOUR - 3 * HOUR;
        context = TckPluginContext.builder(factory(), serverDataDir)
            .options(options(storeId))
            .build();
        storage = factory().create(context);
        storage.start();
    }

    @AfterEach
    public final void closeStore() {
        try {
            if (storage != null) {
                storage.close();
            }
            discardStore(storeId, context);
        } finally {
            deleteRecursively(serverDataDir);
        }
    }

    /** The store under test. */
    protected final Storage storage() {
        return storage;
    }

    /** The context the store was created with. */
    protected final TckPluginContext context() {
        return context;
    }

    /** This test's store id. */
    protected final String storeId() {
        return storeId;
    }

    /**
     * The time origin of the fixtures: the real current time floored to the hour, minus 3 hours. Every fixture
     * sample lies within 5 hours of the real time, and the whole of the two hours after {@code base} is in the past.
     */
    protected final long base() {
        return base;
    }

    /** Closes the store and creates (and starts) a new one from the same context: same data dir, same store id. */
    protected final Storage reopen() throws Exception {
        storage.close();
        storage = null;
        storage = factory().create(context);
        storage.start();
        return storage;
    }

    // ------------------------------------------------------------------------------------------- keys and tags

    @Test
    public void anEmptyStoreAnswersEmpty() {
        assertEquals(List.of(), storage.keys(), "keys of an empty store");
        assertEquals(List.of(), storage.tagKeys(), "tag keys of an empty store");
        assertEquals(Optional.empty(), latest("cpu_used", "mean", TagFilter.none(), t(0, 10, 30)));
        assertEquals(List.of(), storage.raw(new RawQuery("cpu_used", TagFilter.none(), List.of(), 10, base - HOUR, base + HOUR)));
        assertEquals(List.of(), range("cpu_used", "mean", TagFilter.none(), Source.AGGREGATED, base - HOUR, base + HOUR,
            Duration.ofHours(1), Fill.ZERO), "fill applies only when the range has a value");
        assertEquals(List.of(), range("cpu_used", "mean", TagFilter.none(), Source.RAW, base - HOUR, base + HOUR,
            Duration.ofMinutes(15), Fill.value(3)), "fill applies only when the range has a value");
        assertTrue(storage.health().isUp(), () -> "health after start: " + storage.health());
    }

    @Test
    public void keysAndTagKeysAreSortedAndDistinct() {
        write(sample("ram_used", A, t(0, 1, 0), 1),
            sample("cpu_used", Tags.of("host", "b", "region", "eu"), t(0, 1, 0), 2),
            sample("cpu_used", A, t(0, 2, 0), 3),
            sample("disk_used", Tags.of("host", "a", "mount", "/var"), t(0, 2, 0), 4));
        write(sample("cpu_used", A, t(0, 3, 0), 5));
        assertEquals(List.of("cpu_used", "disk_used", "ram_used"), storage.keys());
        assertEquals(List.of("host", "mount", "region", "service"), storage.tagKeys());
    }

    @Test
    public void tagKeysAreEmptyWhenNoSeriesHasTags() {
        write(sample("uptime", Tags.empty(), t(0, 10, 0), 12));
        assertEquals(List.of("uptime"), storage.keys());
        assertEquals(List.of(), storage.tagKeys());
        assertPoint(t(0, 10, 0), 12, latest("uptime", "mean", TagFilter.none(), t(0, 10, 30)));
    }

    @Test
    public void writingNothingIsHarmless() {
        assertEquals(WriteResult.accepted(0), storage.write(List.of()));
        assertEquals(List.of(), storage.keys());
    }

    @Test
    public void aCompleteWriteAcceptsEverySample() {
        WriteResult result = storage.write(List.of(sample("cpu_used", A, t(0, 1, 0), 1), sample("cpu_used", B, t(0, 1, 0), 2),
            sample("cpu_used", A, t(0, 2, 0), 3), sample("ram_used", C, t(0, 2, 0), 4)));
        assertEquals(WriteResult.accepted(4), result, "a batch the backend can store completely");
        assertTrue(result.isComplete());
    }

    // ------------------------------------------------------------------------------------------ series handles

    @Test
    public void askingForASeriesHandleCreatesNothing() {
        storage.seriesHandle("cpu_used", A);
        assertEquals(List.of(), storage.keys(), "keys after only asking for a handle");
        assertEquals(List.of(), storage.tagKeys(), "tag keys after only asking for a handle");
    }

    @Test
    public void writingWithSeriesHandlesStoresWhatAPlainWriteStores() {
        // a storage without handles returns null: the kernel then passes null handles, which must work too
        SeriesHandle a = storage.seriesHandle("cpu_used", A);
        SeriesHandle b = storage.seriesHandle("cpu_used", B);
        List<Sample> first = List.of(sample("cpu_used", A, t(0, 1, 0), 1), sample("cpu_used", B, t(0, 1, 0), 2),
            sample("ram_used", C, t(0, 1, 0), 3));
        assertEquals(WriteResult.accepted(3), storage.write(first, new SeriesHandle[] {a, b, null}), "the write's result");
        List<Sample> second = List.of(sample("cpu_used", A, t(0, 2, 0), 4), sample("cpu_used", B, t(0, 2, 0), 5));
        assertEquals(WriteResult.accepted(2), storage.write(second, new SeriesHandle[] {a, b}), "the write's result");
        write(sample("cpu_used", A, t(0, 3, 0), 6));  // and without a handle, into the same series
        assertEquals(List.of("cpu_used", "ram_used"), storage.keys());
        assertEquals(List.of(row(t(0, 3, 0), 6, "host", "a"), row(t(0, 2, 0), 4, "host", "a"), row(t(0, 1, 0), 1, "host", "a")),
            storage.raw(new RawQuery("cpu_used", TagFilter.anyOf("host", "a"), List.of("host"), 10, base - HOUR, t(1, 0, 0))));
        assertEquals(List.of(row(t(0, 2, 0), 5, "host", "b"), row(t(0, 1, 0), 2, "host", "b")),
            storage.raw(new RawQuery("cpu_used", TagFilter.anyOf("host", "b"), List.of("host"), 10, base - HOUR, t(1, 0, 0))));
        assertPoint(t(0, 1, 0), 3, latest("ram_used", "mean", TagFilter.none(), t(0, 1, 30)));
    }

    @Test
    public void aSeriesHandleOutlivesTheExpiryOfItsSeries() {
        Assumptions.assumeTrue(expiresRelativeToMaintainTime(), "the backend expires data by its own clock");
        SeriesHandle a = storage.seriesHandle("cpu_used", A);
        assertEquals(WriteResult.accepted(1), storage.write(List.of(sample("cpu_used", A, t(0, 1, 0), 1)),
            new SeriesHandle[] {a}));
        storage.maintain(t(0, 1, 0) + TckPluginContext.RETENTION.toMillis() + HOUR);
        awaitQueryable(storage);
        assertEquals(List.of(), storage.keys(), "keys once the series expired");
        assertEquals(WriteResult.accepted(1), storage.write(List.of(sample("cpu_used", A, t(0, 5, 0), 7)),
            new SeriesHandle[] {a}), "a write through the handle of an expired series");
        awaitQueryable(storage);
        assertEquals(List.of("cpu_used"), storage.keys());
        assertEquals(List.of(row(t(0, 5, 0), 7)),
            storage.raw(new RawQuery("cpu_used", TagFilter.none(), List.of(), 10, base - HOUR, t(1, 0, 0))));
    }

    // -------------------------------------------------------------------------------------------------- latest

    @Test
    public void latestIsTheVerbOverTheMostRecentBucket() {
        write(sample("cpu_used", A, t(0, 9, 10), 3),
            sample("cpu_used", A, t(0, 10, 10), 5),
            sample("cpu_used", A, t(0, 10, 20), 7));
        assertPoint(t(0, 10, 0), 6, latest("cpu_used", "mean", TagFilter.none(), t(0, 10, 30)));
        assertPoint(t(0, 10, 0), 2, latest("cpu_used", "count", TagFilter.none(), t(0, 10, 30)));
    }

    @Test
    public void latestFallsBackToTheEarlierBucketAndIgnoresTheFuture() {
        write(sample("cpu_used", A, t(0, 7, 0), 100),   // before the window
            sample("cpu_used", A, t(0, 9, 10), 3),
            sample("cpu_used", A, t(0, 9, 40), 4),
            sample("cpu_used", A, t(0, 10, 40), 200));  // after "now"
        assertPoint(t(0, 9, 0), 3.5, latest("cpu_used", "mean", TagFilter.none(), t(0, 10, 30)));
    }

    @Test
    public void latestWindowIsExclusiveAtItsStartAndInclusiveAtNow() {
        long now = t(0, 10, 30);
        write(sample("cpu_used", A, now - 2 * POLL.toMillis(), 50), // exactly the window start: excluded
            sample("cpu_used", A, t(0, 8, 31), 8));
        assertPoint(t(0, 8, 0), 8, latest("cpu_used", "mean", TagFilter.none(), now),
            "a bucket that starts before the window is timed at its start, and holds only the values in the window");
        write(sample("cpu_used", A, now, 9));
        assertPoint(t(0, 10, 0), 9, latest("cpu_used", "mean", TagFilter.none(), now), "a sample at now is included");
    }

    @Test
    public void latestIsEmptyWhenTheWindowHasNoSample() {
        write(sample("cpu_used", A, t(0, 5, 0), 1));
        assertEquals(Optional.empty(), latest("cpu_used", "mean", TagFilter.none(), t(0, 10, 30)), "sample too old");
        assertEquals(Optional.empty(), latest("cpu_used", "mean", TagFilter.none(), t(0, 5, 0) - 1), "sample in the future");
        assertEquals(Optional.empty(), latest("other", "mean", TagFilter.none(), t(0, 5, 30)), "unknown stat");
        assertPoint(t(0, 5, 0), 1, latest("cpu_used", "mean", TagFilter.none(), t(0, 5, 30)));
    }

    @Test
    public void latestCombinesEveryMatchingSeries() {
        write(sample("cpu_used", A, t(0, 10, 5), 2),
            sample("cpu_used", B, t(0, 10, 15), 4),
            sample("cpu_used", C, t(0, 9, 15), 100));
        long now = t(0, 10, 30);
        assertPoint(t(0, 10, 0), 3, latest("cpu_used", "mean", TagFilter.none(), now));
        assertPoint(t(0, 10, 0), 2, latest("cpu_used", "count", TagFilter.none(), now));
        assertPoint(t(0, 9, 0), 100, latest("cpu_used", "mean", TagFilter.anyOf("host", "c"), now));
        assertPoint(t(0, 10, 0), 4, latest("cpu_used", "max", TagFilter.anyOf("host", "a", "b"), now));
    }

    @Test
    public void latestSkipsBucketsWhereTheVerbGivesNoValue() {
        write(sample("cpu_used", A, t(0, 9, 10), 1),
            sample("cpu_used", A, t(0, 9, 20), 3),
            sample("cpu_used", A, t(0, 10, 10), 5));
        long now = t(0, 10, 30);
        assertPoint(t(0, 9, 0), Math.sqrt(2), latest("cpu_used", "stddev", TagFilter.none(), now),
            "stddev of one value gives no value, so the earlier bucket answers");
        assertPoint(t(0, 10, 0), 5, latest("cpu_used", "mean", TagFilter.none(), now));
        write(sample("cpu_used", B, t(0, 3, 10), 1),
            sample("cpu_used", B, t(0, 3, 20), 2),
            sample("cpu_used", B, t(0, 3, 30), 3));
        assertEquals(Optional.empty(), latest("cpu_used", "p10", TagFilter.anyOf("host", "b"), t(0, 4, 0)),
            "p10 of three values has rank 0: no value");
    }

    @Test
    public void latestUsesTheQueryInterval() {
        write(sample("cpu_used", A, t(0, 10, 5), 100),   // before the window (now - 20 s, now]
            sample("cpu_used", A, t(0, 10, 12), 1),
            sample("cpu_used", A, t(0, 10, 25), 2),
            sample("cpu_used", A, t(0, 10, 28), 4));
        Optional<Point> p = storage.latest(new LatestQuery("cpu_used", Aggregation.MEAN, TagFilter.none(),
            Duration.ofSeconds(10), t(0, 10, 30)));
        assertPoint(t(0, 10, 20), 3, p);
    }

    // --------------------------------------------------------------------------------------------------- verbs

    /** Six values without ties except the mode, over two series, in one poll bucket; in time order. */
    private void writeVerbFixture() {
        double[] values = {7, 4, 1, 10, 4, 2};
        List<Sample> samples = new ArrayList<>();
        for (int i = 0; i < values.length; i++) {
            samples.add(sample("load", i % 2 == 0 ? A : B, t(0, 10, i + 1), values[i]));
        }
        write(samples.toArray(Sample[]::new));
    }

    @Test
    public void everyVerbOverKnownValues() {
        writeVerbFixture();
        Map<String, Double> expected = new LinkedHashMap<>();
        expected.put("mean", 28.0 / 6);
        expected.put("median", 4.0);
        expected.put("mode", 4.0);
        expected.put("count", 6.0);
        expected.put("sum", 28.0);
        expected.put("min", 1.0);
        expected.put("max", 10.0);
        expected.put("first", 7.0);
        expected.put("last", 2.0);
        expected.put("spread", 9.0);
        expected.put("stddev", Math.sqrt(166.0 / 15));
        expected.put("p10", 1.0);
        expected.put("p33.3", 2.0);
        expected.put("p50", 4.0);
        expected.put("percentile_75", 7.0);
        expected.put("p95", 10.0);
        expected.put("p100", 10.0);
        expected.forEach((verb, value) ->
            assertPoint(t(0, 10, 0), value, latest("load", verb, TagFilter.none(), t(0, 10, 30)), "verb " + verb));
    }

    @Test
    public void medianOfAnOddCountIsTheMiddleValue() {
        write(sample("load", A, t(0, 10, 1), 5), sample("load", A, t(0, 10, 2), 1), sample("load", A, t(0, 10, 3), 3));
        assertPoint(t(0, 10, 0), 3, latest("load", "median", TagFilter.none(), t(0, 10, 30)));
        assertPoint(t(0, 10, 0), 3, latest("load", "p50", TagFilter.none(), t(0, 10, 30)));
    }

    // ------------------------------------------------------------------------------------------------------ raw

    @Test
    public void rawRowsAreNewestFirstWithTheRequestedColumns() {
        Tags d = Tags.of("host", "d");
        write(sample("cpu_used", A, t(0, 9, 0), 1),
            sample("cpu_used", B, t(0, 9, 20), 2),
            sample("cpu_used", A, t(0, 9, 40), 3),
            sample("cpu_used", B, t(0, 10, 0), 4),
            sample("cpu_used", d, t(0, 10, 10), 5));
        List<RawRow> rows = storage.raw(new RawQuery("cpu_used", TagFilter.none(), List.of("service", "host"), 10,
            t(0, 8, 30), t(0, 10, 10)));
        assertEquals(List.of(
                row(t(0, 10, 10), 5, "service", "", "host", "d"),
                row(t(0, 10, 0), 4, "service", "web2", "host", "b"),
                row(t(0, 9, 40), 3, "service", "web1", "host", "a"),
                row(t(0, 9, 20), 2, "service", "web2", "host", "b"),
                row(t(0, 9, 0), 1, "service", "web1", "host", "a")),
            rows);
        assertEquals(List.of("service", "host"), List.copyOf(rows.get(0).columns().keySet()), "columns in request order");

        assertEquals(List.of(row(t(0, 10, 10), 5, "host", "d"), row(t(0, 10, 0), 4, "host", "b")),
            storage.raw(new RawQuery("cpu_used", TagFilter.none(), List.of("host"), 2, t(0, 8, 30), t(0, 10, 10))),
            "limit keeps the newest");
        assertEquals(List.of(row(t(0, 10, 0), 4), row(t(0, 9, 40), 3), row(t(0, 9, 20), 2)),
            storage.raw(new RawQuery("cpu_used", TagFilter.none(), List.of(), 10, t(0, 9, 0), t(0, 10, 0))),
            "window start exclusive, end inclusive");
        assertEquals(List.of(row(t(0, 9, 40), 3, "service", "web1"), row(t(0, 9, 0), 1, "service", "web1")),
            storage.raw(new RawQuery("cpu_used", TagFilter.anyOf("service", "web1"), List.of("service"), 10,
                t(0, 8, 30), t(0, 10, 10))), "filtered");
        assertEquals(List.of(), storage.raw(new RawQuery("nothing", TagFilter.none(), List.of(), 10, t(0, 8, 30),
            t(0, 10, 10))), "unknown stat");
    }

    @Test
    public void rawRowsWithTheSameTimeAreOrderedBySeriesTags() {
        long at = t(0, 10, 0);
        write(sample("cpu_used", B, at, 2), sample("cpu_used", C, at, 3), sample("cpu_used", A, at, 1),
            sample("cpu_used", A, at - SECOND, 0));
        assertEquals(List.of(row(at, 1, "host", "a"), row(at, 2, "host", "b"), row(at, 3, "host", "c"),
                row(at - SECOND, 0, "host", "a")),
            storage.raw(new RawQuery("cpu_used", TagFilter.none(), List.of("host"), 10, at - MINUTE, at)));
    }

    // ------------------------------------------------------------------------------------------------- filters

    /** One sample per series, valued by distinct powers of two, so a sum names exactly the matching series. */
    private void writeFilterFixture() {
        long at = t(0, 10, 0);
        write(sample("cpu_used", Tags.of("host", "a", "service", "web1"), at, 1),
            sample("cpu_used", Tags.of("host", "b", "service", "web2"), at + 1, 2),
            sample("cpu_used", Tags.of("host", "c", "service", "web1", "region", "eu west"), at + 2, 4),
            sample("cpu_used", Tags.of("host", "x,y=z", "service", "web3"), at + 3, 8),
            sample("cpu_used", Tags.of("host", "d"), at + 4, 16),
            sample("cpu_used", Tags.of("host", "e", "service", "Web1"), at + 5, 32),
            sample("cpu_used", Tags.of("host", "say \"hi\", it's me"), at + 6, 64),
            sample("cpu_used", Tags.of("host", "c:\\temp dir"), at + 7, 128));
    }

    @Test
    public void tagFiltersOrWithinAKeyAndAcrossKeys() {
        writeFilterFixture();
        assertFilterSum(255, TagFilter.none());
        assertFilterSum(5, TagFilter.anyOf("service", "web1"));
        assertFilterSum(7, TagFilter.anyOf("service", "web1", "web2"));
        assertFilterSum(4, filter("service", List.of("web1"), "host", List.of("c")));
        assertFilterSum(1, filter("service", List.of("web1"), "host", List.of("a", "b")));
        assertFilterSum(3, filter("host", List.of("a", "b", "d"), "service", List.of("web1", "web2")));
    }

    @Test
    public void tagFiltersCompareExactlyAndNeedTheKey() {
        writeFilterFixture();
        assertFilterSum(0, filter("host", List.of("d"), "service", List.of("web1")));
        assertFilterSum(4, TagFilter.anyOf("region", "eu west"));
        assertFilterSum(0, TagFilter.anyOf("region", "eu"));
        assertFilterSum(0, TagFilter.anyOf("service", "web"));
        assertFilterSum(0, TagFilter.anyOf("service", "WEB1"));
        assertFilterSum(32, TagFilter.anyOf("service", "Web1"));
        assertFilterSum(0, TagFilter.anyOf("zone", "a"));
        assertFilterSum(0, TagFilter.anyOf("host", "*"));
        assertFilterSum(0, TagFilter.anyOf("host", ".*"));
    }

    @Test
    public void tagFilterValuesWithSpacesCommasEqualsQuotesAndBackslashes() {
        writeFilterFixture();
        assertFilterSum(8, TagFilter.anyOf("host", "x,y=z"));
        assertFilterSum(64, TagFilter.anyOf("host", "say \"hi\", it's me"));
        assertFilterSum(128, TagFilter.anyOf("host", "c:\\temp dir"));
        assertFilterSum(200, TagFilter.anyOf("host", "x,y=z", "say \"hi\", it's me", "c:\\temp dir"));
        assertFilterSum(0, TagFilter.anyOf("host", "x"));
        List<RawRow> rows = storage.raw(new RawQuery("cpu_used", TagFilter.anyOf("host", "say \"hi\", it's me",
            "c:\\temp dir"), List.of("host"), 5, t(0, 9, 0), t(0, 10, 30)));
        assertEquals(List.of(row(t(0, 10, 0) + 7, 128, "host", "c:\\temp dir"),
            row(t(0, 10, 0) + 6, 64, "host", "say \"hi\", it's me")), rows);
    }

    @Test
    public void tagFiltersApplyToRangeQueries() {
        writeFilterFixture();
        List<Point> points = range("cpu_used", "sum", TagFilter.anyOf("service", "web1", "web3"), Source.RAW,
            base - 1, base + HOUR, Duration.ofHours(1), Fill.NONE);
        assertPoints(points, new long[] {base}, new double[] {13});
    }

    // ------------------------------------------------------------------------------------ range and down-sampling

    /**
     * Two hours of data from {@link #base()} in the eight 15-min buckets k = 0..7: series A (host a) has three samples
     * per bucket valued 10k+1, 10k+2, 10k+3 (mean 10k+2); series B (host b) has one sample per bucket valued 100+k,
     * except bucket 2 where it has none. Then {@code maintain} at base + 2h05m aggregates all eight buckets.
     */
    private void writeAggregationFixture() {
        List<Sample> samples = new ArrayList<>();
        for (int k = 0; k < 8; k++) {
            long bucket = base + k * 15 * MINUTE;
            for (int j = 0; j < 3; j++) {
                samples.add(sample("cpu_used", Tags.of("host", "a"), bucket + (1 + 5 * j) * MINUTE, 10 * k + 1 + j));
            }
            if (k != 2) {
                samples.add(sample("cpu_used", Tags.of("host", "b"), bucket + 7 * MINUTE, 100 + k));
            }
        }
        samples.sort(Comparator.comparingLong(Sample::timeMillis));
        write(samples.toArray(Sample[]::new));
        storage.maintain(t(2, 5, 0));
        awaitQueryable(storage);
    }

    private static final double HOUR0_MEAN = (2 + 12 + 22 + 32 + 100 + 101 + 103) / 7.0;
    private static final double HOUR1_MEAN = (42 + 52 + 62 + 72 + 104 + 105 + 106 + 107) / 8.0;

    @Test
    public void hourlyRangeReadsTheAggregates() {
        writeAggregationFixture();
        TagFilter all = TagFilter.none();
        assertPoints(range("cpu_used", "mean", all, Source.AGGREGATED, base - 1, t(2, 0, 0), Duration.ofHours(1), Fill.NONE),
            new long[] {base, base + HOUR}, new double[] {HOUR0_MEAN, HOUR1_MEAN});
        assertPoints(range("cpu_used", "count", all, Source.AGGREGATED, base - 1, t(2, 0, 0), Duration.ofHours(1), Fill.NONE),
            new long[] {base, base + HOUR}, new double[] {7, 8});
        assertPoints(range("cpu_used", "max", all, Source.AGGREGATED, base - 1, t(2, 0, 0), Duration.ofHours(1), Fill.NONE),
            new long[] {base, base + HOUR}, new double[] {103, 107});
        assertPoints(range("cpu_used", "min", all, Source.AGGREGATED, base - 1, t(2, 0, 0), Duration.ofHours(1), Fill.NONE),
            new long[] {base, base + HOUR}, new double[] {2, 42});
        TagFilter a = TagFilter.anyOf("host", "a");
        assertPoints(range("cpu_used", "first", a, Source.AGGREGATED, base - 1, t(2, 0, 0), Duration.ofHours(1), Fill.NONE),
            new long[] {base, base + HOUR}, new double[] {2, 42});
        assertPoints(range("cpu_used", "last", a, Source.AGGREGATED, base - 1, t(2, 0, 0), Duration.ofHours(1), Fill.NONE),
            new long[] {base, base + HOUR}, new double[] {32, 72});
        assertPoints(range("cpu_used", "sum", a, Source.AGGREGATED, base - 1, t(2, 0, 0), Duration.ofHours(1), Fill.NONE),
            new long[] {base, base + HOUR}, new double[] {68, 228});
    }

    @Test
    public void fifteenMinuteRangeHasOneMeanPerSeriesAndBucket() {
        writeAggregationFixture();
        long[] times = new long[8];
        double[] both = new double[8];
        double[] onlyA = new double[8];
        for (int k = 0; k < 8; k++) {
            times[k] = base + k * 15 * MINUTE;
            onlyA[k] = 10 * k + 2;
            both[k] = k == 2 ? 22 : (10 * k + 2 + 100 + k) / 2.0;
        }
        Duration quarter = Duration.ofMinutes(15);
        assertPoints(range("cpu_used", "mean", TagFilter.none(), Source.AGGREGATED, base - 1, t(2, 0, 0), quarter, Fill.NONE),
            times, both);
        assertPoints(range("cpu_used", "mean", TagFilter.anyOf("host", "a"), Source.AGGREGATED, base - 1, t(2, 0, 0),
            quarter, Fill.NONE), times, onlyA);
        double[] counts = {2, 2, 1, 2, 2, 2, 2, 2};
        assertPoints(range("cpu_used", "count", TagFilter.none(), Source.AGGREGATED, base - 1, t(2, 0, 0), quarter, Fill.NONE),
            times, counts);
    }

    @Test
    public void rangeStartAndStopAreExclusive() {
        writeAggregationFixture();
        assertPoints(range("cpu_used", "mean", TagFilter.none(), Source.AGGREGATED, base, t(2, 0, 0), Duration.ofHours(1),
                Fill.NONE), new long[] {base, base + HOUR},
            new double[] {(12 + 22 + 32 + 101 + 103) / 5.0, HOUR1_MEAN});
        assertPoints(range("cpu_used", "mean", TagFilter.none(), Source.AGGREGATED, base - 1, t(1, 45, 0),
                Duration.ofHours(1), Fill.NONE), new long[] {base, base + HOUR},
            new double[] {HOUR0_MEAN, (42 + 52 + 62 + 104 + 105 + 106) / 6.0});
        assertPoints(range("cpu_used", "mean", TagFilter.none(), Source.AGGREGATED, base - 1, t(1, 0, 0),
            Duration.ofHours(1), Fill.NONE), new long[] {base}, new double[] {HOUR0_MEAN});
    }

    @Test
    public void rangeFillsEmptyBucketsFromTheStartBucketToTheLastBeforeStop() {
        writeAggregationFixture();
        long from = base - 2 * HOUR - 1;         // inside the bucket that starts at base - 3h
        long to = base + 3 * HOUR;               // the last bucket starting before it starts at base + 2h
        Duration hour = Duration.ofHours(1);
        long[] times = {base - 3 * HOUR, base - 2 * HOUR, base - HOUR, base, base + HOUR, base + 2 * HOUR};
        assertPoints(range("cpu_used", "mean", TagFilter.none(), Source.AGGREGATED, from, to, hour, Fill.value(7.5)),
            times, new double[] {7.5, 7.5, 7.5, HOUR0_MEAN, HOUR1_MEAN, 7.5});
        assertPoints(range("cpu_used", "mean", TagFilter.none(), Source.AGGREGATED, from, to, hour, Fill.ZERO),
            times, new double[] {0, 0, 0, HOUR0_MEAN, HOUR1_MEAN, 0});
        assertPoints(range("cpu_used", "mean", TagFilter.none(), Source.AGGREGATED, from, to, hour, Fill.NONE),
            new long[] {base, base + HOUR}, new double[] {HOUR0_MEAN, HOUR1_MEAN});

        // base - 1 lies in the bucket [base - 15m, base): it is filled too
        long[] quarters = new long[9];
        double[] onlyB = new double[9];
        for (int k = -1; k < 8; k++) {
            quarters[k + 1] = base + k * 15 * MINUTE;
            onlyB[k + 1] = k == 2 || k == -1 ? -1 : 100 + k;
        }
        assertPoints(range("cpu_used", "mean", TagFilter.anyOf("host", "b"), Source.AGGREGATED, base - 1, t(2, 0, 0),
            Duration.ofMinutes(15), Fill.value(-1)), quarters, onlyB);
    }

    @Test
    public void rangeOverRawData() {
        writeAggregationFixture();
        double hour0 = (3 * (2 + 12 + 22 + 32) + 100 + 101 + 103) / 15.0;
        assertPoints(range("cpu_used", "mean", TagFilter.none(), Source.RAW, base - 1, base + HOUR, Duration.ofHours(1),
            Fill.NONE), new long[] {base}, new double[] {hour0});
        assertPoints(range("cpu_used", "count", TagFilter.anyOf("host", "a"), Source.RAW, base - 1, t(0, 30, 0),
            Duration.ofMinutes(15), Fill.NONE), new long[] {base, t(0, 15, 0)}, new double[] {3, 3});
        assertPoints(range("cpu_used", "max", TagFilter.anyOf("host", "a"), Source.RAW, base + MINUTE, t(0, 15, 0),
            Duration.ofMinutes(5), Fill.ZERO), new long[] {base, t(0, 5, 0), t(0, 10, 0)}, new double[] {0, 2, 3});
    }

    @Test
    public void onlyCompleteBucketsAreAggregated() {
        write(sample("cpu_used", A, t(2, 1, 0), 5));
        storage.maintain(t(2, 5, 0));
        awaitQueryable(storage);
        assertEquals(List.of(), range("cpu_used", "mean", TagFilter.none(), Source.AGGREGATED, t(2, 0, 0) - 1, t(3, 0, 0),
            Duration.ofMinutes(15), Fill.NONE), "the bucket [2h00, 2h15) is not complete at 2h05");
        storage.maintain(t(2, 15, 0));
        awaitQueryable(storage);
        assertPoints(range("cpu_used", "mean", TagFilter.none(), Source.AGGREGATED, t(2, 0, 0) - 1, t(3, 0, 0),
            Duration.ofMinutes(15), Fill.NONE), new long[] {t(2, 0, 0)}, new double[] {5});
    }

    @Test
    public void aLateSampleIsReaggregatedOnTheNextMaintain() {
        writeAggregationFixture();
        write(sample("cpu_used", Tags.of("host", "a"), t(0, 16, 0), 1002));
        storage.maintain(t(2, 20, 0));
        awaitQueryable(storage);
        assertPoints(range("cpu_used", "mean", TagFilter.anyOf("host", "a"), Source.AGGREGATED, t(0, 15, 0) - 1,
                t(0, 30, 0), Duration.ofMinutes(15), Fill.NONE),
            new long[] {t(0, 15, 0)}, new double[] {(11 + 12 + 13 + 1002) / 4.0});
        assertPoints(range("cpu_used", "mean", TagFilter.anyOf("host", "a"), Source.AGGREGATED, base - 1, t(0, 15, 0),
            Duration.ofMinutes(15), Fill.NONE), new long[] {base}, new double[] {2});
    }

    @Test
    public void maintainIsIdempotent() {
        writeAggregationFixture();
        storage.maintain(t(2, 5, 0));
        storage.maintain(t(2, 6, 0));
        awaitQueryable(storage);
        assertPoints(range("cpu_used", "count", TagFilter.none(), Source.AGGREGATED, base - 1, t(2, 0, 0),
            Duration.ofHours(1), Fill.NONE), new long[] {base, base + HOUR}, new double[] {7, 8});
    }

    // ------------------------------------------------------------------------------------------------ retention

    @Test
    public void samplesOlderThanTheRawRetentionAreGoneAfterMaintain() {
        Assumptions.assumeTrue(acceptsSamplesOlderThanRawRetention(), "the backend drops such samples on write");
        long now = realNowMillis();
        long old = now - TckPluginContext.RAW_RETENTION.toMillis() - HOUR;
        write(sample("cpu_used", A, old, 1), sample("cpu_used", A, now - HOUR, 2));
        storage.maintain(now);
        awaitQueryable(storage);
        assertEquals(List.of(row(now - HOUR, 2)),
            storage.raw(new RawQuery("cpu_used", TagFilter.none(), List.of(), 10, old - HOUR, now)));
        assertPoints(range("cpu_used", "count", TagFilter.none(), Source.RAW, old - HOUR, now, Duration.ofDays(1),
            Fill.NONE), new long[] {Math.floorDiv(now - HOUR, 86_400_000L) * 86_400_000L}, new double[] {1});
    }

    @Test
    public void expiryFollowsTheMaintainTime() {
        Assumptions.assumeTrue(expiresRelativeToMaintainTime(), "the backend expires data by its own clock");
        writeAggregationFixture();
        long rawGone = t(2, 0, 0) + TckPluginContext.RAW_RETENTION.toMillis() + MINUTE;
        storage.maintain(rawGone);
        awaitQueryable(storage);
        assertEquals(List.of(), storage.raw(new RawQuery("cpu_used", TagFilter.none(), List.of(), 10, base - HOUR, rawGone)),
            "raw samples older than the raw retention");
        assertEquals(List.of(), range("cpu_used", "count", TagFilter.none(), Source.RAW, base - HOUR, rawGone,
            Duration.ofHours(1), Fill.NONE));
        assertPoints(range("cpu_used", "mean", TagFilter.none(), Source.AGGREGATED, base - 1, t(2, 0, 0), Duration.ofHours(1),
            Fill.NONE), new long[] {base, base + HOUR}, new double[] {HOUR0_MEAN, HOUR1_MEAN}, "aggregates outlive raw data");

        long allGone = t(1, 45, 0) + TckPluginContext.RETENTION.toMillis() + MINUTE;
        storage.maintain(allGone);
        awaitQueryable(storage);
        assertEquals(List.of(), range("cpu_used", "mean", TagFilter.none(), Source.AGGREGATED, base - 1, t(2, 0, 0),
            Duration.ofHours(1), Fill.NONE), "aggregates older than the retention");
        assertEquals(List.of(), storage.keys(), "keys once nothing is retained");
        assertEquals(List.of(), storage.tagKeys(), "tag keys once nothing is retained");
    }

    @Test
    public void expiryKeepsWhatIsStillRetained() {
        Assumptions.assumeTrue(expiresRelativeToMaintainTime(), "the backend expires data by its own clock");
        writeAggregationFixture();
        // the raw cut-off is 1h00m30s: every raw sample of hour 0 goes, those from 1h01 on stay
        long now = t(1, 0, 30) + TckPluginContext.RAW_RETENTION.toMillis();
        storage.maintain(now);
        awaitQueryable(storage);
        assertPoints(range("cpu_used", "count", TagFilter.anyOf("host", "a"), Source.RAW, base - HOUR, now,
            Duration.ofHours(1), Fill.NONE), new long[] {base + HOUR}, new double[] {12});
        assertPoints(range("cpu_used", "count", TagFilter.none(), Source.AGGREGATED, base - 1, t(2, 0, 0),
            Duration.ofHours(1), Fill.NONE), new long[] {base, base + HOUR}, new double[] {7, 8});
    }

    // --------------------------------------------------------------------------------------------- stat names

    @Test
    public void statNamesThatAreQueryKeywordsWork() {
        List<String> names = List.of("user", "cpu", "time", "select", "from", "where", "group", "mean", "key", "field",
            "tag", "name", "value", "measurement");
        List<String> stored = new ArrayList<>();
        for (String name : names) {
            WriteResult result = storage.write(List.of(sample(name, A, t(0, 1, 0), 1.5), sample(name, A, t(0, 10, 0), 2.5)));
            if (result.isComplete()) {
                assertEquals(2, result.accepted(), () -> "stat name '" + name + "': " + result);
                stored.add(name);
                continue;
            }
            assertTrue(mayRefuseStatName(name), () -> "refused stat name '" + name + "': " + result);
            assertRefused(name, 2, 0, result);
            WriteResult mixed = storage.write(List.of(sample(name, A, t(0, 2, 0), 1), sample("beside_" + name, A, t(0, 10, 0), 7)));
            assertRefused(name, 1, 1, mixed);
            awaitQueryable(storage);
            assertPoint(t(0, 10, 0), 7, latest("beside_" + name, "mean", TagFilter.none(), t(0, 10, 30)),
                "the other samples of a batch with a refused stat are stored");
            stored.add("beside_" + name);
        }
        awaitQueryable(storage);
        storage.maintain(t(0, 20, 0));
        awaitQueryable(storage);
        assertEquals(stored.stream().sorted().toList(), storage.keys());
        for (String name : stored.stream().filter(n -> !n.startsWith("beside_")).toList()) {
            assertPoint(t(0, 10, 0), 2.5, latest(name, "mean", TagFilter.none(), t(0, 10, 30)), "latest " + name);
            assertPoints(range(name, "mean", TagFilter.none(), Source.AGGREGATED, base - 1, t(0, 15, 0),
                Duration.ofMinutes(15), Fill.NONE), new long[] {base}, new double[] {2.0}, "aggregated " + name);
        }
        assertTrue(stored.containsAll(names.stream().filter(n -> !mayRefuseStatName(n)).toList()), "stored " + stored);
    }

    @Test
    public void extremeValuesAreStoredExactly() {
        double[] values = {0.0, -0.0, Double.MIN_VALUE, -Double.MAX_VALUE, Double.MAX_VALUE, 1e-300, 123456789.123456789,
            -42.25};
        List<Sample> samples = new ArrayList<>();
        for (int i = 0; i < values.length; i++) {
            samples.add(sample("weird", A, t(0, 10, i), values[i]));
        }
        write(samples.toArray(Sample[]::new));
        List<RawRow> rows = storage.raw(new RawQuery("weird", TagFilter.none(), List.of(), 100, base, t(0, 11, 0)));
        assertEquals(values.length, rows.size());
        for (int i = 0; i < values.length; i++) {
            RawRow r = rows.get(values.length - 1 - i);
            assertEquals(t(0, 10, i), r.timeMillis());
            assertEquals(values[i], r.value(), 0.0, "value " + i);
        }
    }

    // --------------------------------------------------------------------------------------------- concurrency

    @Test
    public void concurrentWritesAndQueries() throws Exception {
        int batches = 200;
        int seriesCount = 10;
        int total = batches * seriesCount;
        AtomicBoolean done = new AtomicBoolean();
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            Future<?> writer = pool.submit(() -> {
                try {
                    for (int i = 0; i < batches; i++) {
                        List<Sample> batch = new ArrayList<>(seriesCount);
                        for (int s = 0; s < seriesCount; s++) {
                            batch.add(sample("load", Tags.of("host", "h" + s), base + i * SECOND, 1));
                        }
                        storage.write(batch);
                    }
                } finally {
                    done.set(true);
                }
                return null;
            });
            List<Future<Integer>> readers = new ArrayList<>();
            for (int r = 0; r < 2; r++) {
                readers.add(pool.submit(() -> {
                    double lastCount = 0;
                    int reads = 0;
                    while (!done.get() || reads < 3) {
                        List<Point> counts = range("load", "count", TagFilter.none(), Source.RAW, base - 1, base + HOUR,
                            Duration.ofHours(1), Fill.NONE);
                        double count = counts.isEmpty() ? 0 : counts.get(0).value();
                        assertTrue(count >= lastCount && count <= total, "count went from " + lastCount + " to " + count);
                        lastCount = count;
                        latest("load", "sum", TagFilter.anyOf("host", "h1", "h2"), base + batches * SECOND);
                        storage.raw(new RawQuery("load", TagFilter.none(), List.of("host"), 5, base - 1, base + HOUR));
                        storage.keys();
                        storage.tagKeys();
                        reads++;
                    }
                    return reads;
                }));
            }
            writer.get(60, TimeUnit.SECONDS);
            for (Future<Integer> reader : readers) {
                assertTrue(reader.get(60, TimeUnit.SECONDS) >= 3);
            }
        } finally {
            pool.shutdownNow();
        }
        awaitQueryable(storage);
        assertPoints(range("load", "count", TagFilter.none(), Source.RAW, base - 1, base + HOUR, Duration.ofHours(1),
            Fill.NONE), new long[] {base}, new double[] {total});
        long now = base + (batches - 1) * SECOND;
        long bucketStart = Math.floorDiv(now, MINUTE) * MINUTE;
        assertPoint(bucketStart, ((now - bucketStart) / SECOND + 1) * seriesCount,
            latest("load", "count", TagFilter.none(), now));
    }

    // ------------------------------------------------------------------------------------------------ restart

    @Test
    public void dataSurvivesARestart() throws Exception {
        Assumptions.assumeTrue(persistsAcrossRestart(), "the backend does not persist");
        writeAggregationFixture();
        write(sample("cpu_used", A, t(2, 10, 0), 9));
        reopen();
        awaitQueryable(storage);
        assertEquals(List.of("cpu_used"), storage.keys());
        assertEquals(List.of("host", "service"), storage.tagKeys());
        assertPoints(range("cpu_used", "mean", TagFilter.none(), Source.AGGREGATED, base - 1, t(2, 0, 0), Duration.ofHours(1),
            Fill.NONE), new long[] {base, base + HOUR}, new double[] {HOUR0_MEAN, HOUR1_MEAN});
        assertPoint(t(2, 10, 0), 9, latest("cpu_used", "mean", TagFilter.anyOf("service", "web1"), t(2, 10, 30)));
        assertPoints(range("cpu_used", "count", TagFilter.none(), Source.RAW, base - 1, t(3, 0, 0), Duration.ofHours(1),
            Fill.NONE), new long[] {base, base + HOUR, base + 2 * HOUR}, new double[] {15, 16, 1});
    }

    // ------------------------------------------------------------------------------------------------ helpers

    /** {@code base + h:m:s}. */
    protected final long t(int hours, int minutes, int seconds) {
        return base + hours * HOUR + minutes * MINUTE + seconds * SECOND;
    }

    /**
     * Writes the samples in one batch, checks that the backend accepted all of them (the fixtures use names every
     * backend can store), then calls {@link #awaitQueryable}.
     */
    protected final void write(Sample... samples) {
        assertEquals(WriteResult.accepted(samples.length), storage.write(List.of(samples)), "the write's result");
        awaitQueryable(storage);
    }

    /** {@code result} refused {@code refused} samples of {@code stat} (with a reason), and accepted the rest. */
    private static void assertRefused(String stat, int refused, int accepted, WriteResult result) {
        assertEquals(accepted, result.accepted(), () -> "accepted samples beside the refused stat '" + stat + "': " + result);
        assertEquals(1, result.refusals().size(), () -> "one refusal for one stat and reason: " + result);
        WriteResult.Refusal refusal = result.refusals().get(0);
        assertEquals(stat, refusal.stat(), () -> "the refusal names the stat: " + result);
        assertEquals(refused, refusal.samples(), () -> "refused samples of '" + stat + "': " + result);
        assertFalse(refusal.reason().isBlank(), () -> "the refusal says why: " + result);
    }

    /** A sample. */
    protected static Sample sample(String stat, Tags tags, long timeMillis, double value) {
        return new Sample(stat, tags, timeMillis, value);
    }

    private Optional<Point> latest(String stat, String verb, TagFilter filter, long now) {
        return storage.latest(new LatestQuery(stat, Aggregation.parse(verb), filter, POLL, now));
    }

    private List<Point> range(String stat, String verb, TagFilter filter, Source source, long from, long to,
                              Duration bucket, Fill fill) {
        return storage.range(new RangeQuery(stat, Aggregation.parse(verb), filter, source, from, to, bucket, fill));
    }

    private void assertFilterSum(double expectedSum, TagFilter filter) {
        Optional<Point> p = latest("cpu_used", "sum", filter, t(0, 10, 30));
        if (expectedSum == 0) {
            assertEquals(Optional.empty(), p, "nothing should match " + filter);
        } else {
            assertPoint(t(0, 10, 0), expectedSum, p, "series matching " + filter);
        }
    }

    private static TagFilter filter(String k1, List<String> v1, String k2, List<String> v2) {
        Map<String, List<String>> m = new LinkedHashMap<>();
        m.put(k1, v1);
        m.put(k2, v2);
        return TagFilter.of(m);
    }

    private static RawRow row(long time, double value, String... columns) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < columns.length; i += 2) {
            m.put(columns[i], columns[i + 1]);
        }
        return new RawRow(time, value, m);
    }

    private static void assertClose(double expected, double actual, String what) {
        double tolerance = TOLERANCE * Math.max(1, Math.abs(expected));
        if (!(Math.abs(expected - actual) <= tolerance)) {
            fail(what + ": expected " + expected + " but was " + actual);
        }
    }

    private void assertPoint(long time, double value, Optional<Point> actual) {
        assertPoint(time, value, actual, "latest");
    }

    private void assertPoint(long time, double value, Optional<Point> actual, String what) {
        assertTrue(actual.isPresent(), () -> what + ": expected a value " + value + " at " + describe(time) + ", got none");
        assertEquals(time, actual.get().timeMillis(),
            () -> what + ": expected time " + describe(time) + " but was " + describe(actual.get().timeMillis()));
        assertClose(value, actual.get().value(), what);
    }

    private void assertPoints(List<Point> actual, long[] times, double[] values) {
        assertPoints(actual, times, values, "range");
    }

    private void assertPoints(List<Point> actual, long[] times, double[] values, String what) {
        long[] actualTimes = actual.stream().mapToLong(Point::timeMillis).toArray();
        if (!Arrays.equals(times, actualTimes)) {
            fail(what + ": expected points at " + describeAll(times) + " but got " + describeAll(actual));
        }
        for (int i = 0; i < values.length; i++) {
            assertClose(values[i], actual.get(i).value(), what + " at " + describe(times[i]));
        }
        assertFalse(actual.stream().anyMatch(p -> !Double.isFinite(p.value())), what + ": non-finite value in " + actual);
    }

    private String describe(long time) {
        long d = time - base;
        String sign = d < 0 ? "-" : "+";
        d = Math.abs(d);
        return "base" + sign + String.format("%dh%02dm%02d.%03ds", d / HOUR, d % HOUR / MINUTE, d % MINUTE / SECOND,
            d % SECOND);
    }

    private String describeAll(long[] times) {
        return Arrays.stream(times).mapToObj(this::describe).toList().toString();
    }

    private String describeAll(List<Point> points) {
        return points.stream().map(p -> describe(p.timeMillis()) + "=" + p.value()).toList().toString();
    }

    private static void deleteRecursively(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the TCK data directory " + dir, e);
        }
    }
}
