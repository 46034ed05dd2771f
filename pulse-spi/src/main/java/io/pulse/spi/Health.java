package io.pulse.spi;

import java.util.Objects;

/**
 * The health of a component: up, or down with a reason an operator can act on.
 *
 * @param status up or down
 * @param detail what is wrong (or a short state description when up); never null
 */
@Api
public record Health(Status status, String detail) {

    /** Up or down. */
    public enum Status {
        /** The component can do its job. */
        UP,
        /** The component cannot do its job now; the detail says why. */
        DOWN
    }

    /** Checks and normalises the components; see the class comment. */
    public Health {
        Objects.requireNonNull(status, "status");
        detail = detail == null ? "" : detail;
    }

    /** {@return a healthy component} */
    public static Health up() {
        return new Health(Status.UP, "");
    }

    /**
     * {@return a healthy component with a short note, e.g. {@code "1234 series"}}
     *
     * @param detail the detail
     */
    public static Health up(String detail) {
        return new Health(Status.UP, detail);
    }

    /**
     * {@return a component that cannot do its job, and why (e.g. {@code "InfluxDB at http://db:8086 refused the connection"})}
     *
     * @param reason the reason
     */
    public static Health down(String reason) {
        return new Health(Status.DOWN, reason);
    }

    /** {@return true when up} */
    public boolean isUp() {
        return status == Status.UP;
    }
}
