package io.pulse.kernel.metrics;

import io.pulse.spi.metrics.MetricFamily;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

/**
 * The JVM's garbage collection, threads and non-heap memory, read from its management beans on each snapshot (so
 * nothing of {@code java.management} is touched at start-up): {@code pulse_jvm_gc_collections_total} and
 * {@code pulse_jvm_gc_collection_seconds_total} per collector (label {@code collector}, e.g.
 * {@code G1 Young Generation}), {@code pulse_jvm_threads_live}, {@code _daemon} and {@code _peak}, and
 * {@code pulse_jvm_nonheap_used_bytes} / {@code _committed_bytes} (class metadata, code cache). The heap is in
 * {@link JvmGauges}. Stateless.
 */
public final class JvmManagementMetrics {

    private JvmManagementMetrics() {
    }

    /** Registers the families in {@code families}. */
    public static void register(MetricFamilies families) {
        gc(families, "pulse_jvm_gc_collections_total", "Garbage collections, per collector.",
            GarbageCollectorMXBean::getCollectionCount);
        gc(families, "pulse_jvm_gc_collection_seconds_total", "Time spent in garbage collections, per collector"
            + " (the collector's own accounting: concurrent collectors count work beside the application).",
            bean -> bean.getCollectionTime() / 1000.0);
        ThreadMXBeanGauge.register(families, "pulse_jvm_threads_live",
            "Live platform threads (virtual threads are not counted).", ThreadMXBean::getThreadCount);
        ThreadMXBeanGauge.register(families, "pulse_jvm_threads_daemon", "Live platform daemon threads.",
            ThreadMXBean::getDaemonThreadCount);
        ThreadMXBeanGauge.register(families, "pulse_jvm_threads_peak", "Most live platform threads since start.",
            ThreadMXBean::getPeakThreadCount);
        nonHeap(families, "pulse_jvm_nonheap_used_bytes", "JVM memory outside the heap in use (metaspace, code cache).",
            MemoryUsage::getUsed);
        nonHeap(families, "pulse_jvm_nonheap_committed_bytes", "JVM memory outside the heap committed by the"
            + " operating system.", MemoryUsage::getCommitted);
    }

    private static void gc(MetricFamilies families, String name, String help,
                           ToDoubleFunction<GarbageCollectorMXBean> value) {
        families.register(name, () -> {
            List<MetricFamily.Sample> samples = new ArrayList<>();
            for (GarbageCollectorMXBean bean : ManagementFactory.getGarbageCollectorMXBeans()) {
                double v = value.applyAsDouble(bean);
                if (v >= 0) { // -1: this collector does not count it
                    samples.add(new MetricFamily.Sample(name, Map.of("collector", bean.getName()), v));
                }
            }
            return new MetricFamily(name, MetricFamily.Type.COUNTER, help, samples);
        });
    }

    private static void nonHeap(MetricFamilies families, String name, String help, ToDoubleFunction<MemoryUsage> value) {
        families.register(name, () -> gauge(name, help,
            value.applyAsDouble(ManagementFactory.getMemoryMXBean().getNonHeapMemoryUsage())));
    }

    private static MetricFamily gauge(String name, String help, double value) {
        return new MetricFamily(name, MetricFamily.Type.GAUGE, help, List.of(new MetricFamily.Sample(name, Map.of(), value)));
    }

    /** Thread gauges from the thread bean. */
    private static final class ThreadMXBeanGauge {
        static void register(MetricFamilies families, String name, String help, Function<ThreadMXBean, Integer> value) {
            families.register(name, () -> gauge(name, help, value.apply(ManagementFactory.getThreadMXBean())));
        }
    }
}
