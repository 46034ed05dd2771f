package io.pulse.storage.memory.series;

import io.pulse.spi.stats.Tags;
import io.pulse.spi.storage.TagFilter;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Finds series: by (stat, tags) for writes, by stat and tag filter for queries.
 *
 * <p>Per stat it keeps the series by tag set and postings {@code tag key -> tag value -> series} ({@link Posting}),
 * so a filtered query visits only the series of its most selective filter key instead of every series of the stat.
 * A posting is an immutable view of a growing array: adding a series is amortised O(1) even for a tag value that
 * every series of a fleet shares, removing one (rare) copies, and an array costs a few bytes per series where a
 * concurrent set would cost a couple of hundred.
 *
 * <p>Thread-safe without a global lock: lookups are plain concurrent-map reads of safely published values;
 * creating and removing a series (rare) happen inside {@link ConcurrentHashMap#compute} on the stat's entry, which
 * serialises them per stat.
 */
public final class SeriesIndex {

    private static final Series[] NONE = new Series[0];

    /** The series of one stat and their postings. Postings change only under the stat's compute lock. */
    private static final class StatSeries {
        final ConcurrentHashMap<Tags, Series> byTags = new ConcurrentHashMap<>();
        final ConcurrentHashMap<String, ConcurrentHashMap<String, Posting>> postings = new ConcurrentHashMap<>();
    }

    private final ConcurrentHashMap<String, StatSeries> byStat = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, AtomicInteger> tagKeyUse = new ConcurrentHashMap<>();
    private final AtomicInteger size = new AtomicInteger();

    /** The series of {@code stat} with exactly {@code tags}, or null. Lock-free. */
    public Series get(String stat, Tags tags) {
        StatSeries s = byStat.get(stat);
        return s == null ? null : s.byTags.get(tags);
    }

    /**
     * The series of {@code stat} with {@code tags}, created with {@code factory} when there is none (or the one
     * there was removed).
     */
    public Series getOrCreate(String stat, Tags tags, SeriesFactory factory) {
        Series existing = get(stat, tags);
        if (existing != null && !existing.isRemoved()) {
            return existing;
        }
        Series[] result = new Series[1];
        byStat.compute(stat, (k, statSeries) -> {
            StatSeries ss = statSeries != null ? statSeries : new StatSeries();
            Series current = ss.byTags.get(tags);
            if (current == null || current.isRemoved()) {
                if (current != null) {
                    unlink(ss, current);
                }
                current = factory.create();
                link(ss, current);
            }
            result[0] = current;
            return ss;
        });
        return result[0];
    }

    /**
     * Adds a series restored from disk.
     *
     * @throws IllegalStateException when a series of the same stat and tags is present
     */
    public void add(Series series) {
        byStat.compute(series.stat(), (k, statSeries) -> {
            StatSeries ss = statSeries != null ? statSeries : new StatSeries();
            Series current = ss.byTags.get(series.tags());
            if (current != null) {
                throw new IllegalStateException("series " + series + " is present twice (ids " + current.id() + ", "
                    + series.id() + ")");
            }
            link(ss, series);
            return ss;
        });
    }

    /** Removes a series that {@link Series#removeIfEmpty()} marked removed. */
    public void remove(Series series) {
        byStat.computeIfPresent(series.stat(), (k, ss) -> {
            if (ss.byTags.get(series.tags()) == series) {
                unlink(ss, series);
            }
            return ss.byTags.isEmpty() ? null : ss;
        });
    }

    private void link(StatSeries ss, Series series) {
        ss.byTags.put(series.tags(), series);
        size.incrementAndGet();
        for (Map.Entry<String, String> tag : series.tags().asMap().entrySet()) {
            ss.postings.computeIfAbsent(tag.getKey(), x -> new ConcurrentHashMap<>())
                .merge(tag.getValue(), Posting.of(series), (posting, one) -> posting.plus(series));
            tagKeyUse.computeIfAbsent(tag.getKey(), x -> new AtomicInteger()).incrementAndGet();
        }
    }

    private void unlink(StatSeries ss, Series series) {
        if (!ss.byTags.remove(series.tags(), series)) {
            return;
        }
        size.decrementAndGet();
        for (Map.Entry<String, String> tag : series.tags().asMap().entrySet()) {
            ConcurrentHashMap<String, Posting> values = ss.postings.get(tag.getKey());
            if (values != null) {
                values.computeIfPresent(tag.getValue(), (v, posting) -> posting.minus(series));
                if (values.isEmpty()) {
                    ss.postings.remove(tag.getKey(), values);
                }
            }
            tagKeyUse.computeIfPresent(tag.getKey(), (key, use) -> use.decrementAndGet() <= 0 ? null : use);
        }
    }

    /**
     * Visits every live series of {@code stat} that {@code filter} matches. Uses the postings of the filter key with
     * the fewest candidates, then checks the whole filter on each candidate.
     */
    public void forEachMatching(String stat, TagFilter filter, Consumer<Series> visitor) {
        StatSeries ss = byStat.get(stat);
        if (ss == null) {
            return;
        }
        if (filter.isEmpty()) {
            ss.byTags.values().forEach(visitor);
            return;
        }
        List<Posting> best = null;
        long bestSize = Long.MAX_VALUE;
        for (Map.Entry<String, Set<String>> e : filter.asMap().entrySet()) {
            ConcurrentHashMap<String, Posting> values = ss.postings.get(e.getKey());
            if (values == null) {
                return; // no series has this key: nothing matches
            }
            List<Posting> candidates = new ArrayList<>(e.getValue().size());
            long candidateCount = 0;
            for (String value : e.getValue()) {
                Posting posting = values.get(value);
                if (posting != null) {
                    candidates.add(posting);
                    candidateCount += posting.size();
                }
            }
            if (candidateCount < bestSize) {
                best = candidates;
                bestSize = candidateCount;
            }
        }
        for (Posting posting : best) {
            for (int i = 0; i < posting.size(); i++) {
                Series series = posting.get(i);
                if (filter.matches(series.tags())) {
                    visitor.accept(series);
                }
            }
        }
    }

    /** Every live series (weakly consistent, like the concurrent maps it walks). */
    public Iterable<Series> all() {
        return () -> new Iterator<>() {
            private final Iterator<StatSeries> stats = byStat.values().iterator();
            private Iterator<Series> current = Arrays.asList(NONE).iterator();

            @Override
            public boolean hasNext() {
                while (!current.hasNext() && stats.hasNext()) {
                    current = stats.next().byTags.values().iterator();
                }
                return current.hasNext();
            }

            @Override
            public Series next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return current.next();
            }
        };
    }

    /** Number of series. */
    public int size() {
        return size.get();
    }

    /** Stats with at least one series, sorted. */
    public List<String> stats() {
        return byStat.keySet().stream().sorted().toList();
    }

    /** Tag keys of at least one series, sorted. */
    public List<String> tagKeys() {
        return tagKeyUse.keySet().stream().sorted().toList();
    }

    /** Creates a series for {@link #getOrCreate}; called at most once per call, under the stat's lock. */
    @FunctionalInterface
    public interface SeriesFactory {
        Series create();
    }
}
