package io.pulse.spi.storage;

import io.pulse.spi.Api;

import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;

/**
 * The {@code verb} of a query: how the values in one bucket are combined into one. These are the InfluxQL
 * aggregates a user of the original pulse could pass, with InfluxDB 1.x semantics, so every storage backend
 * answers the same.
 *
 * <table>
 *   <caption>Verbs</caption>
 *   <tr><th>verb</th><th>result over the bucket's values</th></tr>
 *   <tr><td>{@code mean}</td><td>arithmetic mean (the default)</td></tr>
 *   <tr><td>{@code median}</td><td>middle value; mean of the two middle values for an even count</td></tr>
 *   <tr><td>{@code mode}</td><td>most frequent value; on a tie, the smallest of the tied values</td></tr>
 *   <tr><td>{@code count}</td><td>number of values</td></tr>
 *   <tr><td>{@code sum}, {@code min}, {@code max}</td><td>as named</td></tr>
 *   <tr><td>{@code first}, {@code last}</td><td>value with the earliest / latest time (which of several values with
 *       the same time is backend-specific: InfluxDB does not keep write order across series)</td></tr>
 *   <tr><td>{@code spread}</td><td>max - min</td></tr>
 *   <tr><td>{@code stddev}</td><td>sample standard deviation (n - 1); no value for fewer than 2 values</td></tr>
 *   <tr><td>{@code pN}, {@code percentile_N}</td><td>N-th percentile, 0 &lt; N &lt;= 100, nearest rank as InfluxDB:
 *       sorted ascending, index {@code floor(n * N / 100 + 0.5) - 1}; no value when that index is outside the values</td></tr>
 * </table>
 *
 * @param function   which aggregate
 * @param percentile for {@link Function#PERCENTILE}, N in (0, 100]; otherwise 0
 */
@Api
public record Aggregation(Function function, double percentile) {

    /** The aggregate functions. */
    public enum Function {
        /** The {@code mean} aggregate. */
        MEAN,
        /** The {@code median} aggregate. */
        MEDIAN,
        /** The {@code mode} aggregate. */
        MODE,
        /** The {@code count} aggregate. */
        COUNT,
        /** The {@code sum} aggregate. */
        SUM,
        /** The {@code min} aggregate. */
        MIN,
        /** The {@code max} aggregate. */
        MAX,
        /** The {@code first} aggregate. */
        FIRST,
        /** The {@code last} aggregate. */
        LAST,
        /** The {@code spread} aggregate. */
        SPREAD,
        /** The {@code stddev} aggregate. */
        STDDEV,
        /** The {@code percentile} aggregate. */
        PERCENTILE
    }

    /** The default verb. */
    public static final Aggregation MEAN = new Aggregation(Function.MEAN, 0);

    /** What {@link #parse} accepts, for error messages. */
    public static final String ACCEPTED =
        "mean, median, mode, count, sum, min, max, first, last, spread, stddev, pN or percentile_N (0 < N <= 100)";

    /** Checks and normalises the components; see the class comment. */
    public Aggregation {
        Objects.requireNonNull(function, "function");
        if (function == Function.PERCENTILE) {
            if (!(percentile > 0 && percentile <= 100)) {
                throw new IllegalArgumentException("percentile must be in (0, 100], got " + percentile);
            }
        } else if (percentile != 0) {
            throw new IllegalArgumentException(function + " takes no percentile");
        }
    }

    /**
     * {@return a simple (non-percentile) aggregation}
     *
     * @param function the function
     */
    public static Aggregation of(Function function) {
        return new Aggregation(function, 0);
    }

    /**
     * {@return the N-th percentile}
     *
     * @param n the n
     */
    public static Aggregation percentile(double n) {
        return new Aggregation(Function.PERCENTILE, n);
    }

