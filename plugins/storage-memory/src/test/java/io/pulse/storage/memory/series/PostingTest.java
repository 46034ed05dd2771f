package io.pulse.storage.memory.series;

import io.pulse.spi.stats.Tags;
import io.pulse.spi.storage.TagFilter;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Postings of the series index: views that never change, adding without a copy per series, and queries over them. */
class PostingTest {

    private static final Set<Series> NO_QUEUE = ConcurrentHashMap.newKeySet();

    private static Series series(long id) {
        return new Series(id, "cpu", Tags.of("host", "h" + id, "role", "fleet"), 60_000, NO_QUEUE);
    }

    private static List<Series> contents(Posting posting) {
        List<Series> out = new ArrayList<>();
        for (int i = 0; i < posting.size(); i++) {
            out.add(posting.get(i));
        }
        return out;
    }

    @Test
    void aViewShowsWhatItHeldWhenItWasMadeWhateverIsAddedOrRemovedLater() {
        Series a = series(1);
        Series b = series(2);
        Series c = series(3);
        Posting one = Posting.of(a);
        Posting two = one.plus(b);
        Posting three = two.plus(c);
        Posting withoutB = three.minus(b);
        Posting again = withoutB.plus(b);

        assertEquals(List.of(a), contents(one));
        assertEquals(List.of(a, b), contents(two));
        assertEquals(List.of(a, b, c), contents(three));
        assertEquals(List.of(a, c), contents(withoutB));
        assertEquals(List.of(a, c, b), contents(again));
        assertThrows(IndexOutOfBoundsException.class, () -> one.get(1));
    }

    @Test
    void removingTheLastSeriesLeavesNothingAndRemovingAnAbsentOneChangesNothing() {
        Series a = series(1);
        Posting one = Posting.of(a);
        assertNull(one.minus(a));
        assertSame(one, one.minus(series(2)));
    }

    @Test
    void addingGrowsTheArrayByDoublingNotBySeries() {
        Posting posting = Posting.of(series(0));
        int copies = 0;
        for (int i = 1; i < 10_000; i++) {
            int before = posting.capacity();
            posting = posting.plus(series(i));
            if (posting.capacity() != before) {
                copies++;
                assertEquals(2 * before, posting.capacity());
            }
        }
        assertEquals(10_000, posting.size());
        assertEquals(14, copies, "1 -> 16,384 in doublings");
        for (int i = 0; i < 10_000; i++) {
            assertEquals(i, posting.get(i).id());
        }
    }

    @Test
    void aTagValueThatEverySeriesSharesFindsThemAllAndRemovalsAreSeen() {
        SeriesIndex index = new SeriesIndex();
        List<Series> created = new ArrayList<>();
        for (int i = 0; i < 5_000; i++) {
            Series s = series(i);
            created.add(index.getOrCreate(s.stat(), s.tags(), () -> s));
        }
        assertEquals(5_000, visit(index, TagFilter.anyOf("role", "fleet")).size());
        assertEquals(Set.of(created.get(42)), visit(index, TagFilter.anyOf("host", "h42")));

        for (int i = 0; i < 5_000; i += 2) {
            Series s = created.get(i);
            assertTrue(s.removeIfEmpty());
            index.remove(s);
        }
        Set<Series> left = visit(index, TagFilter.anyOf("role", "fleet"));
        assertEquals(2_500, left.size());
        for (Series s : left) {
            assertEquals(1, s.id() % 2);
        }
        assertEquals(Set.of(), visit(index, TagFilter.anyOf("host", "h42")));
    }

    @Test
    void aQueryWhileSeriesAreAddedSeesEachSeriesAtMostOnceAndNeverANullSlot() throws Exception {
        SeriesIndex index = new SeriesIndex();
        AtomicBoolean done = new AtomicBoolean();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread reader = Thread.ofPlatform().start(() -> {
            int lastSize = 0;
            try {
                while (!done.get()) {
                    List<Series> seen = new ArrayList<>();
                    index.forEachMatching("cpu", TagFilter.anyOf("role", "fleet"), seen::add);
                    assertEquals(seen.size(), new HashSet<>(seen).size());
                    assertTrue(seen.size() >= lastSize, "a later query sees at least what an earlier one saw");
                    for (int i = 0; i < seen.size(); i++) {
                        assertEquals(i, seen.get(i).id(), "in the order added, no slot skipped");
                    }
                    lastSize = seen.size();
                }
            } catch (Throwable t) {
                failure.set(t);
            }
        });
        for (int i = 0; i < 20_000; i++) {
            Series s = series(i);
            index.getOrCreate(s.stat(), s.tags(), () -> s);
        }
        done.set(true);
        reader.join();
        if (failure.get() != null) {
            throw new AssertionError(failure.get());
        }
        assertEquals(20_000, visit(index, TagFilter.anyOf("role", "fleet")).size());
    }

    private static Set<Series> visit(SeriesIndex index, TagFilter filter) {
        Set<Series> seen = new HashSet<>();
        index.forEachMatching("cpu", filter, seen::add);
        return seen;
    }
}
