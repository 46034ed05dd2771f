package io.pulse.storage.memory;

import io.pulse.spi.stats.Sample;
import io.pulse.spi.stats.Tags;
import io.pulse.storage.tck.ExecutorScheduler;
import io.pulse.storage.tck.TckPluginContext;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * The process {@link KillTest} kills: opens a durable store in {@code args[0]}, writes two hours of history and
 * down-samples it, prints {@code history}, then writes batches of ten samples forever, printing {@code ack <n>}
 * after each batch's write returned.
 */
public final class CrashWriterMain {

    private CrashWriterMain() {
    }

    public static void main(String[] args) throws Exception {
        Path serverDir = Path.of(args[0]);
        long t0 = Long.parseLong(args[1]);
        ExecutorScheduler scheduler = new ExecutorScheduler();
        TckPluginContext context = TckPluginContext.builder(new MemoryStorageFactory(), serverDir)
            .scheduler(scheduler)
            .clock(Clock.systemUTC())
            .build();
        MemoryStorage store = new MemoryStorageFactory().create(context);
        store.start();
        for (int m = 0; m < 120; m++) {
            store.write(List.of(new Sample("history", Tags.of("host", "h"), t0 + m * 60_000L, m)));
        }
        store.maintain(t0 + 120 * 60_000L);
        System.out.println("history");
        System.out.flush();
        for (long i = 0; ; i++) {
            List<Sample> batch = new ArrayList<>(10);
            for (int h = 0; h < 10; h++) {
                batch.add(new Sample("live", Tags.of("host", "h" + h), t0 + 120 * 60_000L + i * 10, i));
            }
            store.write(batch);
            System.out.println("ack " + i);
            System.out.flush();
        }
    }
}
