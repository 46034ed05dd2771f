package io.pulse.relay;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.DoubleSupplier;
import java.util.function.Supplier;

/**
 * Where a relay gets the values of one collector: a <em>point</em> collector yields one value (its stat name is
 * the collector's name), a <em>set</em> collector yields several named values (one stat per entry).
 *
 * <p>By default a collector is <em>lazy</em>, as in the original relay: it is called when the server asks
 * ({@code get}) or when {@link Relay#info()} is called. {@link #every(Duration)} makes it <em>periodic</em>: the
 * relay calls it in the background at that interval and answers {@code get} with the latest values it has (a
 * {@code flush} from the server drops them, so the next {@code get} collects afresh). A server {@code override}
 * makes any collector periodic at the requested interval for the requested time.
 *
 * <p>A collector may be called from several relay threads, but never concurrently with itself by one relay: a
 * call still running is shared by everyone who asks meanwhile. If it throws, its values are skipped for that
 * round and the error is logged; the relay carries on.
 *
 * <p>Immutable and thread-safe.
 */
public final class Collector {

    /** The key a point collector's single value has in {@link #collect()}: the original used the empty name. */
    static final String POINT_KEY = "";

    private final Supplier<? extends Map<String, Double>> source;
    private final boolean point;
    private final Duration interval;

    private Collector(Supplier<? extends Map<String, Double>> source, boolean point, Duration interval) {
        this.source = source;
        this.point = point;
        this.interval = interval;
    }

    /**
     * A collector with one value, reported under the collector's own name (the original's
     * {@code NewPointCollector}).
     */
    public static Collector point(DoubleSupplier value) {
        Objects.requireNonNull(value, "value");
        return new Collector(() -> Map.of(POINT_KEY, value.getAsDouble()), true, null);
    }

    /**
     * A collector with named values (the original's {@code NewSetCollector}). Entry names must not contain
     * {@code -}, {@code :}, {@code ,} or line breaks (such entries are skipped and logged: the server could not
     * parse them); the empty name stands for the collector's own name. Null values are skipped.
     */
    public static Collector set(Supplier<? extends Map<String, Double>> values) {
        Objects.requireNonNull(values, "values");
        return new Collector(values, false, null);
    }

    /**
     * The same collector, collected in the background every {@code interval}; {@code get} is answered with the
     * latest values collected.
     *
     * @param interval positive
     */
    public Collector every(Duration interval) {
        Objects.requireNonNull(interval, "interval");
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("collection interval must be positive: " + interval);
        }
        return new Collector(source, point, interval);
    }

    /** True for a point collector, false for a set collector. */
    public boolean isPoint() {
        return point;
    }

    /** The background collection interval, empty for a lazy collector. */
    public Optional<Duration> interval() {
        return Optional.ofNullable(interval);
    }

    /** Calls the source; a null answer counts as no values. */
    Map<String, Double> collect() {
        Map<String, Double> values = source.get();
        return values != null ? values : Map.of();
    }
}
