package io.pulse.spi.frontend;

import io.pulse.spi.Api;

import java.util.Objects;

/**
 * One of the server's metrics with its kind, as {@link FrontEndContext#typedMetrics()} gives them (e.g. for a
 * Prometheus exposition, where counters and gauges are typed differently).
 *
 * @param name  the dotted name, as in {@link FrontEndContext#metrics()}, e.g. {@code polls.sent}
 * @param kind  whether it only grows ({@link Kind#COUNTER}) or goes up and down ({@link Kind#GAUGE})
 * @param value its value now
 */
@Api
public record MetricValue(String name, Kind kind, long value) {

    /** What a metric's value means over time. */
    @Api
    public enum Kind {
        /** Only grows from zero (until the server restarts), e.g. polls sent. */
        COUNTER,
        /** A level that goes up and down, e.g. relays connected or a queue's depth. */
        GAUGE,
        /** Not known: a context that does not track kinds. */
        UNTYPED
    }

    /** Checks that name and kind are given. */
    public MetricValue {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
    }
}
