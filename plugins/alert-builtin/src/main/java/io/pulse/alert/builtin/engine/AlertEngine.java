package io.pulse.alert.builtin.engine;

import io.pulse.spi.alert.AlertRule;
import io.pulse.spi.stats.Sample;
import io.pulse.spi.stats.SampleBatch;
import io.pulse.spi.stats.Tags;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The alert definitions and every matching series' window and state, and their evaluation.
 *
 * <p>A series matches an alert when its stat is the alert's metric and it carries every one of the alert's tags with
 * that value; each matching series is evaluated on its own (an alert without tags watches every series of the stat,
 * as Kapacitor's group-by did for the original). Evaluation happens for the series a batch touched when it arrives
 * ({@link #accept}) and for every series on the periodic {@link #evaluateAll} - so a series that stopped reporting
 * still has its window emptied and cannot resolve or fire on stale samples.
 *
 * <p>Thread safety: one monitor (this object) guards everything. Its callers are the sample-feed thread, the
 * scheduler's evaluation runs and the HTTP threads doing CRUD; every method is in-memory work of microseconds (no
 * I/O - persisting and delivering happen outside, on what the methods return), so one lock costs nothing and makes
 * "evaluation sees a consistent set of definitions" trivially true. {@link #version()} counts every change, so the
 * file writer can skip snapshots older than what it already wrote.
 */
public final class AlertEngine {

    private final Clock clock;
    /** Alert id to its definition and series, sorted so {@link #list()} needs no sort. */
    private final Map<String, AlertTracker> alerts = new TreeMap<>();
    private long version;

    public AlertEngine(Clock clock) {
        this.clock = clock;
    }

    /** One alert: its definition and its series. */
    private static final class AlertTracker {
        final AlertRule rule;
        final Map<Tags, SeriesTracker> series;

        AlertTracker(AlertRule rule, Map<Tags, SeriesTracker> series) {
            this.rule = rule;
            this.series = series;
        }

        boolean matches(Sample sample) {
            if (!sample.stat().equals(rule.metric())) {
                return false;
            }
            for (Map.Entry<String, String> tag : rule.tags().entrySet()) {
                if (!tag.getValue().equals(sample.tags().get(tag.getKey()))) {
                    return false;
                }
            }
            return true;
        }
    }

    /**
     * Adds an alert, with the series that were firing when it was last saved (restored from disk).
     *
     * @throws IllegalStateException when the id is taken
     */
    public synchronized void add(AlertRule rule, List<FiringSeries> firing) {
        if (alerts.containsKey(rule.id())) {
            throw new IllegalStateException("an alert with id '" + rule.id() + "' already exists");
        }
        Map<Tags, SeriesTracker> series = new HashMap<>();
        for (FiringSeries f : firing) {
            series.put(f.tags(), new SeriesTracker(f.tags(), f.level(), f.sinceMillis()));
        }
        alerts.put(rule.id(), new AlertTracker(rule, series));
        version++;
    }

    /**
     * Replaces an alert's definition and returns the previous one, or empty when there is no such alert. When the
     * metric and tags are unchanged the series keep their windows and states (a changed threshold or level is then
     * reported as an ordinary change of state at the next evaluation); otherwise the alert starts afresh with no
     * series, since the old series no longer belong to it.
     */
    public synchronized Optional<AlertRule> replace(AlertRule rule) {
        AlertTracker old = alerts.get(rule.id());
        if (old == null) {
            return Optional.empty();
        }
        boolean sameSeries = old.rule.metric().equals(rule.metric()) && old.rule.tags().equals(rule.tags());
        alerts.put(rule.id(), new AlertTracker(rule, sameSeries ? old.series : new HashMap<>()));
        version++;
        return Optional.of(old.rule);
    }

    /** Removes an alert; returns its definition, or empty when there is no such alert. */
    public synchronized Optional<AlertRule> remove(String id) {
        AlertTracker old = alerts.remove(id);
        if (old == null) {
            return Optional.empty();
        }
        version++;
        return Optional.of(old.rule);
    }

    public synchronized Optional<AlertRule> get(String id) {
        AlertTracker t = alerts.get(id);
        return t == null ? Optional.empty() : Optional.of(t.rule);
    }

    /** Every alert, sorted by id. */
    public synchronized List<AlertRule> list() {
        return alerts.values().stream().map(t -> t.rule).toList();
    }

    /** Adds a batch's samples to the windows of the series they match and evaluates those series now. */
    public synchronized List<Transition> accept(SampleBatch batch) {
        long now = clock.millis();
        List<Transition> changes = new ArrayList<>();
        for (AlertTracker alert : alerts.values()) {
            Set<SeriesTracker> touched = new LinkedHashSet<>();
            for (Sample sample : batch.samples()) {
                if (alert.matches(sample)) {
                    SeriesTracker series = alert.series.computeIfAbsent(sample.tags(), SeriesTracker::new);
                    series.add(sample.timeMillis(), sample.value());
                    touched.add(series);
                }
            }
            for (SeriesTracker series : touched) {
                record(series.evaluate(alert.rule, now), changes);
            }
        }
        return changes;
    }

    /** Evaluates every series of every alert now, and forgets OK series whose window is empty. */
    public synchronized List<Transition> evaluateAll() {
        long now = clock.millis();
        List<Transition> changes = new ArrayList<>();
        for (AlertTracker alert : alerts.values()) {
            for (Iterator<SeriesTracker> it = alert.series.values().iterator(); it.hasNext(); ) {
                SeriesTracker series = it.next();
                record(series.evaluate(alert.rule, now), changes);
                if (series.idle()) {
                    it.remove();
                }
            }
        }
        return changes;
    }

    private void record(Transition change, List<Transition> changes) {
        if (change != null) {
            changes.add(change);
            version++;
        }
    }

    /** Counts every change of definitions or states; a snapshot carries the count it was taken at. */
    public synchronized long version() {
        return version;
    }

    /** The definitions and firing series, sorted by id, to be saved. */
    public synchronized Snapshot snapshot() {
        List<Snapshot.Alert> out = new ArrayList<>();
        for (AlertTracker alert : alerts.values()) {
            List<FiringSeries> firing = new ArrayList<>();
            for (SeriesTracker s : alert.series.values()) {
                if (s.level() != Level.OK) {
                    firing.add(new FiringSeries(s.tags(), s.level(), s.incidentStartMillis()));
                }
            }
            firing.sort((a, b) -> a.tags().compareTo(b.tags()));
            out.add(new Snapshot.Alert(alert.rule, firing));
        }
        return new Snapshot(version, out);
    }

    /** How many series are firing now, over all alerts. */
    public synchronized int firingCount() {
        int n = 0;
        for (AlertTracker alert : alerts.values()) {
            for (SeriesTracker s : alert.series.values()) {
                if (s.level() != Level.OK) {
                    n++;
                }
            }
        }
        return n;
    }

    /** How many alerts are defined. */
    public synchronized int size() {
        return alerts.size();
    }

    /**
     * What is saved: every alert and its firing series.
     *
     * @param version the engine's {@link #version()} when it was taken
     * @param alerts  sorted by id
     */
    public record Snapshot(long version, List<Alert> alerts) {
        public Snapshot {
            alerts = List.copyOf(alerts);
        }

        /** One alert and its firing series. */
        public record Alert(AlertRule rule, List<FiringSeries> firing) {
            public Alert {
                firing = List.copyOf(firing);
            }
        }
    }
}
