package io.pulse.kernel.plugin;

import io.pulse.kernel.config.OptionOwner;
import io.pulse.spi.ComponentFactory;
import io.pulse.spi.Selection;
import io.pulse.spi.option.Option;

import java.util.List;
import java.util.Objects;

/**
 * A factory some plugin offers, with where it came from and what it declared (read once, bound to the plugin's
 * class loader, when the catalog is built).
 *
 * @param kind      which extension point it serves
 * @param factory   the factory
 * @param origin    the plugin module and layer it came from
 * @param id        its id
 * @param options   the options it declared
 * @param selection when it is used without being named
 * @param <F>       the factory type
 */
public record DiscoveredFactory<F extends ComponentFactory>(PluginKind kind, F factory, PluginOrigin origin, String id,
                                                             List<Option<?>> options, Selection selection) {
    public DiscoveredFactory {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(factory, "factory");
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(id, "id");
        options = List.copyOf(options);
        Objects.requireNonNull(selection, "selection");
    }

    /** The owner of its options, for the option registry. */
    public OptionOwner owner() {
        return new OptionOwner(id, label(), origin.location());
    }

    /** {@code storage 'acme'}. */
    public String label() {
        return kind.label() + " '" + id + "'";
    }

    /**
     * When it is used, as {@code --help}'s headings say: {@code used by default}, {@code used when --acme-address
     * is set, or with --storage acme}, or {@code used with --storage acme}.
     */
    public String usedWhen() {
        if (selection.isDefault()) {
            return "used by default";
        }
        String named = "--" + kind.chooseWith() + " " + id;
        return selection.trigger()
            .map(trigger -> "used when " + trigger.flag().map(f -> "--" + f).orElse("--" + id + "." + trigger.key())
                + " is set, or with " + named)
            .orElse("used with " + named);
    }

    @Override
    public String toString() {
        return label() + " from " + origin;
    }
}
