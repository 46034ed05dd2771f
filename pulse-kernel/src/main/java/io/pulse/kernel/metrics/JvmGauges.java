package io.pulse.kernel.metrics;

/**
 * The process's own vital signs as gauges, so an operator (and the relay load benchmark) can watch memory from
 * {@code GET /metrics} without attaching tools the runtime image does not carry.
 *
 * <p>{@code jvm.heap.used} counts live objects and garbage not yet collected, so it rises and falls with GC;
 * read it after load settles. Only java.base is used here; garbage collection, threads and non-heap memory come from
 * the management beans ({@link JvmManagementMetrics}), read only when metrics are asked for.
 */
public final class JvmGauges {

    private JvmGauges() {
    }

    /** Registers {@code jvm.heap.used}, {@code jvm.heap.committed}, {@code jvm.heap.max} (bytes) and {@code jvm.uptime.ms}, and the
     * {@link JvmManagementMetrics} families. */
    public static void register(Metrics metrics) {
        Runtime runtime = Runtime.getRuntime();
        long startNanos = System.nanoTime();
        metrics.gauge("jvm.heap.used", () -> runtime.totalMemory() - runtime.freeMemory());
        metrics.gauge("jvm.heap.committed", runtime::totalMemory);
        metrics.gauge("jvm.heap.max", runtime::maxMemory);
        metrics.gauge("jvm.uptime.ms", () -> (System.nanoTime() - startNanos) / 1_000_000);
        JvmManagementMetrics.register(metrics.families());
    }
}
