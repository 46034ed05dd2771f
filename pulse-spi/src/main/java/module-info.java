/**
 * The Pulse service provider interface: what a plugin sees of Pulse, and all it sees.
 *
 * <p>A plugin module {@code provides io.pulse.spi.Plugin}; the kernel finds it with {@link java.util.ServiceLoader}
 * in the boot layer (plugins linked into the image) or in the plugin's own module layer ({@code plugins/<name>/}).
 * The {@link io.pulse.spi.Plugin} returns factories, one per extension point it implements:
 * <ul>
 *   <li>{@link io.pulse.spi.storage.StorageFactory} - where samples are kept and queried;</li>
 *   <li>{@link io.pulse.spi.alert.AlertBackendFactory} - threshold alerts;</li>
 *   <li>{@link io.pulse.spi.publish.LivePublisherFactory} - live values pushed elsewhere as they arrive;</li>
 *   <li>{@link io.pulse.spi.frontend.FrontEndFactory} - what users talk to (the HTTP API).</li>
 * </ul>
 * Every factory declares the {@link io.pulse.spi.option.Option options} it owns and when it is
 * {@link io.pulse.spi.Selection selected}; the {@link io.pulse.spi.PluginContext} it creates its component with gives
 * it those options parsed, the server-wide settings, the storage's queries, the live sample feed and a place for its
 * own {@link io.pulse.spi.metrics.PluginMetrics metrics}.
 * {@link io.pulse.spi.tls} reads PEM key pairs and holds the TLS policy every listener applies.
 * This module depends on the JDK only and must stay that way.
 */
module io.pulse.spi {
    exports io.pulse.spi;
    exports io.pulse.spi.option;
    exports io.pulse.spi.stats;
    exports io.pulse.spi.storage;
    exports io.pulse.spi.alert;
    exports io.pulse.spi.publish;
    exports io.pulse.spi.frontend;
    exports io.pulse.spi.tls;
    exports io.pulse.spi.metrics;

    uses io.pulse.spi.Plugin;
}
