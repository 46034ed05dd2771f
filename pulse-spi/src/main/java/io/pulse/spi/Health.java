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
    public enum Status { UP, DOWN }

    public Health {
        Objects.requireNonNull(status, "status");
        detail = detail == null ? "" : detail;
    }

    /** A healthy component. */
    public static Health up() {
        return new Health(Status.UP, "");
    }

    /** A healthy component with a short note, e.g. {@code "1234 series"}. */
    public static Health up(String detail) {
        return new Health(Status.UP, detail);
    }

    /** A component that cannot do its job, and why (e.g. {@code "InfluxDB at http://db:8086 refused the connection"}). */
    public static Health down(String reason) {
        return new Health(Status.DOWN, reason);
    }

    /** True when up. */
    public boolean isUp() {
        return status == Status.UP;
    }
}
