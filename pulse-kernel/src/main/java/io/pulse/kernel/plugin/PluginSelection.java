package io.pulse.kernel.plugin;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The factories this run uses, in start order: one storage, at most one alert backend, any number of publishers
 * and front ends, each with the reason it was chosen. Immutable.
 *
 * @param storage    the storage factory
 * @param alerts     the alert backend factory, if any
 * @param publishers the live publisher factories
 * @param frontEnds  the front-end factories
 */
public record PluginSelection(Selected storage, Optional<Selected> alerts, List<Selected> publishers,
                              List<Selected> frontEnds) {

    public PluginSelection {
        Objects.requireNonNull(storage, "storage");
        Objects.requireNonNull(alerts, "alerts");
        publishers = List.copyOf(publishers);
        frontEnds = List.copyOf(frontEnds);
    }

    /** Every selected factory, in start order. */
    public List<Selected> inStartOrder() {
        List<Selected> out = new ArrayList<>();
        out.add(storage);
        alerts.ifPresent(out::add);
        out.addAll(publishers);
        out.addAll(frontEnds);
        return out;
    }

    /**
     * One selected factory.
     *
     * @param factory the factory, its origin and declarations
     * @param reason  completes "selected because ...", e.g. {@code "--acme-address (-A) is set (command line)"}
     */
    public record Selected(DiscoveredFactory<?> factory, String reason) {
        public Selected {
            Objects.requireNonNull(factory, "factory");
            Objects.requireNonNull(reason, "reason");
        }

        /** The factory id. */
        public String id() {
            return factory.id();
        }
    }
}
