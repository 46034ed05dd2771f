package io.pulse.alert.kapacitor;

import io.pulse.spi.alert.AlertBackendException;
import io.pulse.spi.alert.AlertRule;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;

/**
 * Writes the TICKscript of one alert: the original pulse's batch task (a mean over the alert's duration, compared
 * with the threshold at the alert's level, posted on state changes), made deterministic and safe. Tags are written in
 * sorted order and there is no {@code WHERE} at all without tags; every name is quoted and escaped for each language
 * it passes through - InfluxQL inside the triple-quoted query, TICKscript strings and field references, and the Go
 * templates Kapacitor makes of {@code .id} and {@code .message}. Stateless.
 */
final class KapacitorScript {

    private static final String TAB = "\t";

    private KapacitorScript() {
    }

    /**
     * The script for {@code rule}, querying {@code "database"."policy"."metric"}.
     *
     * @throws AlertBackendException (refused) for what a TICKscript cannot express: a metric ending in a backslash
     *                               (it would escape the closing quote of a field reference), a duration finer than
     *                               a microsecond, a post URL ending in a backslash
     */
    static String of(AlertRule rule, String database, String policy, Optional<String> log) {
        String metric = rule.metric();
        if (metric.isEmpty() || metric.endsWith("\\")) {
            throw new AlertBackendException("metric '" + metric + "' cannot be written in a TICKscript field reference"
                + (metric.isEmpty() ? " (it is empty)" : " (it ends in a backslash)"));
        }
        if (rule.post().endsWith("\\")) {
            throw new AlertBackendException("post URL '" + rule.post() + "' must not end in a backslash");
        }
        String field = "mean_" + metric;
        StringBuilder s = new StringBuilder();
        s.append("batch\n");
        s.append(TAB).append("|query('''\n");
        s.append(TAB).append(TAB).append("SELECT mean(").append(influxIdentifier(metric)).append(") AS ")
            .append(influxIdentifier(field)).append('\n');
        s.append(TAB).append(TAB).append("FROM ").append(influxIdentifier(database)).append('.')
            .append(influxIdentifier(policy)).append('.').append(influxIdentifier(metric)).append('\n');
        if (!rule.tags().isEmpty()) {
            StringJoiner where = new StringJoiner(" AND ");
            for (Map.Entry<String, String> tag : rule.tags().entrySet()) {
                where.add(influxIdentifier(tag.getKey()) + " = " + influxString(tag.getValue()));
            }
            s.append(TAB).append(TAB).append("WHERE ").append(where).append('\n');
        }
        s.append(TAB).append("''')\n");
        String every = duration(rule.duration());
        s.append(TAB).append(TAB).append(".period(").append(every).append(")\n");
        s.append(TAB).append(TAB).append(".every(").append(every).append(")\n");
        s.append('\n');
        s.append(TAB).append("|alert()\n");
        s.append('\n');
        s.append(TAB).append(TAB).append(".id(").append(tickString(templateText(alertId(rule)))).append(")\n");
        s.append(TAB).append(TAB).append(".message(").append(tickString("{{ .ID }} is {{ .Level }} value:{{ index .Fields "
            + goString(field) + " }}")).append(")\n");
        s.append(TAB).append(TAB).append('.').append(rule.level().id()).append("(lambda: ").append(tickReference(field))
            .append(' ').append(rule.operator().symbol()).append(' ').append(number(rule.threshold())).append(")\n");
        s.append(TAB).append(TAB).append(".post(").append(tickString(rule.post())).append(")\n");
        s.append(TAB).append(TAB).append(".stateChangesOnly()");
        log.ifPresent(path -> s.append('\n').append(TAB).append(TAB).append(".log(").append(tickString(path)).append(')'));
        return s.toString();
    }

    /** The original's alert id: {@code [v1|v2] metric}, tag values in the order of their sorted keys. */
    static String alertId(AlertRule rule) {
        return "[" + String.join("|", rule.tags().values()) + "] " + rule.metric();
    }

    /**
     * An InfluxQL double-quoted identifier. InfluxQL's scanner knows the escapes {@code \\ \" \' \n}; single quotes
     * are escaped too so that no {@code '''} can end the TICKscript triple-quoted string around the query.
     */
    static String influxIdentifier(String name) {
        return '"' + influxEscape(name) + '"';
    }

    /** An InfluxQL single-quoted string literal, escaped as {@link #influxIdentifier}. */
    static String influxString(String value) {
        return '\'' + influxEscape(value) + '\'';
    }

    private static String influxEscape(String text) {
        StringBuilder out = new StringBuilder(text.length() + 8);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '"' -> out.append("\\\"");
                case '\'' -> out.append("\\'");
                case '\n' -> out.append("\\n");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    /**
     * A TICKscript single-quoted string. Its only escape is {@code \'} (a backslash before anything else is kept as
     * is), so quotes are escaped and nothing else; callers make sure the text does not end in a backslash.
     */
    static String tickString(String text) {
        return "'" + text.replace("'", "\\'") + "'";
    }

    /** A TICKscript field reference; its only escape is {@code \"}. */
    static String tickReference(String field) {
        return '"' + field.replace("\"", "\\\"") + '"';
    }

    /** Literal text inside a Go template: {@code {{} would open an action, so it is written as one. */
    static String templateText(String text) {
        return text.replace("{{", "{{\"{{\"}}");
    }

    /** A Go interpreted string literal (for the field name in {@code index .Fields "..."}). */
    static String goString(String text) {
        StringBuilder out = new StringBuilder(text.length() + 2).append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\' || c == '"') {
                out.append('\\').append(c);
            } else if (c < 0x20 || c == 0x7f) {
                out.append(String.format("\\x%02x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.append('"').toString();
    }

    /**
     * A TICKscript duration literal in a single unit (TICKscript has no {@code 1m30s}): the largest of {@code w d h m
     * s ms u} that divides it exactly.
     */
    static String duration(Duration duration) {
        long nanos;
        try {
            nanos = duration.toNanos();
        } catch (ArithmeticException e) {
            throw new AlertBackendException("duration " + duration + " is too long for Kapacitor");
        }
        if (nanos % 1_000 != 0) {
            throw new AlertBackendException("duration " + io.pulse.spi.Durations.format(duration)
                + " is finer than Kapacitor's microseconds");
        }
        long[] sizes = {604_800_000_000_000L, 86_400_000_000_000L, 3_600_000_000_000L, 60_000_000_000L,
            1_000_000_000L, 1_000_000L, 1_000L};
        String[] units = {"w", "d", "h", "m", "s", "ms", "u"};
        for (int i = 0; i < sizes.length; i++) {
            if (nanos % sizes[i] == 0) {
                return (nanos / sizes[i]) + units[i];
            }
        }
        throw new AssertionError("every whole number of microseconds divides by 1u");
    }

    /**
     * A TICKscript number: whole values as integers, as the original wrote {@code 80}; others (and whole values
     * beyond any stat, which an int64 literal could overflow) as plain decimals, since TICKscript has no exponent
     * notation.
     */
    static String number(double value) {
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return Long.toString((long) value);
        }
        String plain = BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
        return plain.contains(".") ? plain : plain + ".0";
    }
}
