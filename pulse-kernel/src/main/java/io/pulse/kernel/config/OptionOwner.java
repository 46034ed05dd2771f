package io.pulse.kernel.config;

import java.util.Objects;

/**
 * Who declared an option: the kernel, or a component factory of a loaded plugin.
 *
 * @param section  where the owner's options sit: {@code ""} for the kernel (top-level keys), else the factory id
 *                 ({@code acme.batch-size}, {@code PULSE_ACME_BATCH_SIZE})
 * @param label    how help and messages name the owner, e.g. {@code storage 'acme'}
 * @param location where it was loaded from, e.g. {@code boot layer} or {@code plugins/acme}; empty for the kernel
 */
public record OptionOwner(String section, String label, String location) {

    /** The kernel itself. */
    public static final OptionOwner KERNEL = new OptionOwner("", "server", "");

    public OptionOwner {
        Objects.requireNonNull(section, "section");
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(location, "location");
    }

    /** Whether this is the kernel. */
    public boolean isKernel() {
        return section.isEmpty();
    }

    // equals and hashCode written out: a record's generated ones are bound at their first call by an invokedynamic
    // bootstrap (ObjectMethods) that spins method-handle classes at run time, which the AOT cache does not hold.
    // The kernel's first option registry calls them on the main thread before the plugins are even found, and that
    // first bytecode generation cost 20-25 ms there (docs/performance.md, "Start-up", the fifth round).

    @Override
    public boolean equals(Object other) {
        return other instanceof OptionOwner that && section.equals(that.section) && label.equals(that.label)
            && location.equals(that.location);
    }

    @Override
    public int hashCode() {
        return Objects.hash(section, label, location);
    }

    @Override
    public String toString() {
        return location.isEmpty() ? label : label + " (" + location + ")";
    }
}
