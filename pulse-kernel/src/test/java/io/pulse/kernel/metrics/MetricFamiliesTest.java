package io.pulse.kernel.metrics;

import io.pulse.spi.metrics.Counter;
import io.pulse.spi.metrics.Histogram;
import io.pulse.spi.metrics.MetricFamily;
import io.pulse.spi.metrics.PluginMetrics;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A plugin's metrics as the kernel keeps them: scoped names, kinds, histogram buckets, gauges read on snapshot. */
class MetricFamiliesTest {

    private final MetricFamilies families = new MetricFamilies();
    private final PluginMetrics plugin = families.scope("pulse_builtin_");

    @Test
    void aCounterIsNamedForThePluginWithTotalAndCountsFromAnyThread() throws Exception {
        Counter failures = plugin.counter("webhook_failures", "Webhooks that failed.");
        Thread[] threads = new Thread[4];
        for (int i = 0; i < threads.length; i++) {
            threads[i] = Thread.ofVirtual().start(() -> {
                for (int n = 0; n < 1000; n++) {
                    failures.increment();
                }
            });
        }
        for (Thread t : threads) {
            t.join();
        }
        failures.add(5);
        assertEquals(List.of(new MetricFamily("pulse_builtin_webhook_failures_total", MetricFamily.Type.COUNTER,
            "Webhooks that failed.", List.of(new MetricFamily.Sample("pulse_builtin_webhook_failures_total", Map.of(),
                4005)))), families.snapshot());
        assertSame(failures, plugin.counter("webhook_failures", "again"), "registering again returns the same counter");
        assertThrows(IllegalArgumentException.class, () -> failures.add(-1));
    }

    @Test
    void aGaugeIsReadOnEverySnapshotAndOneThatThrowsIsLeftOutOfThatSnapshotOnly() {
        AtomicReference<Double> level = new AtomicReference<>(0.0);
        plugin.gauge("alerts_firing", "Series firing now.", () -> {
            Double v = level.get();
            if (v < 0) {
                throw new IllegalStateException("broken");
            }
            return v;
        });
        assertEquals(0.0, value("pulse_builtin_alerts_firing"));
        level.set(1.0);
        assertEquals(1.0, value("pulse_builtin_alerts_firing"));
        level.set(-1.0);
        assertTrue(families.snapshot().isEmpty());
        level.set(2.0);
        assertEquals(2.0, value("pulse_builtin_alerts_firing"));
    }

    @Test
    void aHistogramHasCumulativeBucketsUpToInfThenSumAndCount() {
        Histogram h = plugin.histogram("send_seconds", "Time to send.", 0.5, 1, 2);
        h.observe(0.25);
        h.observe(0.5);    // on a bound: counted in that bucket (le means "less or equal")
        h.observe(1.5);
        h.observe(8);
        h.observe(Double.NaN);
        MetricFamily family = families.snapshot().getFirst();
        assertEquals(MetricFamily.Type.HISTOGRAM, family.type());
        assertEquals(List.of(
            new MetricFamily.Sample("pulse_builtin_send_seconds_bucket", Map.of("le", "0.5"), 2),
            new MetricFamily.Sample("pulse_builtin_send_seconds_bucket", Map.of("le", "1.0"), 2),
            new MetricFamily.Sample("pulse_builtin_send_seconds_bucket", Map.of("le", "2.0"), 3),
            new MetricFamily.Sample("pulse_builtin_send_seconds_bucket", Map.of("le", "+Inf"), 4),
            new MetricFamily.Sample("pulse_builtin_send_seconds_sum", Map.of(), 10.25),
            new MetricFamily.Sample("pulse_builtin_send_seconds_count", Map.of(), 4)), family.samples());
        assertEquals(4, h.count());
        assertSame(h, plugin.histogram("send_seconds", "again", 0.5, 1, 2));
        assertThrows(IllegalArgumentException.class, () -> plugin.histogram("send_seconds", "other buckets", 1, 2));
    }

    @Test
    void namesFollowPrometheusConventionsAndAKindIsNeverChanged() {
        plugin.counter("deliveries", "Deliveries.");
        assertThrows(IllegalArgumentException.class, () -> plugin.gauge("deliveries_total", "x", () -> 1));
        plugin.gauge("queue", "Queue.", () -> 1);
        assertThrows(IllegalArgumentException.class, () -> plugin.histogram("queue", "x", 1));
        for (String bad : List.of("Webhook", "1st", "a-b", "x_total", "x_bucket", "x_count", "x_sum", "")) {
            assertThrows(IllegalArgumentException.class, () -> plugin.counter(bad, "help"), bad);
        }
        assertThrows(IllegalArgumentException.class, () -> plugin.counter("ok", " "), "help is required");
        assertThrows(IllegalArgumentException.class, () -> plugin.histogram("h", "h", 2, 1), "ascending");
        assertThrows(IllegalArgumentException.class, () -> plugin.histogram("h", "h"), "at least one bound");
        assertThrows(IllegalArgumentException.class,
            () -> plugin.histogram("h", "h", 1, Double.POSITIVE_INFINITY), "+Inf is added, not given");
    }

    @Test
    void twoPluginsNeverShareAName() {
        families.scope("pulse_a_").counter("calls", "Calls.").increment();
        families.scope("pulse_b_").counter("calls", "Calls.").add(2);
        assertEquals(List.of("pulse_a_calls_total", "pulse_b_calls_total"),
            families.snapshot().stream().map(MetricFamily::name).toList());
    }

    @Test
    void theJvmFamiliesCountCollectionsPerCollectorAndThreads() {
        JvmManagementMetrics.register(families);
        System.gc();
        Map<String, MetricFamily> byName = new java.util.TreeMap<>();
        families.snapshot().forEach(f -> byName.put(f.name(), f));
        MetricFamily gc = byName.get("pulse_jvm_gc_collections_total");
        assertTrue(!gc.samples().isEmpty() && gc.samples().stream().allMatch(s -> s.labels().containsKey("collector")),
            gc.toString());
        assertTrue(gc.samples().stream().mapToDouble(MetricFamily.Sample::value).sum() >= 1, "System.gc() counted");
        assertTrue(byName.get("pulse_jvm_threads_live").samples().getFirst().value() >= 1);
        assertTrue(byName.get("pulse_jvm_threads_peak").samples().getFirst().value()
            >= byName.get("pulse_jvm_threads_live").samples().getFirst().value());
        assertTrue(byName.get("pulse_jvm_nonheap_used_bytes").samples().getFirst().value() > 0);
        assertTrue(byName.containsKey("pulse_jvm_gc_collection_seconds_total"));
        assertTrue(byName.containsKey("pulse_jvm_threads_daemon"));
    }

    private double value(String name) {
        return families.snapshot().stream().filter(f -> f.name().equals(name)).findFirst().orElseThrow()
            .samples().getFirst().value();
    }
}
