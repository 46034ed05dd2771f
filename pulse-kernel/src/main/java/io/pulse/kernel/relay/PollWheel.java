package io.pulse.kernel.relay;

import java.time.Clock;
import java.util.ArrayDeque;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The regular polls of every relay on one wheel: the poll interval is cut into slots of {@link #tickMillis} (10 ms,
 * or the longest shorter slot that divides the interval), each relay sits in a slot shortly after its stable offset
 * ({@link PollPhase}; grouped, below), and one periodic task on the poll timer (or an event loop) polls the relays
 * of each slot as it comes round.
 *
 * <p>A relay is polled in the slot it was put in when it joined, at or after its offset and at most
 * {@link #groupSpanSlots} slots later (100 ms at a 1 s interval): never early, the same slot every interval.
 *
 * <p>Why group: an event loop wakes once per slot that has relays in it, and a wake-up costs more than the polls it
 * writes (on a VM about 50 us each). With relays spread over all 100 slots, 200 relays kept a loop waking in most
 * slots for two relays each. So a joining relay goes into the first slot of its span (its own slot and the
 * {@link #groupSpanSlots} - 1 after it) that already has relays and fewer than {@value #GROUP_SIZE}; only when
 * none has, it opens an empty slot of its span, the group mark (every {@link #groupSpanSlots} slots) first, then the
 * half mark, then the quarter marks ({@link #openingOrder}), so that the slots opened are the ones most later relays
 * can share: a few hundred relays share the ten marks a second, a thousand about 28 slots, and thousands fill
 * every slot as before (a slot takes more than {@value #GROUP_SIZE} only when every slot of a relay's span has
 * relays and none has room: then the relay's own). A relay keeps its slot while it stays; which slot of its span it
 * gets depends on who joined before it.
 *
 * <p>Why: a periodic timer task per relay costs the timer thread a wake-up, a lock round trip and a re-insertion
 * into its priority queue for every single poll (about 2,000 a second with 2,000 relays at 1 s, measured at about
 * 20 us each). With the wheel the timer wakes once per slot and sends a run of polls, for a poll that is at most a
 * group span after the relay's exact offset - the same slot every interval, so the gap between a relay's polls is
 * still the interval.
 *
 * <p>Thread-safe: relays join and leave from their connection threads (under the wheel's lock, into copy-on-write
 * slots: joins and leaves are rare next to polls); {@link #turn} runs on one thread only: the poll timer's (the wheel of relays read by their own
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
    /** How far after its offset a relay may be polled, so that it can share a slot with others. */
    static final long GROUP_SPAN_MILLIS = 100;
    /**
     * Relays a slot takes from later offsets before they go elsewhere: their answers arrive together (48 answers
     * of 20 stats are 960 samples; the storage queue holds 30,000 answers) and are read in one round. 48 rather
     * than 32: a loop with 1,000 relays fits in 28 slots instead of 40; not 64, which fits it in 20 but leaves
     * 5,000 relays on a loop in 83 slots of 64 (at 10,000 relays polls came up to 127 ms late and the storage
     * queue overflowed in the ramp), where 48 still spreads them over every slot.
     */
    static final int GROUP_SIZE = 48;

    private final long intervalMillis;
    private final long tickMillis;
    private final CopyOnWriteArrayList<Member>[] slots;
    /** A group's span in slots: {@link #GROUP_SPAN_MILLIS}, at most a tenth of the interval, at least one slot. */
    private final int groupSpanSlots;
    /** The slots after a group mark in the order a relay opens an empty one ({@link #openingOrder}). */
    private final int[] openingOrder;
    /** The slot each relay on the wheel was put in (guarded by this wheel; {@link #turn} reads only the slots). */
    private final Map<Member, Integer> slotOfMember = new IdentityHashMap<>();
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
        this.groupSpanSlots = (int) Math.max(1, Math.min(GROUP_SPAN_MILLIS / tickMillis, count / 10));
        this.openingOrder = openingOrder(groupSpanSlots);
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

    /** A group's span in slots: a relay is polled fewer than this many slots after its own. */
    int groupSpanSlots() {
        return groupSpanSlots;
    }

    /** Puts a relay on the wheel (a relay already on it stays where it is). */
    void add(Member member) {
        synchronized (this) {
            if (slotOfMember.containsKey(member)) {
                return;
            }
            int slot = groupSlotFor(slotOf(member.offsetMillis()));
            slotOfMember.put(member, slot);
            slots[slot].add(member);
        }
        joined.run();
    }

    synchronized void remove(Member member) {
        Integer slot = slotOfMember.remove(member);
        if (slot != null) {
            slots[slot].removeIf(other -> other == member);  // this relay, not one equal to it
        }
    }

    /**
     * The slot for a relay whose own slot is {@code own}, within {@code [own, own + span)}: the first slot there
     * that has relays and room, else the first empty one in {@link #openingOrder} (the mark, the half mark, ...),
     * else its own (every slot of the span has relays and none has room).
     */
    private int groupSlotFor(int own) {
        for (int i = 0; i < groupSpanSlots; i++) {
            int slot = (own + i) % slots.length;
            if (!slots[slot].isEmpty() && hasRoom(slot)) {
                return slot;
            }
        }
        for (int afterMark : openingOrder) {
            // the slot of the span that lies afterMark slots after a group mark (each such slot is in the span once)
            int slot = (int) ((own + Math.floorMod(afterMark - own, (long) groupSpanSlots)) % slots.length);
            if (slots[slot].isEmpty()) {
                return slot;
            }
        }
        return own;
    }

    /**
     * The slots after a group mark, {@code [0, span)}, in the order relays open them: the mark, then the middle of
     * the span, then the middles of the halves, and so on (for 10: 0, 5, 2, 7, 1, 3, 6, 8, 4, 9).
     *
     * <p>Why: a slot opened at a mark is in the span of every relay whose own slot is up to a span before it, and
     * the marks and half marks together are two slots in every span; opening the slots in this order keeps the
     * slots in use on a few shared positions instead of wherever the relay that found no room happened to be.
     */
    static int[] openingOrder(int span) {
        int[] order = new int[span];
        int found = 0;
        order[found++] = 0;
        ArrayDeque<int[]> halves = new ArrayDeque<>();
        halves.add(new int[] {0, span});
        while (!halves.isEmpty()) {
            int[] range = halves.poll();
            if (range[1] - range[0] < 2) {
                continue;
            }
            int middle = (range[0] + range[1]) / 2;
            order[found++] = middle;
            halves.add(new int[] {range[0], middle});
            halves.add(new int[] {middle, range[1]});
        }
        return order;
    }

    private boolean hasRoom(int slot) {
        return slots[slot % slots.length].size() < GROUP_SIZE;
    }

    /** The first slot starting at or after the offset: a relay's own slot, up to one tick after its offset. */
    private int slotOf(long offsetMillis) {
        long offset = Math.floorMod(offsetMillis, intervalMillis);
        return (int) (((offset + tickMillis - 1) / tickMillis) % slots.length);
    }

    /** The slots that have relays (for tests and the record of how grouped the wheel is). */
    int slotsInUse() {
        int used = 0;
        for (CopyOnWriteArrayList<Member> slot : slots) {
            if (!slot.isEmpty()) {
                used++;
            }
        }
        return used;
    }

    /** How many relays the slot that starts {@code slot} ticks into the interval holds. */
    int relaysInSlot(int slot) {
        return slots[slot].size();
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
     * Milliseconds from an event loop's writing polls until it reads their answers: the next slot boundary with
     * relays due (the loop wakes there to write their polls anyway), at most one group span
     * ({@link #groupSpanSlots}) away; at least 1.
     *
     * <p>Why: relays answer within a millisecond or so; reading the answers when the loop wakes anyway, rather than
     * at the next boundary, takes one wake-up per group instead of two when the groups are apart (a few hundred
     * relays, about ten groups a second), and changes nothing when every slot has relays.
     */
    long millisUntilAnswersRead() {
        return millisUntilDue(groupSpanSlots * tickMillis);
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
