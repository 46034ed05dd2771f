package io.pulse.benchmarks;

import io.pulse.spi.stats.Sample;
import io.pulse.spi.stats.Tags;
import io.pulse.spi.storage.SeriesHandle;
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
 * The memory store's share of the relay benchmark ({@code relay-load.sh}, 2,000 relays x 20 stats at 1 s) on its own:
 * nanoseconds per sample of {@code Storage.write(samples, handles)} as the kernel's storage writer calls it, with a
 * series handle per sample, over 40,000 series visited in the fleet's order (every relay's 20 stats, relay after
 * relay, each series once a second), in writes of 40 relays' answers (800 samples). Unlike {@link AppendBenchmark}
 * (1,000 series, which stay in the CPU's caches), each append here finds its series cold, as in the server. Values
 * and times are shaped like relay stats ({@link RelayData}); creating the samples is part of the score, as it is in
 * the kernel. {@code durable=true} adds the write-ahead log (written to the OS on every write, not forced).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
@Threads(1)
public class FleetAppendBenchmark {

    static final int RELAYS = 2_000;
    static final int STATS = 20;
    static final int RELAYS_PER_WRITE = 40;
    static final int BATCH = RELAYS_PER_WRITE * STATS;

    private static final RelayData.Kind[] KINDS = {
        RelayData.Kind.RANDOM_RATIO, RelayData.Kind.SLOW_RATIO, RelayData.Kind.SLOW_RATIO,
        RelayData.Kind.MOSTLY_CONSTANT, RelayData.Kind.MOSTLY_CONSTANT, RelayData.Kind.MOSTLY_CONSTANT,
        RelayData.Kind.MOSTLY_CONSTANT, RelayData.Kind.COUNTER, RelayData.Kind.COUNTER, RelayData.Kind.SLOW_RATIO
    };

    @Param({"true"})
    public boolean durable;

    private Path dir;
    private MemoryStorage storage;
    private final String[] stats = new String[STATS];
    private final Tags[] relays = new Tags[RELAYS];
    private final SeriesHandle[] handles = new SeriesHandle[RELAYS * STATS];
    private final double[] values = new double[RELAYS * STATS];
    private final SplittableRandom random = new SplittableRandom(1);
    private long second;
    private int nextRelay;

    @Setup(Level.Trial)
    public void open() {
        dir = Stores.tempDir();
        storage = Stores.open(dir, durable);
        for (int s = 0; s < STATS; s++) {
            stats[s] = "c" + s;
        }
        for (int r = 0; r < RELAYS; r++) {
            relays[r] = Tags.of("host", "fleet-" + r);
            for (int s = 0; s < STATS; s++) {
                handles[r * STATS + s] = storage.seriesHandle(stats[s], relays[r]);
                values[r * STATS + s] = 0.5;
            }
        }
    }

    @TearDown(Level.Trial)
    public void close() {
        System.out.println("\nstore after the run: " + storage.stats());
        Stores.closeAndDelete(storage, dir);
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public WriteResult write() {
        List<Sample> batch = new ArrayList<>(BATCH);
        int first = nextRelay * STATS;
        for (int r = nextRelay; r < nextRelay + RELAYS_PER_WRITE; r++) {
            // each relay's answer arrives a few milliseconds after the second, as the server times it
            long time = 1_767_225_600_000L + second * 1000 + random.nextInt(5);
            for (int s = 0; s < STATS; s++) {
                int series = r * STATS + s;
                double v = RelayData.next(KINDS[s % KINDS.length], values[series], random);
                values[series] = v;
                batch.add(new Sample(stats[s], relays[r], time, v));
            }
        }
        SeriesHandle[] batchHandles = new SeriesHandle[BATCH];
        System.arraycopy(handles, first, batchHandles, 0, BATCH);
        WriteResult result = storage.write(batch, batchHandles);
        nextRelay += RELAYS_PER_WRITE;
        if (nextRelay == RELAYS) {
            nextRelay = 0;
            second++;
        }
        return result;  // JMH consumes it, as the kernel's storage writer does: its cost is part of a write
    }
}
