package io.pulse.kernel.relay;

import io.pulse.kernel.ingest.IngestionPipeline;
import io.pulse.kernel.ingest.IngestionSettings;
import io.pulse.kernel.metrics.Metrics;
import io.pulse.kernel.testing.RecordingStorage;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

/**
 * A real relay server on 127.0.0.1 (ephemeral port) wired to a real ingestion pipeline whose storage is the
 * {@link RecordingStorage} test double: what a relay sends travels the whole way to a storage write.
 */
final class RelayServerFixture implements AutoCloseable {

    final Metrics metrics = new Metrics();
    final RecordingStorage storage = new RecordingStorage();
    final IngestionPipeline pipeline;
    final RelayServer server;

    RelayServerFixture(Duration pollInterval, Duration beatInterval, int maxLineLength) throws IOException {
        this(pollInterval, beatInterval, maxLineLength, RelayLimits.DEFAULTS);
    }

    RelayServerFixture(Duration pollInterval, Duration beatInterval, int maxLineLength, RelayLimits limits)
            throws IOException {
        pipeline = new IngestionPipeline(storage, Map.of(), metrics,
                new IngestionSettings(1000, 1000, Duration.ofMillis(20), 100));
        pipeline.start();
        server = new RelayServer(new RelayServerSettings(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                pollInterval, beatInterval, maxLineLength, limits), pipeline::submit, metrics, Clock.systemUTC());
        server.start();
    }

    /** Poll every 60 s (so only first polls happen in a short test), beat 4 s, 64 KiB lines. */
    static RelayServerFixture standard() throws IOException {
        return new RelayServerFixture(Duration.ofSeconds(60), Duration.ofSeconds(4),
                RelayServerSettings.DEFAULT_MAX_LINE_LENGTH);
    }

    InetSocketAddress address() {
        return server.boundAddress();
    }

    long metric(String name) {
        Long value = metrics.snapshot().get(name);
        return value == null ? 0 : value;
    }

    @Override
    public void close() {
        server.close();
        pipeline.close();
    }
}
