package io.pulse.relay;

import io.pulse.protocol.OverrideLine;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The override windows the server asked for: collector name to (interval, end). A window is kept by name, so a
 * collector added while a window for its name is open is collected at the overridden interval too. A newer
 * override for the same name replaces the older one. Ended windows are dropped when next looked at.
 *
 * <p>Thread-safe (a concurrent map of immutable windows). Time comes from the relay's {@link Clock}.
 */
final class Overrides {

    private record Window(Duration interval, Instant until) {
    }

    private final ConcurrentHashMap<String, Window> windows = new ConcurrentHashMap<>();
    private final Clock clock;

    Overrides(Clock clock) {
        this.clock = clock;
    }

    /** Opens a window for each collector the override names, ending {@code duration} from now. */
    void apply(OverrideLine command) {
        Instant now = clock.instant();
        // Windows for names no collector asked about are never looked at again: drop the ended ones here.
        windows.values().removeIf(window -> !now.isBefore(window.until()));
        Instant until = now.plus(command.duration());
        command.intervals().forEach((name, interval) -> windows.put(name, new Window(interval, until)));
    }

    /** The overridden interval for that collector, or null when no window is open for it. */
    Duration activeInterval(String name) {
        Window window = open(name);
        return window != null ? window.interval() : null;
    }

    /** Time left in that collector's window, or null when none is open. */
    Duration remaining(String name) {
        Window window = open(name);
        return window != null ? Duration.between(clock.instant(), window.until()) : null;
    }

    /** Windows held now, ended ones not yet dropped included (for tests). */
    int size() {
        return windows.size();
    }

    private Window open(String name) {
        Window window = windows.get(name);
        if (window == null) {
            return null;
        }
        if (!clock.instant().isBefore(window.until())) {
            windows.remove(name, window);
            return null;
        }
        return window;
    }
}
