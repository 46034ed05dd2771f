package io.pulse.kernel.relay;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

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
    void everyRelayIsPolledOncePerIntervalAtMostOneTickAfterItsOffset() {
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
            for (Relay relay : relays) {
                assertTrue(relay.polls.size() >= 2 && relay.polls.size() <= 3, interval + ": " + relay);
                for (int i = 0; i < relay.polls.size(); i++) {
                    long late = Math.floorMod(relay.polls.get(i) - relay.offsetMillis, interval);
                    assertTrue(late < tick, interval + ": poll " + i + " of " + relay + " " + late + " ms late");
                    if (i > 0) {
                        assertEquals(interval, relay.polls.get(i) - relay.polls.get(i - 1), "one interval apart");
                    }
                }
            }
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
}
