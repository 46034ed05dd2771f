package io.pulse.storage.tck;

import io.pulse.spi.Scheduler;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A {@link Scheduler} that never runs anything by itself: a test runs the registered tasks when it chooses, with
 * {@link #runAll()} or {@link #run(String)}, on the calling thread. This makes periodic work (snapshots, log syncs)
 * deterministic in tests.
 *
 * <p>Thread-safe: tasks may be registered and cancelled from any thread. Like the kernel's scheduler, an exception
 * thrown by a task is not propagated by {@link #runAll()} (it is recorded, see {@link #failures()}), and cancelled
 * tasks no longer run.
 */
public final class ManualScheduler implements Scheduler {

    /** One registered task. */
    public static final class Task implements Scheduled {
        private final String name;
        private final Duration initialDelay;
        private final Duration period;
        private final Runnable runnable;
        private volatile boolean cancelled;

        private Task(String name, Duration initialDelay, Duration period, Runnable runnable) {
            this.name = name;
            this.initialDelay = initialDelay;
            this.period = period;
            this.runnable = runnable;
        }

        /** The task's name. */
        public String name() {
            return name;
        }

        /** The delay it asked for before its first run. */
        public Duration initialDelay() {
            return initialDelay;
        }

        /** The period it asked for. */
        public Duration period() {
            return period;
        }

        /** Whether it was cancelled. */
        public boolean isCancelled() {
            return cancelled;
        }

        @Override
        public void cancel() {
            cancelled = true;
        }

        @Override
        public String toString() {
            return name + (cancelled ? " (cancelled)" : "") + " every " + period;
        }
    }

    private final List<Task> tasks = new CopyOnWriteArrayList<>();
    private final List<Throwable> failures = new CopyOnWriteArrayList<>();

    @Override
    public Scheduled every(String name, Duration initialDelay, Duration period, Runnable task) {
        if (period.isNegative() || period.isZero()) {
            throw new IllegalArgumentException("period must be positive, got " + period + " for " + name);
        }
        Task t = new Task(name, initialDelay, period, task);
        tasks.add(t);
        return t;
    }

    /** Every task ever registered, cancelled ones included, in registration order. */
    public List<Task> tasks() {
        return List.copyOf(tasks);
    }

    /** Tasks that are not cancelled. */
    public List<Task> activeTasks() {
        List<Task> active = new ArrayList<>();
        for (Task t : tasks) {
            if (!t.cancelled) {
                active.add(t);
            }
        }
        return active;
    }

    /** Runs every active task once, in registration order; returns how many ran. */
    public int runAll() {
        int ran = 0;
        for (Task t : activeTasks()) {
            runOne(t);
            ran++;
        }
        return ran;
    }

    /**
     * Runs the active tasks named {@code name} once.
     *
     * @throws IllegalStateException when no active task has that name
     */
    public void run(String name) {
        boolean found = false;
        for (Task t : activeTasks()) {
            if (t.name.equals(name)) {
                runOne(t);
                found = true;
            }
        }
        if (!found) {
            throw new IllegalStateException("no active task named '" + name + "'; tasks: " + tasks);
        }
    }

    /** What tasks threw, oldest first. */
    public List<Throwable> failures() {
        return List.copyOf(failures);
    }

    private void runOne(Task t) {
        try {
            t.runnable.run();
        } catch (RuntimeException | Error e) {
            failures.add(e);
        }
    }
}
