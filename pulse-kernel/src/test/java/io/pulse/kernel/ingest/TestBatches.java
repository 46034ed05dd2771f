package io.pulse.kernel.ingest;

import io.pulse.kernel.metrics.Metrics;
import io.pulse.spi.stats.Sample;
import io.pulse.spi.stats.SampleBatch;
import io.pulse.spi.stats.Tags;

import java.util.ArrayList;
import java.util.List;

/** Batches and metric readings for the ingestion tests. */
final class TestBatches {

    private TestBatches() {
    }

    /** A batch of {@code n} samples named {@code s<i>}, tagged host:<relay>, valued by their index, at time 1000. */
    static SampleBatch batch(String relay, int n) {
        List<Sample> samples = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            samples.add(new Sample("s" + i, Tags.of("host", relay), 1000, i));
        }
        return new SampleBatch(relay, 1000, samples);
    }

    /** A kernel metric's value now; 0 when it was never registered. */
    static long metric(Metrics metrics, String name) {
        Long v = metrics.snapshot().get(name);
        return v == null ? 0 : v;
    }
}
