package io.pulse.storage.influxdb;

import io.pulse.spi.stats.Sample;

import java.util.Map;
import java.util.Optional;

/**
 * Turns samples into InfluxDB 1.x line protocol in the original pulse layout: measurement = stat name, one float
 * field named like the stat, tags = the sample's tags, timestamp in nanoseconds (the sample's millisecond plus a
 * sub-millisecond offset from {@link WriteClock}):
 * {@code cpu_used,host=web1,service=api cpu_used=0.25 1795633255123000000}.
 *
 * <p>Escaping follows InfluxDB 1.6's parser: a measurement escapes {@code ,} and space; tag keys, tag values and
 * field keys escape {@code ,}, {@code =} and space, each with a backslash. The parser never un-escapes a backslash
 * itself, so some names cannot be written at all; {@link #whyUnstorable} names them, so they are refused with a
 * reason instead of producing a line InfluxDB would misread or reject:
 * <ul>
 *   <li>a stat or tag key named {@code time} (InfluxDB refuses such fields and tags);</li>
 *   <li>a stat starting with {@code #} (the line would be a comment);</li>
 *   <li>a line break anywhere (lines are separated by line breaks);</li>
 *   <li>a backslash just before {@code ,}, {@code =}, space, or at the end of a name or tag value (it would
 *       escape the separator).</li>
 * </ul>
 * Tags with an empty value are left out: InfluxDB cannot store them, and so the series is stored without that tag
 * (the original pulse behaved the same).
 *
 * <p>Stateless and thread-safe.
 */
final class LineProtocol {

    private LineProtocol() {
    }

    /**
     * Why InfluxDB cannot store this sample, or empty when it can.
     */
    static Optional<String> whyUnstorable(Sample sample) {
        String stat = sample.stat();
        if (stat.equals("time")) {
            return Optional.of("stat 'time': InfluxDB cannot store a field named 'time'");
        }
        if (stat.startsWith("#")) {
            return Optional.of("stat '" + printable(stat) + "': a line-protocol line starting with '#' is a comment, "
                + "so InfluxDB cannot store a measurement whose name starts with '#'");
        }
        Optional<String> why = whyUnwritable("stat", stat);
        if (why.isPresent()) {
            return why;
        }
        for (Map.Entry<String, String> tag : sample.tags().asMap().entrySet()) {
            if (tag.getKey().equals("time")) {
                return Optional.of("stat '" + stat + "': InfluxDB cannot store a tag named 'time'");
            }
            why = whyUnwritable("tag key", tag.getKey())
                .or(() -> whyUnwritable("tag value", tag.getValue()));
            if (why.isPresent()) {
                return Optional.of("stat '" + printable(stat) + "': " + why.get());
            }
        }
        return Optional.empty();
    }

    /**
     * Why a stat name cannot be stored (same rules as {@link #whyUnstorable} for the name alone); queries for such
     * names are refused with this reason.
     */
    static Optional<String> whyUnstorableStat(String stat) {
        return whyUnstorable(new Sample(stat, io.pulse.spi.stats.Tags.empty(), 0, 0));
    }

    /** Whether a tag key or value could have been stored at all (else no stored series can carry it). */
    static boolean isStorableTag(String key, String value) {
        return !key.equals("time") && whyUnwritable("tag key", key).isEmpty()
            && !value.isEmpty() && whyUnwritable("tag value", value).isEmpty();
    }

    /**
     * Appends the line for a storable sample (see {@link #whyUnstorable}) to {@code out}, without a line break.
     *
     * @param nanos the point's timestamp in ns since the epoch
     */
    static void appendLine(StringBuilder out, Sample sample, long nanos) {
        out.append(prefix(sample));
        appendValueAndTime(out, sample.value(), nanos);
    }

    /** The line up to its value, {@code measurement,tags field=}, for a storable sample (see {@link #whyUnstorable}). */
    static String prefix(Sample sample) {
        StringBuilder out = new StringBuilder(64);
        escape(out, sample.stat(), false);
        for (Map.Entry<String, String> tag : sample.tags().asMap().entrySet()) {
            if (tag.getValue().isEmpty()) {
                continue;
            }
            out.append(',');
            escape(out, tag.getKey(), true);
            out.append('=');
            escape(out, tag.getValue(), true);
        }
        out.append(' ');
        escape(out, sample.stat(), true);
        out.append('=');
        return out.toString();
    }

    /** The end of a line after its {@link #prefix}: the value, a space and the timestamp. */
    static void appendValueAndTime(StringBuilder out, double value, long nanos) {
        appendValue(out, value);
        out.append(' ').append(nanos);
    }

    /** The line for one sample stamped at the start of its millisecond (for tests and logs). */
    static String line(Sample sample) {
        StringBuilder out = new StringBuilder(64);
        appendLine(out, sample, sample.timeMillis() * WriteClock.NANOS_PER_MILLI);
        return out.toString();
    }

    /**
     * The timestamp of a line written by {@link #appendLine}, in whole milliseconds.
     */
    static long millisOf(String line) {
        return Math.floorDiv(Long.parseLong(line.substring(line.lastIndexOf(' ') + 1)), WriteClock.NANOS_PER_MILLI);
    }

    private static void appendValue(StringBuilder out, double value) {
        // the shortest exact decimal, as Double.toString writes it (appended without a String); line protocol reads
        // "1.0E-5" as a float too
        out.append(value);
    }

    private static void escape(StringBuilder out, String text, boolean escapeEquals) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == ',' || c == ' ' || (escapeEquals && c == '=')) {
                out.append('\\');
            }
            out.append(c);
        }
    }

    private static Optional<String> whyUnwritable(String what, String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\n' || c == '\r') {
                return Optional.of(what + " '" + printable(text) + "' contains a line break, which line protocol cannot carry");
            }
            if (c == '\\') {
                char next = i + 1 < text.length() ? text.charAt(i + 1) : 0;
                if (next == 0 || next == ',' || next == '=' || next == ' ') {
                    return Optional.of(what + " '" + printable(text) + "' has a backslash "
                        + (next == 0 ? "at its end" : "before '" + next + "'")
                        + ", which line protocol cannot express");
                }
            }
        }
        return Optional.empty();
    }

    /** The text with line breaks shown as {@code \n}/{@code \r}, for one-line messages. */
    static String printable(String text) {
        return text.replace("\r", "\\r").replace("\n", "\\n");
    }
}
