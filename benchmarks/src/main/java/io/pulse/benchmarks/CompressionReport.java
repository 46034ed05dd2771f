package io.pulse.benchmarks;

import io.pulse.spi.stats.Sample;
import io.pulse.spi.stats.Tags;
import io.pulse.storage.memory.MemoryStorage;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Bytes per raw sample retained, per kind of data and for a typical relay mix: fills a store with 8 hours (the raw
 * retention) of 60-second polls for 1,000 series, down-sampling every 15 polls as the kernel does, and prints the
 * compressed size the store accounts for (blocks, open blocks, late samples) and the heap growth per raw sample
 * measured around the fill - which also counts the series objects, the index and the 32 aggregates per series.
 * Run: {@code java -cp ... io.pulse.benchmarks.CompressionReport}.
 */
public final class CompressionReport {

    private static final int SERIES = 1_000;
    private static final int POLLS = 8 * 60;

    private CompressionReport() {
    }

    public static void main(String[] args) {
        System.out.printf("%-34s %14s %16s %18s%n", "data (1000 series x 480 polls)", "samples", "bytes/sample",
            "heap bytes/sample");
        for (RelayData.Kind kind : RelayData.Kind.values()) {
            report(kind.name().toLowerCase(), new RelayData.Kind[] {kind});
        }
        report("typical relay mix (10 stats/host)", new RelayData.Kind[] {
            RelayData.Kind.RANDOM_RATIO, RelayData.Kind.SLOW_RATIO, RelayData.Kind.SLOW_RATIO,
            RelayData.Kind.MOSTLY_CONSTANT, RelayData.Kind.MOSTLY_CONSTANT, RelayData.Kind.MOSTLY_CONSTANT,
            RelayData.Kind.MOSTLY_CONSTANT, RelayData.Kind.COUNTER, RelayData.Kind.COUNTER, RelayData.Kind.SLOW_RATIO});
    }

    private static void report(String name, RelayData.Kind[] kinds) {
        Path dir = Stores.tempDir();
        long before = usedHeap();
        MemoryStorage storage = Stores.open(dir, false);
        SplittableRandom random = new SplittableRandom(3);
        double[] values = new double[SERIES];
        Tags[] tags = new Tags[SERIES];
        for (int i = 0; i < SERIES; i++) {
            values[i] = 0.5;
            tags[i] = Tags.of("host", "host-" + i / kinds.length);
        }
        for (int poll = 0; poll < POLLS; poll++) {
            List<Sample> batch = new ArrayList<>(SERIES);
            for (int i = 0; i < SERIES; i++) {
                values[i] = RelayData.next(kinds[i % kinds.length], values[i], random);
                batch.add(new Sample("stat_" + i % kinds.length, tags[i], RelayData.pollTime(1_767_225_600_000L, poll,
                    random) + i, values[i]));
            }
            storage.write(batch);
            if (poll % 15 == 14) {
                storage.maintain(1_767_225_600_000L + (poll + 1) * 60_000L); // as the kernel does every 15 minutes
            }
        }
        MemoryStorage.Stats stats = storage.stats();
        long after = usedHeap();
        System.out.printf("%-34s %14d %16.2f %18.2f%n", name, stats.rawSamples(), stats.bytesPerSample(),
            (double) (after - before) / stats.rawSamples());
        Stores.closeAndDelete(storage, dir);
        values = null;
    }

    private static long usedHeap() {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return memory.getHeapMemoryUsage().getUsed();
    }
}
