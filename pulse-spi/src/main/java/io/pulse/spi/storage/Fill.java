package io.pulse.spi.storage;

import io.pulse.spi.Api;

/**
 * What a range query returns for buckets without data (the HTTP API's {@code backfill}).
 *
 * @param kind  leave empty buckets out, or fill them with {@code value}
 * @param value the fill value for {@link Kind#VALUE}; 0 otherwise
 */
@Api
public record Fill(Kind kind, double value) {

    /** Fill policies. */
    public enum Kind {
        /** Empty buckets are left out (InfluxQL {@code FILL(none)}). */
        NONE,
        /** Empty buckets get {@link Fill#value()} (InfluxQL {@code FILL(<number>)}; zero is {@code FILL(0)}). */
        VALUE
    }

    /** Leave empty buckets out. */
    public static final Fill NONE = new Fill(Kind.NONE, 0);

    /** Fill empty buckets with zero. */
    public static final Fill ZERO = new Fill(Kind.VALUE, 0);

    /** Checks and normalises the components; see the class comment. */
    public Fill {
        if (kind == Kind.NONE && value != 0) {
            throw new IllegalArgumentException("Fill.NONE takes no value");
        }
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("fill value must be finite, got " + value);
        }
    }

    /**
     * {@return a fill that gives empty buckets {@code value}}
     *
     * @param value the value empty buckets get
     */
    public static Fill value(double value) {
        return new Fill(Kind.VALUE, value);
    }
}
