package io.pulse.kernel.relay;

import java.time.Clock;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The regular polls of every relay on one wheel: the poll interval is cut into slots of {@link #tickMillis} (10 ms,
 * or the longest shorter slot that divides the interval), each relay sits in the slot of its stable offset ({@link PollPhase}), and one
 * periodic task on the poll timer polls the relays of each slot as it comes round.
 *
 * <p>A relay is polled at the first slot boundary at or after its offset: up to one slot late, never early.
 *
 * <p>Why: a periodic timer task per relay costs the timer thread a wake-up, a lock round trip and a re-insertion
 * into its priority queue for every single poll (about 2,000 a second with 2,000 relays at 1 s, measured at about
 * 20 us each). With the wheel the timer wakes once per slot and sends a run of polls, for a poll that is at most one
 * slot after the relay's exact offset - the same slot every interval, so the gap between a relay's polls is still the
 * interval.
 *
 * <p>Thread-safe: relays join and leave from their connection threads (copy-on-write slots: joins and leaves are
 * rare next to polls); {@link #turn} runs on one thread only: the poll timer's (the wheel of relays read by their own
 * thread, i.e. TLS), or an event loop's ({@link RelayLoop}: each loop has its own wheel and writes its relays' polls
 * itself).
 */
final class PollWheel {

    /** A relay on the wheel: polled when its slot comes round. */
    interface Member {
        /** The relay's offset within the interval, in {@code [0, interval)}. */
        long offsetMillis();

        /** Its regular poll (runs on the thread that turns the wheel; must only queue lines, never block). */
        void regularPoll();
    }

    /** The slot length when the interval allows: well under the 100 ms lateness the polls are allowed. */
    static final long DEFAULT_TICK_MILLIS = 10;

    private final long intervalMillis;
    private final long tickMillis;
    private final CopyOnWriteArrayList<Member>[] slots;
    private final Clock clock;
    /** Told when a relay joins (the event loop waking up to count it in its next wait); may be a no-op. */
    private final Runnable joined;
    /** The absolute slot number (wall-clock millis / tick) last turned; the turning thread only. */
    private long lastTurned = Long.MIN_VALUE;

    PollWheel(long intervalMillis, Clock clock) {
        this(intervalMillis, clock, () -> { });
    }

    /**
     * @param joined told after a relay joined, from the joining thread (an event loop that sleeps past empty slots,
     *               {@link #millisUntilDue}, is woken so that it counts the new relay in)
     */
    @SuppressWarnings("unchecked")
    PollWheel(long intervalMillis, Clock clock, Runnable joined) {
        this.intervalMillis = intervalMillis;
        this.tickMillis = tickFor(intervalMillis);
        int count = Math.toIntExact(intervalMillis / tickMillis);
        this.slots = new CopyOnWriteArrayList[count];
        for (int i = 0; i < count; i++) {
            slots[i] = new CopyOnWriteArrayList<>();
        }
        this.clock = clock;
        this.joined = joined;
    }

    /**
     * The longest slot of at most {@value #DEFAULT_TICK_MILLIS} ms that divides the interval, so that every slot
     * comes round exactly once per interval.
     */
    static long tickFor(long intervalMillis) {
        for (long tick = Math.min(DEFAULT_TICK_MILLIS, intervalMillis); tick > 1; tick--) {
            if (intervalMillis % tick == 0) {
                return tick;
            }
        }
        return 1;
    }

    long tickMillis() {
        return tickMillis;
    }

    void add(Member member) {
        slots[slotOf(member.offsetMillis())].add(member);
        joined.run();
    }

    void remove(Member member) {
        slots[slotOf(member.offsetMillis())].remove(member);
    }

    /** The first slot starting at or after the offset: a poll may come up to one tick late, never early. */
    private int slotOf(long offsetMillis) {
        long offset = Math.floorMod(offsetMillis, intervalMillis);
        return (int) (((offset + tickMillis - 1) / tickMillis) % slots.length);
    }

    /**
     * Milliseconds from now until the next slot boundary whose slot has relays, at most {@code maxMillis}; at
     * least 1.
     *
     * <p>Why: an event loop used to wake at every slot boundary, 100 times a second, whether or not a relay was due;
     * with a few relays per loop most of those rounds found nothing to do, and each cost a wake-up of the thread.
     * {@link #turn} polls every slot that came round since its last turn, so sleeping past empty slots misses none.
     */
    long millisUntilDue(long maxMillis) {
        long now = clock.millis();
        long absolute = Math.floorDiv(now, tickMillis) + 1;  // the next boundary
        long ahead = Math.min(slots.length, maxMillis / tickMillis + 1);
        for (long i = 0; i < ahead; i++, absolute++) {
            int slot = (int) (Math.floorMod(absolute * tickMillis, intervalMillis) / tickMillis);
            if (!slots[slot].isEmpty()) {
                return Math.max(1, Math.min(maxMillis, absolute * tickMillis - now));
            }
        }
        return Math.max(1, maxMillis);
    }

    /**
     * Milliseconds from now until the next slot boundary, whether or not its slot has relays; at least 1.
     *
     * <p>Why: an event loop that has just written polls reads their answers at the next boundary, all together,
     * rather than waking up for each answer as it arrives ({@link RelayLoop}).
     */
    long millisUntilNextSlot() {
        long now = clock.millis();
        return Math.max(1, (Math.floorDiv(now, tickMillis) + 1) * tickMillis - now);
    }

    /**
     * Polls the relays of every slot that came round since the last turn (all slots of at most one interval, when
     * the timer was held up for longer: a relay is polled once, not once per missed interval).
     *
     * @return how many relays were polled
     */
    int turn() {
        long now = Math.floorDiv(clock.millis(), tickMillis);
        long from = lastTurned == Long.MIN_VALUE ? now : Math.max(lastTurned + 1, now - slots.length + 1);
        int polled = 0;
        for (long absolute = from; absolute <= now; absolute++) {
            // the slot of the wall-clock instant absolute * tick within the interval
            int slot = (int) (Math.floorMod(absolute * tickMillis, intervalMillis) / tickMillis);
            for (Member member : slots[slot]) {
                member.regularPoll();
                polled++;
            }
        }
        lastTurned = now;
        return polled;
    }
}
