package io.pulse.benchmarks;

import io.pulse.spi.stats.Sample;
import io.pulse.spi.stats.Tags;
import io.pulse.spi.storage.Aggregation;
import io.pulse.spi.storage.LatestQuery;
import io.pulse.spi.storage.Point;
import io.pulse.spi.storage.RawQuery;
import io.pulse.spi.storage.RawRow;
import io.pulse.spi.storage.TagFilter;
import io.pulse.storage.memory.MemoryStorage;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * {@code latest()} (and {@code verb=none}) on a store of 100,000 series: 10,000 hosts x 10 stats, each series with
 * 20 minutes of samples at the 60 s poll interval. Hosts are tagged {@code host} and {@code service} (100 hosts
 * per service). The filter picks one host, one service (100 series of the stat) or nothing (all 10,000 series of
 * the stat).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
public class LatestBenchmark {

    static final int HOSTS = 10_000;
    static final int STATS = 10;
    static final int SERVICES = 100;
    static final int POLLS = 20;
    static final long ORIGIN = 1_767_225_600_000L;
    static final long NOW = ORIGIN + POLLS * 60_000L;
    static final Duration POLL = Duration.ofSeconds(60);

    private Path dir;
    private MemoryStorage storage;
    private TagFilter[] oneHost;
    private TagFilter[] oneService;
    private int next;

    @Setup(Level.Trial)
    public void fill() {
        dir = Stores.tempDir();
        storage = Stores.open(dir, false);
        SplittableRandom random = new SplittableRandom(2);
        Tags[] tags = new Tags[HOSTS];
        for (int h = 0; h < HOSTS; h++) {
            tags[h] = Tags.of("host", "host-" + h, "service", "svc-" + h % SERVICES);
        }
        for (int poll = 0; poll < POLLS; poll++) {
            List<Sample> batch = new ArrayList<>(HOSTS * STATS);
            for (int h = 0; h < HOSTS; h++) {
                long time = RelayData.pollTime(ORIGIN, poll, random) + h % 1000;
                for (int s = 0; s < STATS; s++) {
                    batch.add(new Sample("stat_" + s, tags[h], time, random.nextInt(10_000) / 10_000.0));
                }
            }
            storage.write(batch);
        }
        oneHost = new TagFilter[HOSTS];
        for (int h = 0; h < HOSTS; h++) {
            oneHost[h] = TagFilter.anyOf("host", "host-" + h);
        }
        oneService = new TagFilter[SERVICES];
        for (int s = 0; s < SERVICES; s++) {
            oneService[s] = TagFilter.anyOf("service", "svc-" + s);
        }
        System.out.println("\nstore: " + storage.stats());
    }

    @TearDown(Level.Trial)
    public void close() {
        Stores.closeAndDelete(storage, dir);
    }

    private int nextIndex(int bound) {
        next = (next + 7919) % bound;
        return next;
    }

    @Benchmark
    public Optional<Point> latestOneHost() {
        return storage.latest(new LatestQuery("stat_3", Aggregation.MEAN, oneHost[nextIndex(HOSTS)], POLL, NOW));
    }

    @Benchmark
    public Optional<Point> latestOneServiceP95() {
        return storage.latest(new LatestQuery("stat_3", Aggregation.percentile(95), oneService[nextIndex(SERVICES)],
            POLL, NOW));
    }

    @Benchmark
    public Optional<Point> latestAllHosts() {
        return storage.latest(new LatestQuery("stat_3", Aggregation.MEAN, TagFilter.none(), POLL, NOW));
    }

    @Benchmark
    public List<RawRow> rawOneHost() {
        return storage.raw(new RawQuery("stat_3", oneHost[nextIndex(HOSTS)], List.of("host"), 1, NOW - 120_000, NOW));
    }
}
