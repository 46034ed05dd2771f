package io.pulse.kernel.server;

import io.pulse.kernel.testing.Await;
import io.pulse.kernel.testing.LogCapture;
import io.pulse.spi.Scheduler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KernelSchedulerTest {

    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final Duration FAST = Duration.ofMillis(10);

    private final KernelScheduler scheduler = new KernelScheduler();

    @AfterEach
    void close() {
        scheduler.close(Duration.ofSeconds(2));
    }

    @Test
    void eachRunIsOnAVirtualThreadNamedAfterTheTask() {
        AtomicReference<Thread> seen = new AtomicReference<>();
        scheduler.every("snapshot", Duration.ZERO, FAST, () -> seen.compareAndSet(null, Thread.currentThread()));

        Await.until("a run", WAIT, () -> seen.get() != null);
        assertTrue(seen.get().isVirtual());
        assertEquals("sched-snapshot", seen.get().getName());
    }

    @Test
    void aRunStillGoingMakesTheNextOnesSkip() throws InterruptedException {
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger started = new AtomicInteger();
        AtomicInteger concurrent = new AtomicInteger();
        AtomicBoolean overlapped = new AtomicBoolean();
        scheduler.every("slow", Duration.ZERO, FAST, () -> {
            if (concurrent.incrementAndGet() > 1) {
                overlapped.set(true);
            }
            try {
                if (started.incrementAndGet() == 1) {
                    release.await(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                concurrent.decrementAndGet();
            }
        });

        Await.until("skipped runs while the first is blocked", WAIT, () -> scheduler.skippedRuns() >= 3);
        assertEquals(1, started.get(), "no second run while the first is still going");
        release.countDown();
        Await.until("runs resume", WAIT, () -> started.get() >= 3);
        assertFalse(overlapped.get(), "runs of one task never overlap");
    }

    @Test
    void anExceptionIsLoggedWithTheTaskNameAndLaterRunsGoOn() {
        AtomicInteger runs = new AtomicInteger();
        try (LogCapture log = new LogCapture(KernelScheduler.class.getName())) {
            scheduler.every("flaky", Duration.ZERO, FAST, () -> {
                if (runs.incrementAndGet() == 1) {
                    throw new IllegalStateException("disk full");
                }
            });
            Await.until("a run after the failure", WAIT, () -> runs.get() >= 3);
            assertEquals(1, scheduler.failedRuns());
            assertTrue(log.messages().stream().anyMatch(m -> m.contains("scheduled task flaky failed")
                && m.contains("disk full")), log.messages().toString());
        }
    }

    @Test
    void skippedAndFailedRunsAreCountedInTheCountersItIsGiven() throws InterruptedException {
        LongAdder skipped = new LongAdder();
        LongAdder failed = new LongAdder();
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger runs = new AtomicInteger();
        try (KernelScheduler counting = new KernelScheduler(skipped, failed);
             LogCapture ignored = new LogCapture(KernelScheduler.class.getName())) {
            counting.every("slow-then-failing", Duration.ZERO, FAST, () -> {
                if (runs.incrementAndGet() == 1) {
                    try {
                        release.await(5, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    throw new IllegalStateException("after a long run");
                }
            });
            Await.until("skipped runs counted", WAIT, () -> skipped.sum() >= 2);
            release.countDown();
            Await.until("the failure counted", WAIT, () -> failed.sum() == 1);
            assertEquals(skipped.sum(), counting.skippedRuns());
            assertEquals(1, counting.failedRuns());
        }
    }

    @Test
    void cancelStopsFutureRuns() throws InterruptedException {
        AtomicInteger runs = new AtomicInteger();
        Scheduler.Scheduled task = scheduler.every("counted", Duration.ZERO, FAST, runs::incrementAndGet);
        Await.until("a run", WAIT, () -> runs.get() >= 1);
        task.cancel();
        int afterCancel = runs.get();
        // A witness on the same scheduler and period: once it has run a few times, the cancelled task would have run
        // too had it not been cancelled (a run already in progress at cancel may still finish: allow one).
        awaitWitnessRuns(5);
        assertTrue(runs.get() <= afterCancel + 1, "runs after cancel: " + (runs.get() - afterCancel));
        int settled = runs.get();
        awaitWitnessRuns(5);
        assertEquals(settled, runs.get());
    }

    /** Schedules a task with the {@link #FAST} period and waits until it has run {@code count} times. */
    private void awaitWitnessRuns(int count) {
        AtomicInteger witness = new AtomicInteger();
        Scheduler.Scheduled task = scheduler.every("witness", Duration.ZERO, FAST, witness::incrementAndGet);
        Await.until(count + " witness runs", WAIT, () -> witness.get() >= count);
        task.cancel();
    }

    @Test
    void theFirstRunWaitsForTheInitialDelay() throws InterruptedException {
        AtomicInteger runs = new AtomicInteger();
        scheduler.every("later", Duration.ofSeconds(30), FAST, runs::incrementAndGet);
        awaitWitnessRuns(10); // ten periods in which a task without its delay would have run
        assertEquals(0, runs.get());
    }

    @Test
    void closeWaitsBoundedForRunsInProgress() {
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        scheduler.every("stuck", Duration.ZERO, Duration.ofSeconds(10), () -> {
            running.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        Await.until("the run", WAIT, () -> running.getCount() == 0);

        long start = System.nanoTime();
        assertFalse(scheduler.close(Duration.ofMillis(100)), "the stuck run is reported");
        assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(2), "but close does not wait for it");
        release.countDown();
        assertThrows(IllegalStateException.class, () -> scheduler.every("late", Duration.ZERO, FAST, () -> { }));
    }

    @Test
    void periodsMustBePositive() {
        assertThrows(IllegalArgumentException.class, () -> scheduler.every("zero", Duration.ZERO, Duration.ZERO, () -> { }));
        assertThrows(IllegalArgumentException.class,
            () -> scheduler.every("negative", Duration.ofSeconds(-1), FAST, () -> { }));
    }
}
