package io.pulse.kernel.metrics;

import io.pulse.spi.frontend.MetricValue;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class MetricsTest {

    @Test
    void typedSnapshotGivesEachMetricItsKindSortedByName() {
        Metrics metrics = new Metrics();
        metrics.counter("polls.sent").add(3);
        metrics.gauge("relays.connected", () -> 2);
        metrics.counter("answers.received").increment();
        assertEquals(List.of(
            new MetricValue("answers.received", MetricValue.Kind.COUNTER, 1),
            new MetricValue("polls.sent", MetricValue.Kind.COUNTER, 3),
            new MetricValue("relays.connected", MetricValue.Kind.GAUGE, 2)), metrics.typedSnapshot());
    }

    @Test
    void aNameIsNeverBothCounterAndGauge() {
        Metrics metrics = new Metrics();
        metrics.counter("polls.sent");
        assertThrows(IllegalArgumentException.class, () -> metrics.gauge("polls.sent", () -> 1));
        metrics.gauge("relays.connected", () -> 1);
        assertThrows(IllegalArgumentException.class, () -> metrics.counter("relays.connected"));
    }
}
