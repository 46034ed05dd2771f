package io.pulse.benchmarks;

import io.pulse.spi.stats.Sample;
import io.pulse.spi.stats.Tags;
import io.pulse.spi.storage.WriteResult;
import io.pulse.storage.memory.MemoryStorage;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * Samples appended per second by one writer thread (the ingestion pipeline's), through {@code Storage.write}: 1000
 * series (100 hosts x 10 stats), batches of 100 samples (10 hosts' answers), times advancing 60 s per poll round.
 * The score is samples per second ({@code @OperationsPerInvocation}); creating the {@link Sample} objects is part
 * of it, as it is in the kernel. {@code durable=true} adds the write-ahead log (written to the OS on every batch,
 * not forced: no sync task runs).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
@Threads(1)
public class AppendBenchmark {

    static final int HOSTS = 100;
    static final int STATS = 10;
    static final int HOSTS_PER_BATCH = 10;
    static final int BATCH = HOSTS_PER_BATCH * STATS;

    private static final RelayData.Kind[] KINDS = {
        RelayData.Kind.RANDOM_RATIO, RelayData.Kind.SLOW_RATIO, RelayData.Kind.SLOW_RATIO,
        RelayData.Kind.MOSTLY_CONSTANT, RelayData.Kind.MOSTLY_CONSTANT, RelayData.Kind.MOSTLY_CONSTANT,
        RelayData.Kind.MOSTLY_CONSTANT, RelayData.Kind.COUNTER, RelayData.Kind.COUNTER, RelayData.Kind.SLOW_RATIO
    };

    @Param({"false", "true"})
    public boolean durable;

    private Path dir;
    private MemoryStorage storage;
    private final String[] stats = new String[STATS];
    private final Tags[] hosts = new Tags[HOSTS];
    private final double[] values = new double[HOSTS * STATS];
    private final SplittableRandom random = new SplittableRandom(1);
    private long round;
    private int nextHost;

    @Setup(Level.Trial)
    public void open() {
        dir = Stores.tempDir();
        storage = Stores.open(dir, durable);
        for (int s = 0; s < STATS; s++) {
            stats[s] = "stat_" + s;
        }
        for (int h = 0; h < HOSTS; h++) {
            hosts[h] = Tags.of("host", "host-" + h, "service", "svc-" + h % 10);
        }
        for (int i = 0; i < values.length; i++) {
            values[i] = 0.5;
        }
    }

    @TearDown(Level.Trial)
    public void close() {
        System.out.println("\nstore after the run: " + storage.stats() + ", " + String.format("%.2f", storage.stats().bytesPerSample())
            + " bytes per raw sample");
        Stores.closeAndDelete(storage, dir);
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public WriteResult write() {
        long time = RelayData.pollTime(1_767_225_600_000L, round, random);
        List<Sample> batch = new ArrayList<>(BATCH);
        for (int h = 0; h < HOSTS_PER_BATCH; h++) {
            int host = nextHost + h;
            for (int s = 0; s < STATS; s++) {
                int series = host * STATS + s;
                double v = RelayData.next(KINDS[s], values[series], random);
                values[series] = v;
                batch.add(new Sample(stats[s], hosts[host], time + h, v));
            }
        }
        WriteResult result = storage.write(batch);
        nextHost += HOSTS_PER_BATCH;
        if (nextHost == HOSTS) {
            nextHost = 0;
            round++;
        }
        return result;  // JMH consumes it, as the kernel's storage writer does: its cost is part of a write
    }
}
