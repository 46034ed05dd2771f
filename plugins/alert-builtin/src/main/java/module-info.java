/**
 * The built-in alert backend ({@code --alerts builtin}, the default when no Kapacitor address is set): evaluates
 * every alert on the live sample feed, per matching series, and POSTs Kapacitor-shaped notifications to webhooks.
 *
 * <p>Packages: {@code io.pulse.alert.builtin} (plugin, factory, backend), {@code .engine} (windows, per-series
 * states, hysteresis), {@code .webhook} (payload and delivery), {@code .store} (the alerts file),
 * {@code .json} (the small JSON writer and reader both use).
 */
module io.pulse.alert.builtin {
    requires io.pulse.spi;
    requires java.net.http;

    provides io.pulse.spi.Plugin with io.pulse.alert.builtin.BuiltinAlertPlugin;
}
