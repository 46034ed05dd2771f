package io.pulse.kernel.relay;

import io.pulse.protocol.CollectorNames;
import io.pulse.protocol.OverrideLine;
import io.pulse.spi.frontend.PollOverride;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The poll overrides in force: validation, the {@code override} line to send, and the list itself.
 *
 * <p>Thread-safe: the list is copy-on-write (overrides are rare, reads are frequent).
 */
final class OverrideBook {

    /** An override in force, with what the relays need to be told and polled. */
    static final class ActiveOverride {
        private final PollOverride override;
        private final long deadlineNanos;
        private final Map<Long, List<String>> collectorsByIntervalSeconds;

        ActiveOverride(PollOverride override, long deadlineNanos) {
            this.override = override;
            this.deadlineNanos = deadlineNanos;
            Map<Long, List<String>> groups = new TreeMap<>();
            override.collectors().forEach((name, interval) ->
                    groups.computeIfAbsent(interval.getSeconds(), s -> new ArrayList<>()).add(name));
            groups.replaceAll((seconds, names) -> List.copyOf(names));
            this.collectorsByIntervalSeconds = java.util.Collections.unmodifiableMap(groups);
        }

        PollOverride override() {
            return override;
        }

        /** Collector names (sorted) by their override interval in seconds: one poll schedule per group. */
        Map<Long, List<String>> collectorsByIntervalSeconds() {
            return collectorsByIntervalSeconds;
        }

        /** Whole seconds left (rounded up) at {@code nowNanos} ({@link System#nanoTime()}); 0 when over. */
        long remainingSeconds(long nowNanos) {
            long left = deadlineNanos - nowNanos;
            return left <= 0 ? 0 : (left + 999_999_999L) / 1_000_000_000L;
        }

        boolean isOver(long nowNanos) {
            return deadlineNanos - nowNanos <= 0;
        }

        /** {@code override <seconds> <c>:<interval>,...} ({@link OverrideLine}: collectors sorted by name). */
        String line(long remainingSeconds) {
            return OverrideLine.of(Duration.ofSeconds(remainingSeconds), override.collectors()).line();
        }
    }

    private final List<ActiveOverride> active = new CopyOnWriteArrayList<>();

    /**
     * Checks an override request as {@link io.pulse.kernel.relay.RelayControl#override} documents it.
     *
     * @throws IllegalArgumentException naming what is wrong
     */
    static void validate(Duration duration, Map<String, Duration> collectors) {
        if (duration == null || duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException("override duration must be positive, got " + duration);
        }
        if (collectors == null || collectors.isEmpty()) {
            throw new IllegalArgumentException("override needs at least one collector");
        }
        for (Map.Entry<String, Duration> e : collectors.entrySet()) {
            String name = e.getKey();
            Duration interval = e.getValue();
            // Stricter than the line itself needs: the name must read back the same in any relay implementation.
            if (name == null || !CollectorNames.isSafeOnTheWire(name)) {
                throw new IllegalArgumentException("override collector name '" + name
                        + "' must be non-empty, without '-', ':', ',', spaces or control characters");
            }
            if (interval == null || interval.getSeconds() < 1 || interval.getNano() != 0) {
                throw new IllegalArgumentException("override interval for collector '" + name
                        + "' must be a whole number of seconds, at least 1 s, got " + interval);
            }
        }
    }

    ActiveOverride start(PollOverride override, long deadlineNanos) {
        ActiveOverride started = new ActiveOverride(override, deadlineNanos);
        active.add(started);
        return started;
    }

    /** Removes an override; false if it was already gone. */
    boolean end(ActiveOverride override) {
        return active.remove(override);
    }

    /** The overrides in force, soonest-ending first. */
    List<ActiveOverride> active() {
        List<ActiveOverride> list = new ArrayList<>(active);
        list.sort(Comparator.comparing((ActiveOverride a) -> a.override().until()).thenComparingLong(a -> a.deadlineNanos));
        return list;
    }

    /** Forgets every override (server shutdown). */
    void clear() {
        active.clear();
    }

    static PollOverride describe(Map<String, Duration> collectors, java.time.Instant started, Duration duration) {
        return new PollOverride(new TreeMap<>(collectors), started, started.plus(duration));
    }
}
