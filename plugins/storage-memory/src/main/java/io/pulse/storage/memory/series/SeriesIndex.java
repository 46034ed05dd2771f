package io.pulse.storage.memory.series;

import io.pulse.spi.stats.Tags;
import io.pulse.spi.storage.TagFilter;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Finds series: by (stat, tags) for writes, by stat and tag filter for queries, by id for log replay.
 *
 * <p>Per stat it keeps the series by tag set and posting sets {@code tag key -> tag value -> series}, so a filtered
 * query visits only the series of its most selective filter key instead of every series of the stat.
 *
 * <p>Thread-safe without a global lock: lookups are plain concurrent-map reads; creating and removing a series (rare)
 * happen inside {@link ConcurrentHashMap#compute} on the stat's entry, which serialises them per stat.
 */
public final class SeriesIndex {

    /** The series of one stat and their postings. */
    private static final class StatSeries {
        final ConcurrentHashMap<Tags, Series> byTags = new ConcurrentHashMap<>();
        final ConcurrentHashMap<String, ConcurrentHashMap<String, Set<Series>>> postings = new ConcurrentHashMap<>();
    }

    private final ConcurrentHashMap<String, StatSeries> byStat = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<Long, Series> byId = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, AtomicInteger> tagKeyUse = new ConcurrentHashMap<>();

    /** The series of {@code stat} with exactly {@code tags}, or null. Lock-free. */
    public Series get(String stat, Tags tags) {
        StatSeries s = byStat.get(stat);
        return s == null ? null : s.byTags.get(tags);
    }

    /** The series with this id, or null. */
    public Series byId(long id) {
        return byId.get(id);
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

    /** Adds a series restored from disk (replacing nothing: the id and the (stat, tags) must be new). */
    public void add(Series series) {
        byStat.compute(series.stat(), (k, statSeries) -> {
            StatSeries ss = statSeries != null ? statSeries : new StatSeries();
            Series current = ss.byTags.get(series.tags());
            if (current != null) {
                throw new IllegalStateException("series " + series + " restored twice (ids " + current.id() + ", "
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
        byId.put(series.id(), series);
        for (Map.Entry<String, String> tag : series.tags().asMap().entrySet()) {
            ss.postings.computeIfAbsent(tag.getKey(), x -> new ConcurrentHashMap<>())
                .computeIfAbsent(tag.getValue(), x -> ConcurrentHashMap.newKeySet())
                .add(series);
            tagKeyUse.computeIfAbsent(tag.getKey(), x -> new AtomicInteger()).incrementAndGet();
        }
    }

    private void unlink(StatSeries ss, Series series) {
        ss.byTags.remove(series.tags(), series);
        byId.remove(series.id(), series);
        for (Map.Entry<String, String> tag : series.tags().asMap().entrySet()) {
            ConcurrentHashMap<String, Set<Series>> values = ss.postings.get(tag.getKey());
            if (values != null) {
                Set<Series> set = values.get(tag.getValue());
                if (set != null) {
                    set.remove(series);
                    if (set.isEmpty()) {
                        values.remove(tag.getValue(), set);
                    }
                }
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
        List<Collection<Series>> best = null;
        long bestSize = Long.MAX_VALUE;
        for (Map.Entry<String, Set<String>> e : filter.asMap().entrySet()) {
            ConcurrentHashMap<String, Set<Series>> values = ss.postings.get(e.getKey());
            if (values == null) {
                return; // no series has this key: nothing matches
            }
            List<Collection<Series>> candidates = new ArrayList<>(e.getValue().size());
            long size = 0;
            for (String value : e.getValue()) {
                Set<Series> set = values.get(value);
                if (set != null) {
                    candidates.add(set);
                    size += set.size();
                }
            }
            if (size < bestSize) {
                best = candidates;
                bestSize = size;
            }
        }
        for (Collection<Series> set : best) {
            for (Series series : set) {
                if (filter.matches(series.tags())) {
                    visitor.accept(series);
                }
            }
        }
    }

    /** Every live series. */
    public Collection<Series> all() {
        return byId.values();
    }

    /** Number of series. */
    public int size() {
        return byId.size();
    }

    /** Stats with at least one series, sorted. */
    public List<String> stats() {
        return byStat.keySet().stream().sorted().toList();
    }

    /** Tag keys of at least one series, sorted. */
    public List<String> tagKeys() {
        return tagKeyUse.keySet().stream().sorted().toList();
    }

    /** The highest series id in use, or -1. */
    public long maxId() {
        return byId.keySet().stream().mapToLong(Long::longValue).max().orElse(-1);
    }

    /** Creates a series for {@link #getOrCreate}; called at most once per call, under the stat's lock. */
    @FunctionalInterface
    public interface SeriesFactory {
        Series create();
    }
}
