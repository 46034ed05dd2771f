package io.pulse.api.http.query;

import io.pulse.api.http.json.SlotPoint;
import io.pulse.spi.storage.Point;

import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;

/**
 * Folds 15-minute buckets into the 96 slots of a day, as {@code /daily} answers: each bucket goes to the slot of its
 * start's wall-clock time in the given zone (minutes rounded down to a quarter), and each slot is the mean of its
 * buckets, every bucket weighing the same, across days. Slots come out sorted {@code 00:00} to {@code 23:45}.
 * Stateless.
 */
public final class DailySlots {

    /** Slots per day. */
    public static final int SLOTS = 96;

    private DailySlots() {
    }

    /**
     * Folds buckets into slots.
     *
     * @param buckets  15-minute bucket values, any order
     * @param zone     the zone whose wall clock names the slots
     * @param backfill when present, slots without a bucket get this value; otherwise they are left out
     */
    public static List<SlotPoint> fold(List<Point> buckets, ZoneId zone, OptionalDouble backfill) {
        double[] sum = new double[SLOTS];
        int[] count = new int[SLOTS];
        for (Point p : buckets) {
            LocalTime time = Instant.ofEpochMilli(p.timeMillis()).atZone(zone).toLocalTime();
            int slot = time.getHour() * 4 + time.getMinute() / 15;
            sum[slot] += p.value();
            count[slot]++;
        }
        List<SlotPoint> slots = new ArrayList<>(SLOTS);
        for (int slot = 0; slot < SLOTS; slot++) {
            if (count[slot] > 0) {
                slots.add(new SlotPoint(name(slot), sum[slot] / count[slot]));
            } else if (backfill.isPresent()) {
                slots.add(new SlotPoint(name(slot), backfill.getAsDouble()));
            }
        }
        return slots;
    }

    /** {@code HH:MM} of a slot. */
    static String name(int slot) {
        int minutes = slot * 15;
        return String.format("%02d:%02d", minutes / 60, minutes % 60);
    }
}
