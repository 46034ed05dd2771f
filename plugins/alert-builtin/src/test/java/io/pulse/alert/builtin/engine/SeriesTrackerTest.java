package io.pulse.alert.builtin.engine;

import io.pulse.spi.alert.AlertLevel;
import io.pulse.spi.alert.AlertOperator;
import io.pulse.spi.alert.AlertRule;
import io.pulse.spi.stats.Tags;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** The window, the mean and the hysteresis rule, one series at a time, with no threads or sockets. */
class SeriesTrackerTest {

    private static final AlertRule GT = new AlertRule("r", "cpu_used", Map.of(), AlertLevel.WARN, AlertOperator.GT,
        0.5, Duration.ofSeconds(5), "http://127.0.0.1/");

    /** Feeds one value a second, evaluating after each; returns the changes with their second. */
    private static List<String> run(SeriesTracker t, AlertRule rule, double... values) {
        List<String> changes = new ArrayList<>();
        for (int s = 0; s < values.length; s++) {
            long now = s * 1000L;
            t.add(now, values[s]);
            Transition change = t.evaluate(rule, now);
            if (change != null) {
                changes.add(s + ":" + change.previous() + "->" + change.level());
            }
        }
        return changes;
    }

    @Test
    void firesOnTheMeanAndResolvesAfterAWholeDurationOfFalse() {
        SeriesTracker t = new SeriesTracker(Tags.of("host", "a"));
        // Means: 0.2, 0.2, 0.5 (not > 0.5), 0.65 -> fires at 3 s; then zeros: 0.52 at 4 s, below 0.5 from 5 s on,
        // and it resolves a whole duration later, at 10 s.
        List<String> changes = run(t, GT, 0.2, 0.2, 1.1, 1.1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
        assertEquals(List.of("3:OK->WARNING", "10:WARNING->OK"), changes);
    }

    @Test
    void aHoveringMeanNeitherFlapsNorResolves() {
        SeriesTracker t = new SeriesTracker(Tags.empty());
        double[] values = new double[60];
        for (int i = 0; i < values.length; i++) {
            values[i] = i % 2 == 0 ? 0.6 : 0.4; // 5-sample means: 0.52, 0.48, 0.52, ...
        }
        assertEquals(List.of("0:OK->WARNING"), run(t, GT, values));
    }

    @Test
    void theIncidentDurationIsReportedInNanoseconds() {
        SeriesTracker t = new SeriesTracker(Tags.empty());
        t.add(0, 0.9);
        Transition fired = t.evaluate(GT, 0);
        assertEquals(0, fired.durationNanos());
        t.add(1000, 0.0);
        t.add(9000, 0.0);
        assertNull(t.evaluate(GT, 9000), "first false evaluation");
        t.add(14_000, 0.0);
        Transition ok = t.evaluate(GT, 14_000);
        assertEquals(Level.OK, ok.level());
        assertEquals(14_000_000_000L, ok.durationNanos());
        assertEquals(0.0, ok.mean());
    }

    @Test
    void anEmptyWindowDecidesNothing() {
        SeriesTracker t = new SeriesTracker(Tags.empty(), Level.CRITICAL, 0);
        for (long now = 0; now < 60_000; now += 1000) {
            assertNull(t.evaluate(GT, now));
        }
        assertEquals(Level.CRITICAL, t.level());
    }

    @Test
    void aNewLevelWhileFiringIsAChange() {
        SeriesTracker t = new SeriesTracker(Tags.empty());
        t.add(0, 0.9);
        t.evaluate(GT, 0);
        AlertRule crit = new AlertRule("r", "cpu_used", Map.of(), AlertLevel.CRIT, AlertOperator.GT, 0.5,
            Duration.ofSeconds(5), "http://127.0.0.1/");
        t.add(1000, 0.9);
        Transition change = t.evaluate(crit, 1000);
        assertEquals(Level.WARNING, change.previous());
        assertEquals(Level.CRITICAL, change.level());
        assertEquals(1_000_000_000L, change.durationNanos());
    }

    @Test
    void theWindowHoldsOnlyTheLastDuration() {
        SeriesWindow w = new SeriesWindow();
        w.add(1000, 10);
        w.add(2000, 20);
        w.add(3000, 30);
        w.prune(1000);
        assertEquals(25.0, w.mean());
        w.prune(3000);
        assertEquals(0, w.size());
        for (int i = 0; i < SeriesWindow.MAX_SAMPLES + 5; i++) {
            w.add(i, i < 5 ? 1000 : 1);
        }
        assertEquals(SeriesWindow.MAX_SAMPLES, w.size());
        assertEquals(1.0, w.mean(), "the oldest went first");
    }
}
