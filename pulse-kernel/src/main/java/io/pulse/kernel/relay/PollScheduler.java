package io.pulse.kernel.relay;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The one timer thread behind the polls that are not an event loop's: the regular polls of relays read by their own
 * thread (TLS, on {@link #wheel()}; a plain TCP relay's regular polls come from its {@link RelayLoop}'s wheel), every
 * relay's first poll and override polls, and the end of each override. Tasks only queue lines ({@link ConnectedRelay#send} never blocks), so one thread serves ten
 * thousand relays and a dead relay cannot delay anyone else's poll.
 *
 * <p>Thread-safe. Tasks that throw are logged and keep their schedule.
 */
final class PollScheduler implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(PollScheduler.class.getName());

    /** A first poll waits at least this long after the first {@code add}, so the relay's other adds arrive too. */
    static final long FIRST_POLL_SETTLE_MILLIS = 250;
    /** ...plus a per-relay spread of up to this much, so a crowd of reconnecting relays is not polled at once. */
    static final long FIRST_POLL_SPREAD_MILLIS = 500;

    private final ScheduledThreadPoolExecutor timer;
    private final long intervalMillis;
    private final Clock clock;
    private final RelayMetrics metrics;
    private final PollWheel wheel;
    private boolean wheelTurning;

    PollScheduler(Duration pollInterval, Clock clock, RelayMetrics metrics) {
        this.intervalMillis = pollInterval.toMillis();
        this.clock = clock;
        this.metrics = metrics;
        this.timer = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "pulse-relay-poller");
            t.setDaemon(true);
            return t;
        });
        timer.setRemoveOnCancelPolicy(true);
        timer.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        timer.setContinueExistingPeriodicTasksAfterShutdownPolicy(false);
        this.wheel = new PollWheel(intervalMillis, clock);
    }

    /**
     * Where relays read by their own thread (TLS) wait for their regular polls, turned by the timer thread. The
     * timer turns it from the first call on: a server with plain TCP relays only (their polls come from their event
     * loops' wheels) has no timer waking every slot for nothing.
     */
    synchronized PollWheel wheel() {
        if (!wheelTurning) {
            wheelTurning = true;
            long tick = wheel.tickMillis();
            every("the poll wheel", tick - Math.floorMod(clock.millis(), tick), tick, wheel::turn);
        }
        return wheel;
    }

    /**
     * A fresh poll plan for a relay (nothing scheduled until {@link RelayPollPlan#start}), whose regular polls wait on
     * that wheel: {@link #wheel()}, or the wheel of the relay's event loop.
     */
    RelayPollPlan planFor(ConnectedRelay relay, PollWheel wheel) {
        return new RelayPollPlan(relay, this, wheel);
    }

    long intervalMillis() {
        return intervalMillis;
    }

    Clock clock() {
        return clock;
    }

    RelayMetrics metrics() {
        return metrics;
    }

    /** How long after its first {@code add} a relay gets its first poll: under a second, never over the interval. */
    long firstPollDelayMillis(String relayId) {
        long spread = Math.floorMod(PollPhase.mix(relayId) >>> 7, FIRST_POLL_SPREAD_MILLIS);
        return Math.min(intervalMillis, FIRST_POLL_SETTLE_MILLIS + spread);
    }

    /**
     * Runs a task once after a delay.
     *
     * @return the scheduled task, or null when the scheduler is closed (the server is shutting down)
     */
    ScheduledFuture<?> once(String what, long delayMillis, Runnable task) {
        try {
            return timer.schedule(guarded(what, task), delayMillis, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            return null;
        }
    }

    /**
     * Runs a task at a fixed rate. A run delayed past the next one is followed by catch-up runs; the poll tasks
     * skip those (see {@link RelayPollPlan}).
     *
     * @return the scheduled task, or null when the scheduler is closed (the server is shutting down)
     */
    ScheduledFuture<?> every(String what, long initialDelayMillis, long periodMillis, Runnable task) {
        try {
            return timer.scheduleAtFixedRate(guarded(what, task), initialDelayMillis, periodMillis,
                    TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            return null;
        }
    }

    private static Runnable guarded(String what, Runnable task) {
        return () -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "Poll task failed: " + what, e);
            }
        };
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