    /**
     * Parses a verb, case-insensitively: a function name, {@code p95}, {@code percentile_99.9}.
     *
     * @param verb the verb
     * @return the aggregation
     * @throws IllegalArgumentException naming the verb and listing {@link #ACCEPTED}
     */
    public static Aggregation parse(String verb) {
        String v = verb == null ? "" : verb.strip().toLowerCase(Locale.ROOT);
        String n = null;
        if (v.startsWith("percentile_")) {
            n = v.substring("percentile_".length());
        } else if (v.length() > 1 && v.charAt(0) == 'p' && (Character.isDigit(v.charAt(1)) || v.charAt(1) == '.')) {
            n = v.substring(1);
        }
        if (n != null) {
            try {
                double p = Double.parseDouble(n);
                if (p > 0 && p <= 100) {
                    return percentile(p);
                }
            } catch (NumberFormatException ignored) {
                // fall through to the error below
            }
            throw new IllegalArgumentException("unknown verb '" + verb + "': accepted are " + ACCEPTED);
        }
        for (Function f : Function.values()) {
            if (f != Function.PERCENTILE && f.name().toLowerCase(Locale.ROOT).equals(v)) {
                return of(f);
            }
        }
        throw new IllegalArgumentException("unknown verb '" + verb + "': accepted are " + ACCEPTED);
    }

    /** {@return the verb as {@link #parse} reads it back: {@code mean}, {@code p95}, {@code p99.9}} */
    public String verb() {
        if (function == Function.PERCENTILE) {
            return percentile == Math.rint(percentile) ? "p" + (long) percentile : "p" + percentile;
        }
        return function.name().toLowerCase(Locale.ROOT);
    }

    /**
     * The reference implementation of the semantics above, for backends that aggregate in Java and for tests.
     *
     * @param values the bucket's values, in time order (oldest first); the array may be reordered
     * @param count  how many of {@code values} to use
     * @return the result, or {@code NaN} when the verb gives no value for these values (no values; stddev of
     * one value; a percentile rank outside the values)
     */
    public double apply(double[] values, int count) {
        if (count <= 0) {
            return Double.NaN;
        }
        switch (function) {
            case COUNT:
                return count;
            case FIRST:
                return values[0];
            case LAST:
                return values[count - 1];
            case SUM:
            case MEAN: {
                double sum = 0;
                for (int i = 0; i < count; i++) {
                    sum += values[i];
                }
                return function == Function.SUM ? sum : sum / count;
            }
            case MIN:
            case MAX:
            case SPREAD: {
                double min = Double.POSITIVE_INFINITY;
                double max = Double.NEGATIVE_INFINITY;
                for (int i = 0; i < count; i++) {
                    min = Math.min(min, values[i]);
                    max = Math.max(max, values[i]);
                }
                return function == Function.MIN ? min : function == Function.MAX ? max : max - min;
            }
            case STDDEV: {
                if (count < 2) {
                    return Double.NaN;
                }
                double mean = 0;
                for (int i = 0; i < count; i++) {
                    mean += values[i];
                }
                mean /= count;
                double squares = 0;
                for (int i = 0; i < count; i++) {
                    double d = values[i] - mean;
                    squares += d * d;
                }
                return Math.sqrt(squares / (count - 1));
            }
            default:
                break;
        }
        Arrays.sort(values, 0, count);
        switch (function) {
            case MEDIAN:
                return count % 2 == 1 ? values[count / 2] : (values[count / 2 - 1] + values[count / 2]) / 2;
            case MODE: {
                double best = values[0];
                int bestRun = 0;
                int i = 0;
                while (i < count) {
                    int j = i;
                    while (j < count && values[j] == values[i]) {
                        j++;
                    }
                    if (j - i > bestRun) {
                        bestRun = j - i;
                        best = values[i];
                    }
                    i = j;
                }
                return best;
            }
            case PERCENTILE: {
                int index = (int) Math.floor(count * percentile / 100.0 + 0.5) - 1;
                return index < 0 || index >= count ? Double.NaN : values[index];
            }
            default:
                throw new IllegalStateException("unhandled " + function);
        }
    }

    @Override
    public String toString() {
        return verb();
    }
}
