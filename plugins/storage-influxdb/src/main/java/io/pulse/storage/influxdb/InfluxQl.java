package io.pulse.storage.influxdb;

import io.pulse.spi.storage.Aggregation;

import java.math.BigDecimal;
import java.time.Duration;

/**
 * InfluxQL text building: every identifier and string literal that reaches InfluxDB goes through here, so names
 * like {@code user}, {@code cpu}, {@code a "quoted" b} or {@code it's} can neither break a statement nor inject
 * one.
 *
 * <p>InfluxQL reads {@code \\}, {@code \"}, {@code \'} and {@code \n} inside quoted identifiers and string
 * literals; any other escape is a parse error, so only those are produced. Stateless and thread-safe.
 */
final class InfluxQl {

    private InfluxQl() {
    }

    /** A double-quoted identifier: {@code "user"}, {@code "a \"b\""}. */
    static String ident(String name) {
        return '"' + escape(name, '"') + '"';
    }

    /** A single-quoted string literal: {@code 'web1'}, {@code 'it\'s'}. */
    static String string(String value) {
        return '\'' + escape(value, '\'') + '\'';
    }

    /** A field reference that cannot be mistaken for a tag of the same name: {@code "host"::field}. */
    static String field(String name) {
        return ident(name) + "::field";
    }

    /** A tag reference that cannot be mistaken for a field of the same name: {@code "host"::tag}. */
    static String tag(String name) {
        return ident(name) + "::tag";
    }

    /** A fully qualified measurement: {@code "statistics"."one_day"."cpu_used"}. */
    static String measurement(String database, String retentionPolicy, String measurement) {
        return ident(database) + '.' + ident(retentionPolicy) + '.' + ident(measurement);
    }

    /** An absolute time literal in epoch milliseconds: {@code 1795633255123ms}. */
    static String time(long epochMillis) {
        return epochMillis + "ms";
    }

    /**
     * The condition "time in the milliseconds {@code (afterMillis, untilMillis]}" for points stamped with
     * sub-millisecond offsets ({@link WriteClock}): every point of millisecond {@code untilMillis} is in, every point
     * of millisecond {@code afterMillis} is out.
     */
    static String afterUntil(long afterMillis, long untilMillis) {
        return "time >= " + time(afterMillis + 1) + " AND time < " + time(untilMillis + 1);
    }

    /** The condition "time in the milliseconds {@code (afterMillis, beforeMillis)}" (see {@link #afterUntil}). */
    static String afterBefore(long afterMillis, long beforeMillis) {
        return "time >= " + time(afterMillis + 1) + " AND time < " + time(beforeMillis);
    }

    /**
     * A duration literal in the largest unit that divides it exactly: {@code 15m}, {@code 8h}, {@code 1w},
     * {@code 90s}, {@code 1500ms}. One unit only, which every InfluxQL context (GROUP BY time, DURATION) accepts.
     */
    static String duration(Duration duration) {
        long millis = duration.toMillis();
        if (millis <= 0 || !duration.equals(Duration.ofMillis(millis))) {
            throw new IllegalArgumentException("durations must be a positive whole number of milliseconds, got " + duration);
        }
        long[] sizes = {604_800_000L, 86_400_000L, 3_600_000L, 60_000L, 1_000L};
        String[] units = {"w", "d", "h", "m", "s"};
        for (int i = 0; i < sizes.length; i++) {
            if (millis % sizes[i] == 0) {
                return (millis / sizes[i]) + units[i];
            }
        }
        return millis + "ms";
    }

    /**
     * The InfluxQL aggregate call for a verb over a field: {@code mean("cpu_used"::field)},
     * {@code percentile("cpu_used"::field, 99.9)}.
     *
     * @throws IllegalArgumentException for {@link Aggregation.Function#MODE}, which InfluxDB resolves differently on
     *                                  ties (see {@link #isComputedByInflux})
     */
    static String call(Aggregation aggregation, String field) {
        String f = field(field);
        return switch (aggregation.function()) {
            case MEAN -> "mean(" + f + ")";
            case MEDIAN -> "median(" + f + ")";
            case COUNT -> "count(" + f + ")";
            case SUM -> "sum(" + f + ")";
            case MIN -> "min(" + f + ")";
            case MAX -> "max(" + f + ")";
            case FIRST -> "first(" + f + ")";
            case LAST -> "last(" + f + ")";
            case SPREAD -> "spread(" + f + ")";
            case STDDEV -> "stddev(" + f + ")";
            case PERCENTILE -> "percentile(" + f + ", " + BigDecimal.valueOf(aggregation.percentile()).stripTrailingZeros().toPlainString() + ")";
            case MODE -> throw new IllegalArgumentException("mode is computed by Pulse, not InfluxDB");
        };
    }

    /**
     * Whether InfluxDB computes this verb exactly as the storage contract defines it. Only {@code mode} differs:
     * on a tie InfluxDB picks the value seen first, the contract the smallest value; so mode is computed by Pulse
     * from the raw values (with {@link Aggregation#apply}).
     */
    static boolean isComputedByInflux(Aggregation aggregation) {
        return aggregation.function() != Aggregation.Function.MODE;
    }

    private static String escape(String text, char quote) {
        StringBuilder out = new StringBuilder(text.length() + 8);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                default -> {
                    if (c == quote) {
                        out.append('\\');
                    }
                    out.append(c);
                }
            }
        }
        return out.toString();
    }
}
