package io.pulse.storage.tck;

import io.pulse.spi.Scheduler;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A {@link Scheduler} that really runs tasks, as the kernel's does: each run on its own virtual thread; a run that
 * is still going when the next is due makes that one skip; an exception is logged and does not cancel later runs.
 * Close it to stop everything.
 *
 * <p>Thread-safe.
 */
public final class ExecutorScheduler implements Scheduler, AutoCloseable {

    private static final System.Logger LOG = System.getLogger(ExecutorScheduler.class.getName());

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "tck-scheduler");
        t.setDaemon(true);
        return t;
    });

    @Override
    public Scheduled every(String name, Duration initialDelay, Duration period, Runnable task) {
        AtomicBoolean running = new AtomicBoolean();
        ScheduledFuture<?> future = timer.scheduleAtFixedRate(() -> {
            if (!running.compareAndSet(false, true)) {
                return; // the previous run is still going: skip this one
            }
            Thread.ofVirtual().name(name).start(() -> {
                try {
                    task.run();
                } catch (RuntimeException | Error e) {
                    LOG.log(System.Logger.Level.WARNING, "scheduled task " + name + " failed", e);
                } finally {
                    running.set(false);
                }
            });
        }, initialDelay.toMillis(), Math.max(1, period.toMillis()), TimeUnit.MILLISECONDS);
        return () -> future.cancel(false);
    }

    /** Stops all tasks; runs in progress finish on their own threads. */
    @Override
    public void close() {
        timer.shutdownNow();
    }
}
