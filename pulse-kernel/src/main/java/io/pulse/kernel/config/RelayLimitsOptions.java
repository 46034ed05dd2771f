package io.pulse.kernel.config;

import io.pulse.kernel.relay.RelayLimits;
import io.pulse.spi.option.Option;
import io.pulse.spi.option.OptionType;
import io.pulse.spi.option.OptionValues;

import java.util.List;

/**
 * The kernel's options that bound what relays may hold on the server: relays at once, collectors per relay, lines
 * per second per relay. {@link #settings} turns their values into the {@link RelayLimits} the relay server
 * enforces. Beyond each, the relay gets an error line and is closed, and a counter goes up; see
 * {@code docs/reliability.md#limits}.
 */
public final class RelayLimitsOptions {

    private static final int MAX = 10_000_000;

    /** {@code --max-relays}. */
    public static final Option<Integer> MAX_RELAYS = Option.builder("max-relays", OptionType.integer(1, MAX))
        .defaultValue(RelayLimits.DEFAULT_MAX_RELAYS).flag("max-relays")
        .description("Most relays connected at once; one more is refused with an error line").build();
    /** {@code --max-collectors-per-relay}. */
    public static final Option<Integer> MAX_COLLECTORS_PER_RELAY = Option.builder("max-collectors-per-relay",
            OptionType.integer(1, MAX))
        .defaultValue(RelayLimits.DEFAULT_MAX_COLLECTORS_PER_RELAY).flag("max-collectors-per-relay")
        .description("Most collectors one relay may expose; a relay adding one more gets an error line and is"
            + " closed").build();
    /** {@code --max-lines-per-second}. */
    public static final Option<Integer> MAX_LINES_PER_SECOND = Option.builder("max-lines-per-second",
            OptionType.integer(1, MAX))
        .defaultValue(RelayLimits.DEFAULT_MAX_LINES_PER_SECOND).flag("max-lines-per-second")
        .description("Most lines a second one relay may send, beyond a burst of twice that plus"
            + " max-collectors-per-relay; a faster relay gets an error line and is closed").build();

    /** All of them, in {@code --help} order. */
    public static final List<Option<?>> ALL = List.of(MAX_RELAYS, MAX_COLLECTORS_PER_RELAY, MAX_LINES_PER_SECOND);

    private RelayLimitsOptions() {
    }

    /** The limits the values ask for (each already checked against its range when parsed). */
    public static RelayLimits settings(OptionValues values) {
        return new RelayLimits(values.get(MAX_RELAYS), values.get(MAX_COLLECTORS_PER_RELAY),
            values.get(MAX_LINES_PER_SECOND));
    }
}
