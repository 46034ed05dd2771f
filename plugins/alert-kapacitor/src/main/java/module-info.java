/**
 * The {@code kapacitor} alert backend: keeps each Pulse alert as one Kapacitor batch task, through Kapacitor's
 * {@code /kapacitor/v1} HTTP API, as the original pulse did (with the original's faults fixed: see
 * {@code docs/alerts-kapacitor.md}).
 *
 * <p>OkHttp 5 ({@code okhttp3}, which brings {@code okio} and {@code kotlin.stdlib}) is not linked into the image, so
 * this plugin ships in the image's {@code plugins/kapacitor/} folder and the kernel loads it into its own module
 * layer. The folder also carries its own Jackson jars (the versions the root pom manages) instead of relying on the
 * Jackson the image links for the HTTP API: the kernel resolves a plugin folder before the boot layer, so the folder
 * is self-contained and keeps working in an image without the HTTP API, at the cost of about 2 MB.
 *
 * <p>Nothing is exported: the kernel sees only the {@link io.pulse.spi.Plugin} service.
 */
module io.pulse.alert.kapacitor {
    requires io.pulse.spi;
    requires okhttp3;
    requires com.fasterxml.jackson.databind;

    provides io.pulse.spi.Plugin with io.pulse.alert.kapacitor.KapacitorPlugin;
}
