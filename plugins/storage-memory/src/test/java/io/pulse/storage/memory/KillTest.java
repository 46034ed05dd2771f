package io.pulse.storage.memory;

import io.pulse.spi.storage.Aggregation;
import io.pulse.spi.storage.Fill;
import io.pulse.spi.storage.Point;
import io.pulse.spi.storage.RangeQuery;
import io.pulse.spi.storage.Source;
import io.pulse.spi.storage.TagFilter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The real thing: a store in another JVM is killed with SIGKILL while it writes; the restarted store has every
 * batch the killed one acknowledged, no partial batch, and all of its down-sampled history.
 */
class KillTest {

    private static final long T0 = 1_767_225_600_000L;

    private final StoreFixture fixture = new StoreFixture();

    @AfterEach
    void cleanUp() throws IOException {
        fixture.close();
    }

    @Test
    void aKilledStoreLosesNothingItAcknowledged() throws Exception {
        Path testClasses = Path.of("target", "test-classes").toAbsolutePath();
        assertTrue(Files.isDirectory(testClasses), "run from the module directory: " + testClasses);
        String classPath = String.join(File.pathSeparator, testClasses.toString(),
            System.getProperty("jdk.module.path", ""), System.getProperty("java.class.path", ""));
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process child = new ProcessBuilder(java.toString(), "-Xmx128m", "-cp", classPath,
            CrashWriterMain.class.getName(), fixture.serverDir.toString(), Long.toString(T0))
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
        long lastAck = -1;
        boolean history = false;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                if (line.equals("history")) {
                    history = true;
                } else if (line.startsWith("ack ")) {
                    lastAck = Long.parseLong(line.substring(4));
                    if (lastAck == 300) {
                        // SIGKILL through the handle (Process.destroyForcibly would also close our end of the pipe)
                        child.toHandle().destroyForcibly();
                    }
                }
            }
        } finally {
            child.destroyForcibly();
            assertTrue(child.waitFor(30, TimeUnit.SECONDS), "the child did not die");
        }
        assertTrue(history && lastAck >= 300, "the child wrote its history and at least 300 batches, last ack " + lastAck);

        MemoryStorage reopened = fixture.open();
        long live = count(reopened, "live", Source.RAW, Duration.ofDays(1));
        assertTrue(live >= (lastAck + 1) * 10, live + " live samples for " + (lastAck + 1) + " acknowledged batches");
        assertEquals(0, live % 10, "no partial batch: " + live);
        assertEquals(120, count(reopened, "history", Source.RAW, Duration.ofDays(1)));
        List<Point> aggregates = reopened.range(new RangeQuery("history", Aggregation.MEAN, TagFilter.none(),
            Source.AGGREGATED, T0 - 1, T0 + Duration.ofHours(2).toMillis(), Duration.ofMinutes(15), Fill.NONE));
        assertEquals(8, aggregates.size(), aggregates.toString());
        assertEquals(7, aggregates.get(0).value());
        assertTrue(reopened.health().isUp(), reopened.health().detail());
    }

    private static long count(MemoryStorage store, String stat, Source source, Duration bucket) {
        List<Point> points = store.range(new RangeQuery(stat, Aggregation.of(Aggregation.Function.COUNT),
            TagFilter.none(), source, T0 - 1, T0 + bucket.toMillis(), bucket, Fill.NONE));
        return points.isEmpty() ? 0 : (long) points.get(0).value();
    }
}
