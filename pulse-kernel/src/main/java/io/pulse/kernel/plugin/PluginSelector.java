package io.pulse.kernel.plugin;

import io.pulse.kernel.config.DeclaredOption;
import io.pulse.kernel.config.KernelOptions;
import io.pulse.kernel.config.KernelSettings;
import io.pulse.kernel.config.OptionRegistry;
import io.pulse.kernel.config.ParsedOptions;
import io.pulse.kernel.config.ResolvedConfig;
import io.pulse.spi.ConfigException;
import io.pulse.spi.option.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Chooses the factories of this run. A name given explicitly wins ({@code --storage}, {@code --alerts},
 * {@code --publishers}, {@code --front-ends}); otherwise each factory's own {@link io.pulse.spi.Selection} decides:
 * one whose trigger option the operator set (e.g. a database storage when its address flag is given), else one that is the
 * default of its extension point (the embedded storage, the HTTP API). The kernel names no plugin here: which
 * plugins exist and when they apply is what the plugins declare.
 *
 * <p>Exactly one storage is chosen; at most one alert backend; every triggered or default publisher and front end.
 * An id no plugin provides, two storages triggered at once, or no storage at all is a configuration error saying
 * what is available and how to choose. Stateless.
 */
public final class PluginSelector {

    private final PluginCatalog catalog;
    private final OptionRegistry registry;
    private final ParsedOptions options;
    private final ResolvedConfig config;
    private final Path pluginsDir;

    /**
     * @param catalog    the loaded factories
     * @param registry   every option, to name triggers in reasons
     * @param options    the parsed values, to see which triggers are set
     * @param config     where values came from, for reasons
     * @param pluginsDir where plugins are installed, for messages
     */
    public PluginSelector(PluginCatalog catalog, OptionRegistry registry, ParsedOptions options, ResolvedConfig config,
                          Path pluginsDir) {
        this.catalog = catalog;
        this.registry = registry;
        this.options = options;
        this.config = config;
        this.pluginsDir = pluginsDir;
    }

    /**
     * Selects the factories for this run.
     *
     * @throws ConfigException when a named id is not provided, or the choice is missing or ambiguous
     */
    public PluginSelection select(KernelSettings settings) {
        PluginSelection.Selected storage = settings.storage()
            .map(id -> named(PluginKind.STORAGE, id, KernelOptions.STORAGE))
            .orElseGet(() -> single(PluginKind.STORAGE, KernelOptions.STORAGE).orElseThrow(() -> new ConfigException(
                "no storage plugin is selected: none of the installed ones (" + catalog.describe(PluginKind.STORAGE)
                    + ") is a default; choose one with --storage")));
        Optional<PluginSelection.Selected> alerts = settings.alerts().filter(KernelOptions.NO_ALERTS::equals).isPresent()
            ? Optional.empty() // --alerts none: off, even with an alert plugin installed or triggered
            : settings.alerts()
                .map(id -> named(PluginKind.ALERTS, id, KernelOptions.ALERTS))
                .or(() -> single(PluginKind.ALERTS, KernelOptions.ALERTS));
        List<PluginSelection.Selected> publishers = settings.publishers()
            .map(ids -> ids.stream().map(id -> named(PluginKind.PUBLISHER, id, KernelOptions.PUBLISHERS)).toList())
            .orElseGet(() -> automatic(PluginKind.PUBLISHER));
        List<PluginSelection.Selected> frontEnds = settings.frontEnds()
            .map(ids -> ids.stream().map(id -> named(PluginKind.FRONT_END, id, KernelOptions.FRONT_ENDS)).toList())
            .orElseGet(() -> automatic(PluginKind.FRONT_END));
        return new PluginSelection(storage, alerts, publishers, frontEnds);
    }

    /** The factory named by {@code option}, or an error listing what is available. */
    private PluginSelection.Selected named(PluginKind kind, String id, Option<?> option) {
        String reason = "--" + option.key() + " is set (" + config.origin(option.key()) + ")";
        return catalog.find(kind, id)
            .map(found -> new PluginSelection.Selected(found, reason))
            .orElseThrow(() -> new ConfigException(kind.label() + " '" + id + "' not found; it was selected because "
                + reason + ". Available " + kind.label() + " plugins: " + catalog.describe(kind)
                + ". Plugins are linked into the image or installed as " + pluginsDir.resolve("<name>") + "/*.jar"));
    }

    /** For an extension point with one active factory: the triggered one, else the default one, else none. */
    private Optional<PluginSelection.Selected> single(PluginKind kind, Option<?> choose) {
        List<PluginSelection.Selected> triggered = triggered(kind);
        if (triggered.size() > 1) {
            throw new ConfigException("several " + kind.label() + " plugins are selected: " + describe(triggered)
                + "; choose one with --" + choose.key());
        }
        if (triggered.size() == 1) {
            return Optional.of(triggered.getFirst());
        }
        List<PluginSelection.Selected> defaults = defaults(kind, choose);
        if (defaults.size() > 1) {
            throw new ConfigException("several " + kind.label() + " plugins are defaults: " + describe(defaults)
                + "; choose one with --" + choose.key());
        }
        return defaults.stream().findFirst();
    }

    /** For an extension point with any number of active factories: every triggered and every default one. */
    private List<PluginSelection.Selected> automatic(PluginKind kind) {
        List<PluginSelection.Selected> out = new ArrayList<>(triggered(kind));
        Option<?> choose = kind == PluginKind.PUBLISHER ? KernelOptions.PUBLISHERS : KernelOptions.FRONT_ENDS;
        for (PluginSelection.Selected selected : defaults(kind, choose)) {
            if (out.stream().noneMatch(s -> s.id().equals(selected.id()))) {
                out.add(selected);
            }
        }
        return out;
    }

    private List<PluginSelection.Selected> triggered(PluginKind kind) {
        List<PluginSelection.Selected> out = new ArrayList<>();
        for (DiscoveredFactory<?> factory : catalog.factories(kind)) {
            factory.selection().trigger().ifPresent(trigger -> {
                if (options.of(factory.owner()).isSet(trigger)) {
                    DeclaredOption declared = registry.byKey(factory.id() + "." + trigger.key()).orElseThrow();
                    out.add(new PluginSelection.Selected(factory, declared.displayName() + " is set ("
                        + config.origin(declared.key()) + ")"));
                }
            });
        }
        return out;
    }

    private List<PluginSelection.Selected> defaults(PluginKind kind, Option<?> choose) {
        return catalog.factories(kind).stream()
            .filter(factory -> factory.selection().isDefault())
            .map(factory -> new PluginSelection.Selected(factory, "it is the default " + kind.label() + " (set --"
                + choose.key() + " to choose another)"))
            .toList();
    }

    private static String describe(List<PluginSelection.Selected> selected) {
        return String.join(", ", selected.stream().map(s -> "'" + s.id() + "' (" + s.reason() + ")").toList());
    }
}
