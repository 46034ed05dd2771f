package io.pulse.kernel.relay;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;

/**
 * When one relay is polled.
 * <ul>
 *   <li><b>First poll</b>: soon after its first {@code add} (see {@link PollScheduler#firstPollDelayMillis}).</li>
 *   <li><b>Regular polls</b>: one {@code get} naming all its collectors at its stable slot in every poll interval
 *   ({@link PollPhase}, served by the scheduler's {@link PollWheel} from the first poll on); a slot that comes less than half an interval after the first poll is skipped. Relays with
 *   no collectors (all removed) get nothing.</li>
 *   <li><b>Override polls</b>: for each override in force, for each distinct override interval, a {@code get} naming
 *   those of the override's collectors the relay has, at the relay's stable slot within that interval. They come
 *   on top of the regular polls, which go on unchanged.</li>
 * </ul>
 *
 * <p>Thread-safe: every method is synchronized on the plan (calls are rare and short); the tasks run on the
 * scheduler thread and only queue lines.
 */
final class RelayPollPlan {

    private final ConnectedRelay relay;
    private final PollScheduler scheduler;
    private final PollWheel wheel;
    private final Map<OverrideBook.ActiveOverride, List<ScheduledFuture<?>>> overrides = new HashMap<>(2);
    private boolean started;
    private boolean cancelled;
    private ScheduledFuture<?> firstPoll;
    private final PollWheel.Member regularPolls;
    private boolean onWheel;
    private long lastFullPollNanos;
    private boolean polledOnce;

    RelayPollPlan(ConnectedRelay relay, PollScheduler scheduler, PollWheel wheel) {
        this.relay = relay;
        this.scheduler = scheduler;
        this.wheel = wheel;
        long offset = PollPhase.offsetMillis(relay.id(), scheduler.intervalMillis());
        this.regularPolls = new PollWheel.Member() {
            @Override
            public long offsetMillis() {
                return offset;
            }

            @Override
            public void regularPoll() {
                pollAll(true);
            }
        };
    }

    /** Starts polling (called on every {@code add}; only the first call does anything). */
    synchronized void start() {
        if (started || cancelled) {
            return;
        }
        started = true;
        long firstDelay = scheduler.firstPollDelayMillis(relay.id());
        // regular slots start after the first poll (a slot less than half an interval after it is skipped)
        firstPoll = scheduler.once("first poll of " + relay, firstDelay, () -> {
            pollAll(false);
            joinWheel();
        });
    }

    private synchronized void joinWheel() {
        if (!cancelled && !onWheel) {
            onWheel = true;
            wheel.add(regularPolls);
        }
    }

    /**
     * Tells the relay about an override ({@code override <seconds left> ...}) and polls its collectors at their
     * override intervals until it ends. Idempotent: an override already applied is neither re-sent nor
     * re-scheduled.
     */
    synchronized void applyOverride(OverrideBook.ActiveOverride override, long nowNanos) {
        if (cancelled || overrides.containsKey(override)) {
            return;
        }
        long secondsLeft = override.remainingSeconds(nowNanos);
        if (secondsLeft <= 0) {
            return;
        }
        relay.send(override.line(secondsLeft));
        List<ScheduledFuture<?>> tasks = new ArrayList<>();
        long nowMillis = scheduler.clock().millis();
        override.collectorsByIntervalSeconds().forEach((seconds, names) -> {
            long period = seconds * 1000;
            long toSlot = PollPhase.delayToNextSlot(relay.id(), period, nowMillis);
            OverridePolls polls = new OverridePolls(override, names, period);
            ScheduledFuture<?> task = scheduler.every("override polls of " + relay, toSlot, period, polls);
            if (task != null) {
                tasks.add(task);
            }
        });
        overrides.put(override, tasks);
    }

    /** Stops the override's polls. */
    synchronized void endOverride(OverrideBook.ActiveOverride override) {
        List<ScheduledFuture<?>> tasks = overrides.remove(override);
        if (tasks != null) {
            tasks.forEach(t -> t.cancel(false));
        }
    }

    /** Stops everything (the relay left). */
    synchronized void cancel() {
        cancelled = true;
        if (firstPoll != null) {
            firstPoll.cancel(false);
        }
        if (onWheel) {
            onWheel = false;
            wheel.remove(regularPolls);
        }
        // (null futures: the scheduler was already closed, nothing to cancel)
        overrides.values().forEach(tasks -> tasks.forEach(t -> t.cancel(false)));
        overrides.clear();
    }

    private void pollAll(boolean regularSlot) {
        synchronized (this) {
            if (cancelled) {
                return;
            }
            long now = System.nanoTime();
            // skips a slot right after the first poll, and catch-up runs after a delayed run
            if (regularSlot && polledOnce
                    && now - lastFullPollNanos < scheduler.intervalMillis() * 1_000_000L / 2) {
                return;
            }
            if (relay.collectors().isEmpty()) {
                return;
            }
            polledOnce = true;
            lastFullPollNanos = now;
        }
        relay.sendGetAll(Instant.now(scheduler.clock()));
    }

    /** The polls of one override interval group for this relay. */
    private final class OverridePolls implements Runnable {
        private final OverrideBook.ActiveOverride override;
        private final List<String> overridden;
        private final long periodNanos;
        private long lastNanos;
        private boolean polledOnce;

        OverridePolls(OverrideBook.ActiveOverride override, List<String> overridden, long periodMillis) {
            this.override = override;
            this.overridden = overridden;
            this.periodNanos = periodMillis * 1_000_000L;
        }

        @Override
        public void run() {
            long now = System.nanoTime();
            synchronized (RelayPollPlan.this) {
                if (cancelled || !overrides.containsKey(override) || override.isOver(now)) {
                    return;
                }
                // a run delayed past its slot is followed by catch-up runs: skip those
                if (polledOnce && now - lastNanos < periodNanos / 2) {
                    return;
                }
                polledOnce = true;
                lastNanos = now;
            }
            List<String> names = new ArrayList<>();
            for (String name : relay.collectors().keySet()) {
                if (overridden.contains(name)) {
                    names.add(name);
                }
            }
            if (!names.isEmpty() && relay.sendGet(names, Instant.now(scheduler.clock()))) {
                scheduler.metrics().overridePollsSent.increment();
            }
        }
    }
}
