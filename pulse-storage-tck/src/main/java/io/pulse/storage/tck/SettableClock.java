package io.pulse.storage.tck;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A clock a test sets and advances by hand. Millisecond resolution.
 *
 * <p>Thread-safe: the time is one atomic value, so a store reading it on a scheduler thread sees the test's changes.
 */
public final class SettableClock extends Clock {

    private final AtomicLong millis;
    private final ZoneId zone;

    /** A clock at {@code start}, in UTC. */
    public SettableClock(Instant start) {
        this(new AtomicLong(start.toEpochMilli()), ZoneOffset.UTC);
    }

    private SettableClock(AtomicLong millis, ZoneId zone) {
        this.millis = millis;
        this.zone = zone;
    }

    /** A clock at the current system time, in UTC. */
    public static SettableClock ofNow() {
        return new SettableClock(Instant.now());
    }

    /** Sets the time. */
    public void set(Instant instant) {
        millis.set(instant.toEpochMilli());
    }

    /** Sets the time, ms since the epoch. */
    public void setMillis(long epochMillis) {
        millis.set(epochMillis);
    }

    /** Moves the time forward (or back, for a negative duration). */
    public void advance(Duration duration) {
        millis.addAndGet(duration.toMillis());
    }

    @Override
    public long millis() {
        return millis.get();
    }

    @Override
    public Instant instant() {
        return Instant.ofEpochMilli(millis.get());
    }

    @Override
    public ZoneId getZone() {
        return zone;
    }

    /** A view in another zone that shares this clock's time. */
    @Override
    public Clock withZone(ZoneId zone) {
        return new SettableClock(millis, Objects.requireNonNull(zone, "zone"));
    }

    @Override
    public String toString() {
        return "SettableClock[" + instant() + "]";
    }
}
