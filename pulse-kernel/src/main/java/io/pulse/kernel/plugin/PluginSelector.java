package io.pulse.kernel.plugin;

import io.pulse.kernel.config.PluginChoice;
import io.pulse.kernel.config.PulseSettings;
import io.pulse.spi.ConfigException;
import io.pulse.spi.PluginFactory;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Matches the plugin ids the settings chose ({@link PulseSettings#storage()} and friends) with the discovered
 * factories. An id no plugin provides is a configuration error listing what is available and where plugins go.
 * Stateless.
 */
public final class PluginSelector {

    private PluginSelector() {
    }

    /**
     * Selects the factories for this run.
     *
     * @throws ConfigException when a chosen id is not provided by any loaded plugin
     */
    public static PluginSelection select(PulseSettings settings, PluginCatalog catalog) {
        Path pluginsDir = settings.pluginsDir();
        var storage = find(settings.storage(), PluginKind.STORAGE, catalog, catalog::storage, pluginsDir);
        var alerts = settings.alerts().map(c -> find(c, PluginKind.ALERTS, catalog, catalog::alerts, pluginsDir));
        var publishers = settings.publishers().stream()
            .map(c -> find(c, PluginKind.PUBLISHER, catalog, catalog::publisher, pluginsDir))
            .toList();
        var frontEnds = settings.frontEnds().stream()
            .map(c -> find(c, PluginKind.FRONT_END, catalog, catalog::frontEnd, pluginsDir))
            .toList();
        return new PluginSelection(storage, alerts, publishers, frontEnds);
    }

    private static <F extends PluginFactory> PluginSelection.Selected<F> find(
            PluginChoice choice, PluginKind kind, PluginCatalog catalog,
            Function<String, Optional<DiscoveredFactory<F>>> lookup, Path pluginsDir) {
        return lookup.apply(choice.id())
            .map(found -> new PluginSelection.Selected<>(found, choice))
            .orElseThrow(() -> new ConfigException(kind.label() + " '" + choice.id() + "' not found; it was selected"
                + " because " + choice.reason() + ". Available " + kind.label() + " plugins: " + catalog.describe(kind)
                + ". Plugins are linked into the image or installed as " + pluginsDir.resolve("<name>") + "/*.jar"));
    }

    /** Every selected factory, in start order, for logging. */
    public static List<PluginSelection.Selected<?>> inStartOrder(PluginSelection selection) {
        List<PluginSelection.Selected<?>> out = new java.util.ArrayList<>();
        out.add(selection.storage());
        selection.alerts().ifPresent(out::add);
        out.addAll(selection.publishers());
        out.addAll(selection.frontEnds());
        return out;
    }
}
