/**
 * The storage TCK: the test kit every {@link io.pulse.spi.storage.Storage} backend must pass.
 *
 * <p>A vendor extends {@link io.pulse.storage.tck.StorageTck} in its own test sources, returns its
 * {@link io.pulse.spi.storage.StorageFactory}, and runs it with JUnit 5. The fixtures the kit uses
 * ({@link io.pulse.storage.tck.TckPluginContext}, {@link io.pulse.storage.tck.ManualScheduler},
 * {@link io.pulse.storage.tck.ExecutorScheduler}, {@link io.pulse.storage.tck.SettableClock},
 * {@link io.pulse.storage.tck.ManualSampleFeed}, {@link io.pulse.storage.tck.RecordingMetrics}) are exported for the
 * vendor's own tests too.
 */
module io.pulse.storage.tck {
    requires transitive io.pulse.spi;
    requires transitive org.junit.jupiter.api;
    requires java.logging;

    exports io.pulse.storage.tck;
    // JUnit invokes the inherited test methods and lifecycle hooks reflectively.
    opens io.pulse.storage.tck to org.junit.platform.commons;
}
