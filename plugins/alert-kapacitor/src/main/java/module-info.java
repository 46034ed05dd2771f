/**
 * The {@code kapacitor} alert backend: keeps each Pulse alert as one Kapacitor batch task, through Kapacitor's
 * {@code /kapacitor/v1} HTTP API, as the original pulse did (with the original's faults fixed: see
 * {@code docs/alerts-kapacitor.md}).
 *
 * <p>An explicit module that needs only {@code io.pulse.spi}, Jackson and the JDK's {@code java.net.http} (its HTTP
 * client), all of them explicit modules too, so the image can link it into its boot layer: no automatic module, no
 * folder layer of its own.
 *
 * <p>Nothing is exported: the kernel sees only the {@link io.pulse.spi.Plugin} service.
 */
module io.pulse.alert.kapacitor {
    requires io.pulse.spi;
    requires java.net.http;
    requires com.fasterxml.jackson.databind;

    provides io.pulse.spi.Plugin with io.pulse.alert.kapacitor.KapacitorPlugin;
}
