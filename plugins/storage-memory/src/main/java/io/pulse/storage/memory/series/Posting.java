package io.pulse.storage.memory.series;

import java.util.Arrays;

/**
 * The series of one stat that have one tag value ({@code role=web}): an immutable view of the first {@link #size()}
 * slots of an array that grows by doubling.
 *
 * <p>Why not a plain copy-on-write array: a tag value that every relay of a fleet shares ({@code role:fleet} on 10,000
 * relays) would be copied whole for every series added, 10,000 times per stat, 50 million references per stat for a
 * fleet's first round (about 4 GB of garbage for 20 stats, which had the storage writer and the GC busy for the
 * first 10-20 s of such a fleet). Here adding is amortised O(1): {@link #plus} writes the next free slot of the shared
 * array and returns a new view one longer; only when the array is full is it copied, to twice the length.
 *
 * <p>Thread-safety: a view never changes what it shows. {@link #plus} writes only a slot beyond the view's size, which
 * no published view shows (views that show more of the same array are never made: {@link #minus} copies), and the
 * caller publishes the new view through a concurrent map, so a reader that gets it sees the slot. Writers must be
 * serialised (the index calls {@code plus} and {@code minus} only under the stat's compute lock, on the current view).
 */
final class Posting {

    /** One: the most common posting is a tag value of one relay ({@code host}), one series per stat for good. */
    private static final int FIRST_CAPACITY = 1;

    private final Series[] slots;
    private final int size;

    private Posting(Series[] slots, int size) {
        this.slots = slots;
        this.size = size;
    }

    /** A posting of one series. */
    static Posting of(Series series) {
        Series[] slots = new Series[FIRST_CAPACITY];
        slots[0] = series;
        return new Posting(slots, 1);
    }

    /** Number of series. */
    int size() {
        return size;
    }

    /** Length of the array behind the view: the slots {@link #plus} fills before it copies (tests check the growth). */
    int capacity() {
        return slots.length;
    }

    /** The series at {@code i}, {@code 0 <= i < size()}. */
    Series get(int i) {
        if (i >= size) {
            throw new IndexOutOfBoundsException(i);
        }
        return slots[i];
    }

    /** This posting and {@code series}: the current view of the posting only (see the class comment). */
    Posting plus(Series series) {
        Series[] target = size < slots.length ? slots : Arrays.copyOf(slots, slots.length * 2);
        target[size] = series;
        return new Posting(target, size + 1);
    }

    /** This posting without {@code series} (a fresh array), itself when it does not hold it, or null when empty. */
    Posting minus(Series series) {
        int at = -1;
        for (int i = 0; i < size; i++) {
            if (slots[i] == series) {
                at = i;
                break;
            }
        }
        if (at < 0) {
            return this;
        }
        if (size == 1) {
            return null;
        }
        Series[] rest = new Series[Math.max(FIRST_CAPACITY, size - 1)];
        System.arraycopy(slots, 0, rest, 0, at);
        System.arraycopy(slots, at + 1, rest, at, size - at - 1);
        return new Posting(rest, size - 1);
    }
}
