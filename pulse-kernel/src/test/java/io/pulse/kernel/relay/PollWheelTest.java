package io.pulse.kernel.relay;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PollWheelTest {

    /** A clock the test moves by hand. */
    private static final class ManualClock extends Clock {
        long millis;

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(millis);
        }
    }

    private record Relay(long offsetMillis, List<Long> polls, ManualClock clock) implements PollWheel.Member {
        @Override
        public void regularPoll() {
            polls.add(clock.millis);
        }
    }

    @Test
    void everyRelayIsPolledOncePerIntervalAtMostOneGroupSpanAfterItsOffset() {
        for (long interval : new long[] {1000, 1005, 1009, 7, 60_000}) {
            ManualClock clock = new ManualClock();
            clock.millis = 1_000_000L * interval;  // on a tick boundary, as the timer runs (PollScheduler)
            PollWheel wheel = new PollWheel(interval, clock);
            long tick = wheel.tickMillis();
            assertEquals(0, interval % tick, "a tick divides the interval " + interval);
            List<Relay> relays = new ArrayList<>();
            for (long offset = 0; offset < interval; offset += Math.max(1, interval / 97)) {
                Relay relay = new Relay(offset, new ArrayList<>(), clock);
                relays.add(relay);
                wheel.add(relay);
            }
            long start = clock.millis;
            for (; clock.millis < start + 3 * interval; clock.millis += tick) {
                wheel.turn();
            }
            assertPolledOnTimeOverThreeIntervals(relays, interval, wheel);
        }
    }

    @Test
    void aHeldUpTimerPollsEachRelayOnceNotOncePerMissedInterval() {
        ManualClock clock = new ManualClock();
        clock.millis = 5_000_000;
        PollWheel wheel = new PollWheel(1000, clock);
        Relay relay = new Relay(500, new ArrayList<>(), clock);
        wheel.add(relay);
        wheel.turn();
        clock.millis += 10_000;  // ten intervals late
        wheel.turn();
        assertEquals(1, relay.polls.size());
        wheel.remove(relay);
        clock.millis += 1000;
        wheel.turn();
        assertEquals(1, relay.polls.size(), "removed: no more polls");
    }

    @Test
    void aLoopSleepingUntilTheNextSlotWithRelaysPollsAsTimelyAsOneTurningEverySlot() {
        for (long interval : new long[] {1000, 1009, 60_000}) {
            ManualClock clock = new ManualClock();
            clock.millis = 1_000_000L * interval + 3;  // anywhere, as an event loop wakes for answers too
            List<Integer> joins = new ArrayList<>();
            PollWheel wheel = new PollWheel(interval, clock, () -> joins.add(1));
            long tick = wheel.tickMillis();
            List<Relay> relays = new ArrayList<>();
            for (long offset = 17; offset < interval; offset += interval / 5) {  // a few relays: most slots empty
                Relay relay = new Relay(offset, new ArrayList<>(), clock);
                relays.add(relay);
                wheel.add(relay);
            }
            assertEquals(relays.size(), joins.size(), "every join is told");
            long start = clock.millis;
            int wakeUps = 0;
            while (clock.millis < start + 3 * interval - 250) {
                long sleep = wheel.millisUntilDue(250);
                assertTrue(sleep >= 1 && sleep <= 250, interval + ": sleeps " + sleep + " ms");
                clock.millis += sleep;
                wheel.turn();
                wakeUps++;
            }
            assertPolledOnTimeOverThreeIntervals(relays, interval, wheel);
            long everySlot = 3 * interval / tick;
            assertTrue(wakeUps <= 3 * relays.size() + 3 * interval / 250 + 2 && wakeUps < everySlot,
                interval + ": " + wakeUps + " wake-ups, not one per slot (" + everySlot + ")");
        }
    }

    @Test
    void aLoopReadingAnswersWithTheNextGroupPollsOnTimeAndWaitsAtMostOneGroupSpanForThem() {
        // RelayLoop: after a turn that polled, it sleeps to the next slot with relays, at most a group span (and
        // reads the answers then); otherwise until the next slot with relays
        for (long interval : new long[] {1000, 1009, 60_000}) {
            ManualClock clock = new ManualClock();
            clock.millis = 1_000_000L * interval + 7;
            PollWheel wheel = new PollWheel(interval, clock);
            long tick = wheel.tickMillis();
            List<Relay> relays = new ArrayList<>();
            for (long offset = 3; offset < interval; offset += interval / 7) {
                Relay relay = new Relay(offset, new ArrayList<>(), clock);
                relays.add(relay);
                wheel.add(relay);
            }
            long start = clock.millis;
            int polled = 0;
            boolean answersDue = false;
            while (clock.millis < start + 3 * interval - 250) {
                long sleep = answersDue ? wheel.millisUntilAnswersRead() : wheel.millisUntilDue(250);
                if (answersDue) {
                    long span = wheel.groupSpanSlots() * tick;
                    assertTrue(sleep >= 1 && sleep <= span, interval + ": answers read " + sleep + " ms later");
                }
                clock.millis += sleep;
                int n = wheel.turn();
                polled += n;
                answersDue = n > 0;
            }
            assertPolledOnTimeOverThreeIntervals(relays, interval, wheel);
            assertEquals(relays.stream().mapToInt(r -> r.polls.size()).sum(), polled, "turn counts its polls");
        }
    }

    @Test
    void anEmptyWheelWaitsTheLongestItMayAndASlotWithARelayNoLonger() {
        ManualClock clock = new ManualClock();
        clock.millis = 7_000_004;
        PollWheel wheel = new PollWheel(1000, clock);
        assertEquals(250, wheel.millisUntilDue(250), "nothing due: the longest wait asked for");
        wheel.add(new Relay(40, new ArrayList<>(), clock));
        assertEquals(96, wheel.millisUntilDue(250), "the relay waits for the group at 100 ms");
        clock.millis = 7_000_100;  // on the relay's boundary: the next one is an interval later, beyond the limit
        assertEquals(250, wheel.millisUntilDue(250));
        assertEquals(1000, wheel.millisUntilDue(5000), "the relay's slot an interval later");
    }

    private static void assertNoSlotOverTheGroupSize(PollWheel wheel) {
        for (int slot = 0; slot < 100; slot++) {
            assertTrue(wheel.relaysInSlot(slot) <= PollWheel.GROUP_SIZE, "slot " + slot + " over the group size");
        }
    }

    @Test
    void aFewHundredRelaysShareTenSlotsAndTheLoopWakesAboutTenTimesAnInterval() {
        Fleet fleet = new Fleet(200);
        assertTrue(fleet.wheel.slotsInUse() <= 12, fleet.wheel.slotsInUse() + " slots in use, not ten or so");
        assertNoSlotOverTheGroupSize(fleet.wheel);
        int wakeUps = fleet.runLoopForThreeIntervals();
        assertTrue(wakeUps <= 3 * 13, wakeUps + " wake-ups in three intervals, not about one per group");
        assertPolledOnTimeOverThreeIntervals(fleet.relays, 1000, fleet.wheel);
    }

    @Test
    void thousandsOfRelaysSpreadOverEverySlotAndStillComeOnTime() {
        for (int count : new int[] {1000, 5000}) {
            Fleet fleet = new Fleet(count);
            int used = fleet.wheel.slotsInUse();
            int most = 0;
            for (int slot = 0; slot < 100; slot++) {
                most = Math.max(most, fleet.wheel.relaysInSlot(slot));
            }
            // grouped: fewer slots than the 100 of one relay each, no slot with many more than a fair share
            assertTrue(used >= Math.min(100, count / PollWheel.GROUP_SIZE) && used <= 100, count + ": " + used + " slots in use");
            System.out.println(count + " relays: " + used + " slots in use, at most " + most + " in one");
            assertTrue(most <= 2 * Math.max(PollWheel.GROUP_SIZE, count / 100), count + ": " + most + " in a slot");
            if (count == 5000) {
                assertEquals(100, used, "5,000 relays on a loop (10,000 in all) spread over every slot");
            }
            fleet.runLoopForThreeIntervals();
            assertPolledOnTimeOverThreeIntervals(fleet.relays, 1000, fleet.wheel);
        }
    }

    @Test
    void aThousandRelaysOnALoopShareAboutThirtySlots() {
        // one loop's share of 2,000 relays: before slots were filled before new ones opened, 53 slots (a wake-up each)
        Fleet fleet = new Fleet(1000);
        int used = fleet.wheel.slotsInUse();
        System.out.println("1000 relays: " + used + " slots in use");
        assertTrue(used <= 32, used + " slots in use for 1,000 relays, not about 28");
        assertNoSlotOverTheGroupSize(fleet.wheel);
        int wakeUps = fleet.runLoopForThreeIntervals();
        assertTrue(wakeUps <= 3 * 34, wakeUps + " wake-ups in three intervals, not about one per group");
        assertPolledOnTimeOverThreeIntervals(fleet.relays, 1000, fleet.wheel);
    }

    @Test
    void aRelayThatFindsNoRoomOpensTheHalfMarkOfItsSpanNotItsOwnSlot() {
        assertArrayEquals(new int[] {0, 5, 2, 7, 1, 3, 6, 8, 4, 9}, PollWheel.openingOrder(10));
        assertArrayEquals(new int[] {0}, PollWheel.openingOrder(1));
        assertArrayEquals(new int[] {0, 1}, PollWheel.openingOrder(2));
        ManualClock clock = new ManualClock();
        clock.millis = 3_000_000;
        PollWheel wheel = new PollWheel(1000, clock);
        for (int i = 0; i < PollWheel.GROUP_SIZE; i++) {
            wheel.add(new Relay(505, new ArrayList<>(), clock));  // own slot 51: the mark at 600 ms, filled
        }
        assertEquals(PollWheel.GROUP_SIZE, wheel.relaysInSlot(60));
        Relay opening = new Relay(515, new ArrayList<>(), clock);  // own slot 52, span 520-610 ms: the mark is full
        wheel.add(opening);
        assertEquals(1, wheel.relaysInSlot(55), "the half mark of its span opened");
        assertEquals(0, wheel.relaysInSlot(52), "not its own slot");
        Relay joining = new Relay(531, new ArrayList<>(), clock);  // own slot 54: the half mark has relays and room
        wheel.add(joining);
        assertEquals(2, wheel.relaysInSlot(55), "joined the open half mark before any empty slot");
        Relay later = new Relay(561, new ArrayList<>(), clock);  // own slot 57: span 570-660 ms, the full mark first
        wheel.add(later);
        assertEquals(1, wheel.relaysInSlot(65), "the half mark of its own span, not the full mark");
        assertEquals(3, wheel.slotsInUse());
        for (long end = clock.millis + 2000; clock.millis < end; clock.millis += 10) {
            wheel.turn();
        }
        assertEquals(List.of(3_000_550L, 3_001_550L), opening.polls);
        assertEquals(List.of(3_000_550L, 3_001_550L), joining.polls);
        assertEquals(List.of(3_000_650L, 3_001_650L), later.polls);
    }

    @Test
    void aRelayThatLeavesAGroupIsNoLongerPolledAndOneThatJoinsTwiceIsPolledOnce() {
        ManualClock clock = new ManualClock();
        clock.millis = 3_000_000;
        PollWheel wheel = new PollWheel(1000, clock);
        Relay staying = new Relay(505, new ArrayList<>(), clock);
        Relay leaving = new Relay(505, new ArrayList<>(), clock);  // equal to the other as a record: not the same
        wheel.add(staying);
        wheel.add(leaving);
        wheel.add(staying);
        assertEquals(2, wheel.relaysInSlot(60), "both in the group slot at 600 ms");
        wheel.remove(leaving);
        for (long end = clock.millis + 2000; clock.millis < end; clock.millis += 10) {
            wheel.turn();
        }
        assertEquals(List.of(3_000_600L, 3_001_600L), staying.polls);
        assertEquals(List.of(), leaving.polls);
    }

    /** Relays named as RelayFleet names them, on a 1 s wheel, and an event loop's rounds as RelayLoop runs them. */
    private static final class Fleet {
        final ManualClock clock = new ManualClock();
        final PollWheel wheel;
        final List<Relay> relays = new ArrayList<>();

        Fleet(int count) {
            clock.millis = 1_000_000_003L;
            wheel = new PollWheel(1000, clock);
            for (int i = 0; i < count; i++) {
                Relay relay = new Relay(PollPhase.offsetMillis("fleet-" + i, 1000), new ArrayList<>(), clock);
                relays.add(relay);
                wheel.add(relay);
            }
        }

        /** Wakes as RelayLoop does (after polls: until the answers are read; else until the next relays are due). */
        int runLoopForThreeIntervals() {
            long end = clock.millis + 3000 - 250;
            int wakeUps = 0;
            boolean answersDue = false;
            while (clock.millis < end) {
                clock.millis += answersDue ? wheel.millisUntilAnswersRead() : wheel.millisUntilDue(250);
                answersDue = wheel.turn() > 0;
                wakeUps++;
            }
            return wakeUps;
        }
    }

    /**
     * Each relay polled two or three times in three intervals, never before its offset and less than a group span
     * after it, one interval apart.
     */
    private static void assertPolledOnTimeOverThreeIntervals(List<Relay> relays, long interval, PollWheel wheel) {
        long span = wheel.groupSpanSlots() * wheel.tickMillis();
        for (Relay relay : relays) {
            assertTrue(relay.polls.size() >= 2 && relay.polls.size() <= 3, interval + ": " + relay);
            for (int i = 0; i < relay.polls.size(); i++) {
                long late = Math.floorMod(relay.polls.get(i) - relay.offsetMillis, interval);
                assertTrue(late < span, interval + ": poll " + i + " of " + relay + " " + late + " ms late");
                if (i > 0) {
                    assertEquals(interval, relay.polls.get(i) - relay.polls.get(i - 1), "one interval apart");
                }
            }
        }
    }
}
