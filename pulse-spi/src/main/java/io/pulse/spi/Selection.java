package io.pulse.spi;

import io.pulse.spi.option.Option;

import java.util.Objects;
import java.util.Optional;

/**
 * When the kernel uses a factory without being told by name ({@code --storage}, {@code --alerts},
 * {@code --publishers}, {@code --front-ends}): the rule replaces hard-coded ids in the kernel, so a vendor's plugin
 * can be chosen the way the built-in ones are.
 * <ul>
 *   <li>{@link #onRequest()}: only when named (the default);</li>
 *   <li>{@link #byDefault()}: when nothing else is chosen for its extension point (the embedded storage, the HTTP
 *   API);</li>
 *   <li>{@link #whenSet(Option)}: when the operator sets that option of the factory's own, e.g. the InfluxDB storage
 *   when {@code -i} is given, the original's way of choosing a backend.</li>
 * </ul>
 * A name given explicitly always wins. Immutable.
 */
@Api
public final class Selection {

    private static final Selection ON_REQUEST = new Selection(false, null);
    private static final Selection BY_DEFAULT = new Selection(true, null);

    private final boolean byDefault;
    private final Option<?> trigger;

    private Selection(boolean byDefault, Option<?> trigger) {
        this.byDefault = byDefault;
        this.trigger = trigger;
    }

    /** {@return used only when named} */
    public static Selection onRequest() {
        return ON_REQUEST;
    }

    /** {@return used when nothing else is chosen for its extension point} */
    public static Selection byDefault() {
        return BY_DEFAULT;
    }

    /**
     * {@return used when the operator sets {@code trigger}, one of the factory's own {@link ComponentFactory#options()}}
     *
     * @param trigger the trigger
     */
    public static Selection whenSet(Option<?> trigger) {
        return new Selection(false, Objects.requireNonNull(trigger, "trigger"));
    }

    /** {@return whether the factory is chosen when nothing else is} */
    public boolean isDefault() {
        return byDefault;
    }

    /** {@return the option whose setting chooses the factory, if any} */
    public Optional<Option<?>> trigger() {
        return Optional.ofNullable(trigger);
    }

    @Override
    public String toString() {
        return byDefault ? "by default" : trigger == null ? "on request" : "when " + trigger.key() + " is set";
    }
}
