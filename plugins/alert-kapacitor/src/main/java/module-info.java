/**
 * The {@code kapacitor} alert backend: keeps each Pulse alert as one Kapacitor batch task, through Kapacitor's
 * {@code /kapacitor/v1} HTTP API, as the original pulse did (with the original's faults fixed: see
 * {@code docs/alerts-kapacitor.md}).
 *
 * <p>OkHttp 5 ({@code okhttp3}, which brings {@code okio} and {@code kotlin.stdlib}) is not linked into the image, so
 * this plugin ships in the image's {@code plugins/kapacitor/} folder and the kernel loads it into its own module
 * layer. Jackson is NOT in that folder: the image links Jackson into its boot layer (the HTTP API uses it) and the
 * folder's layer resolves it from there. A copy in the folder would be tried first, but then the folder's automatic
 * modules (Kotlin's {@code annotations} jar), which read every module, would read two modules named
 * {@code com.fasterxml.jackson.core} and the kernel would refuse the folder. The plugin is compiled against the
 * Jackson version the root pom manages, the one the image links, so the two always match.
 *
 * <p>Nothing is exported: the kernel sees only the {@link io.pulse.spi.Plugin} service.
 */
module io.pulse.alert.kapacitor {
    requires io.pulse.spi;
    requires okhttp3;
    requires com.fasterxml.jackson.databind;

    provides io.pulse.spi.Plugin with io.pulse.alert.kapacitor.KapacitorPlugin;
}
