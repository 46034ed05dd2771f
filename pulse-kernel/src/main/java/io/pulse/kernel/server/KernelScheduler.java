package io.pulse.kernel.server;

import io.pulse.spi.Scheduler;

import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/**
 * The kernel's {@link Scheduler}: one small timer thread decides when tasks are due; every run happens on its own
 * virtual thread (named {@code sched-<task>}), so a slow task never delays another. A run still going when the
 * next is due makes that next one skip (counted), so runs of one task never overlap. An exception in a run is
 * logged with the task's name and later runs go on.
 *
 * <p>Thread-safe. {@link #close()} stops every task and waits a bounded time for runs in progress.
 */
public final class KernelScheduler implements Scheduler, AutoCloseable {

    private static final System.Logger LOG = System.getLogger(KernelScheduler.class.getName());

    private final ScheduledExecutorService timer;
    private final Set<Task> tasks = ConcurrentHashMap.newKeySet();
    private final LongAdder skipped;
    private final LongAdder failed;
    private volatile boolean closed;

    /** A scheduler that counts skipped and failed runs for itself only. */
    public KernelScheduler() {
        this(new LongAdder(), new LongAdder());
    }

    /**
     * @param skipped where runs skipped because the previous one was still going are counted (the server's
     *                {@code scheduler.runs.skipped} counter)
     * @param failed  where runs that threw are counted ({@code scheduler.runs.failed})
     */
    public KernelScheduler(LongAdder skipped, LongAdder failed) {
        this.skipped = Objects.requireNonNull(skipped, "skipped");
        this.failed = Objects.requireNonNull(failed, "failed");
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "pulse-scheduler");
            thread.setDaemon(true);
            // The runs' virtual threads inherit this loader: the kernel's, whoever created the scheduler. A plugin's
            // own tasks get its loader from their binding, not from here.
            thread.setContextClassLoader(KernelScheduler.class.getClassLoader());
            return thread;
        });
    }

    @Override
    public Scheduled every(String name, Duration initialDelay, Duration period, Runnable task) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(task, "task");
        if (period == null || period.isNegative() || period.isZero()) {
            throw new IllegalArgumentException("task " + name + ": the period must be positive, got " + period);
        }
        if (initialDelay == null || initialDelay.isNegative()) {
            throw new IllegalArgumentException("task " + name + ": the initial delay must not be negative");
        }
        if (closed) {
            throw new IllegalStateException("the scheduler is closed; task " + name + " not scheduled");
        }
        Task scheduled = new Task(name, task);
        tasks.add(scheduled);
        scheduled.future = timer.scheduleAtFixedRate(scheduled::launch, initialDelay.toNanos(), period.toNanos(),
            TimeUnit.NANOSECONDS);
        return scheduled;
    }

    /** Runs skipped because the previous run of the same task was still going. */
    public long skippedRuns() {
        return skipped.sum();
    }

    /** Runs that threw. */
    public long failedRuns() {
        return failed.sum();
    }

    /**
     * Cancels every task and waits up to {@code timeout} in total for runs in progress.
     *
     * @return true when every run finished in time
     */
    public boolean close(Duration timeout) {
        closed = true;
        java.util.List<Task> all = java.util.List.copyOf(tasks);
        all.forEach(Task::cancel);
        timer.shutdownNow();
        long deadline = System.nanoTime() + timeout.toNanos();
        boolean finished = true;
        for (Task task : all) {
            finished &= task.awaitIdle(deadline);
        }
        return finished;
    }

    @Override
    public void close() {
        if (!close(Duration.ofSeconds(5))) {
            LOG.log(System.Logger.Level.WARNING, "some scheduled tasks were still running after 5 s; not waiting longer");
        }
    }

    /** One scheduled task: launches a virtual thread per due run unless the last run is still going. */
    private final class Task implements Scheduled {
        private final String name;
        private final Runnable body;
        private final AtomicBoolean running = new AtomicBoolean();
        private final AtomicReference<Thread> current = new AtomicReference<>();
        private volatile boolean cancelled;
        private volatile ScheduledFuture<?> future;

        Task(String name, Runnable body) {
            this.name = name;
            this.body = body;
        }

        /** Called by the timer thread when a run is due. */
        void launch() {
            if (cancelled) {
                return;
            }
            if (!running.compareAndSet(false, true)) {
                skipped.increment();
                LOG.log(System.Logger.Level.DEBUG, "task {0}: previous run still going, skipping this one", name);
                return;
            }
            Thread thread = Thread.ofVirtual().name("sched-" + name).unstarted(this::runOnce);
            current.set(thread);
            thread.start();
        }

        private void runOnce() {
            try {
                body.run();
            } catch (Throwable e) {
                failed.increment();
                LOG.log(System.Logger.Level.ERROR, "scheduled task " + name + " failed", e);
            } finally {
                current.set(null);
                running.set(false);
            }
        }

        @Override
        public void cancel() {
            cancelled = true;
            ScheduledFuture<?> f = future;
            if (f != null) {
                f.cancel(false);
            }
            tasks.remove(this);
        }

        boolean awaitIdle(long deadlineNanos) {
            Thread thread = current.get();
            if (thread == null) {
                return true;
            }
            long left = deadlineNanos - System.nanoTime();
            if (left <= 0) {
                return !thread.isAlive();
            }
            try {
                return thread.join(Duration.ofNanos(left));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
    }
}
