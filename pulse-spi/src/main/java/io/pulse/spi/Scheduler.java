package io.pulse.spi;

import java.time.Duration;

/**
 * The kernel's scheduler, shared by all plugins so that periodic work (snapshots, retries, replays) is
 * visible, named and stopped with the server.
 *
 * <p>Each run happens on its own virtual thread; a run that is still going when the next is due makes the
 * next one skip, so runs of one task never overlap. An exception in a run is logged with the task's name
 * and does not cancel later runs.
 */
@Api
public interface Scheduler {

    /**
     * Runs {@code task} every {@code period}, the first time after {@code initialDelay}.
     *
     * @param initialDelay the initial delay
     * @param period the period
     * @param task the task
     * @return a handle that cancels the task
     * @param name a short name for logs, e.g. {@code "memory-snapshot"}
     */
    Scheduled every(String name, Duration initialDelay, Duration period, Runnable task);

    /** A scheduled task; cancelling lets a run in progress finish. */
    interface Scheduled {
        /** Stops future runs. */
        void cancel();
    }
}
