package io.pulse.api.http.prometheus;

import java.util.Map;

/**
 * Writes the Prometheus text exposition format, version 0.0.4: metric and label names sanitised to the format's
 * rules, label values and help text escaped as it says (backslash, double quote and line feed in label values;
 * backslash and line feed in help). Not thread-safe: one writer per answer.
 */
public final class PrometheusText {

    /** The answer's content type. */
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final StringBuilder out = new StringBuilder();

    /**
     * A metric name from free text: every character outside {@code [a-zA-Z0-9_:]} becomes {@code _}, and a leading
     * digit gets a {@code _} in front, so the result matches {@code [a-zA-Z_:][a-zA-Z0-9_:]*}.
     */
    public static String metricName(String text) {
        return sanitise(text, true);
    }

    /**
     * A label name from free text: as {@link #metricName} without colons ({@code [a-zA-Z_][a-zA-Z0-9_]*}); names
     * starting with {@code __} are reserved for Prometheus, so they get an {@code x} in front.
     */
    public static String labelName(String text) {
        String name = sanitise(text, false);
        return name.startsWith("__") ? "x" + name : name;
    }

    private static String sanitise(String text, boolean colons) {
        StringBuilder b = new StringBuilder(text.length() + 1);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean ok = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_' || colons && c == ':'
                || c >= '0' && c <= '9';
            b.append(ok ? c : '_');
        }
        if (b.isEmpty() || Character.isDigit(b.charAt(0))) {
            b.insert(0, '_');
        }
        return b.toString();
    }

    /** Starts a family: its {@code # HELP} and {@code # TYPE ... gauge} lines. */
    public void gaugeFamily(String name, String help) {
        family(name, "gauge", help);
    }

    /**
     * Starts a family: its {@code # HELP} and {@code # TYPE} lines.
     *
     * @param type {@code counter}, {@code gauge}, {@code histogram} or {@code untyped}
     */
    public void family(String name, String type, String help) {
        out.append("# HELP ").append(name).append(' ');
        escape(help, false);
        out.append('\n');
        out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
    }

    /** One sample line without labels or timestamp ({@code name value}): the scrape time is the sample's. */
    public void sample(String name, double value) {
        out.append(name).append(' ').append(value(value)).append('\n');
    }

    /**
     * One sample line: {@code name{label="value",...} value timestamp}.
     *
     * @param labels label name (already sanitised) to raw value, in output order
     */
    public void sample(String name, Map<String, String> labels, double value, long timeMillis) {
        labelled(name, labels);
        out.append(' ').append(value(value)).append(' ').append(timeMillis).append('\n');
    }

    /**
     * One sample line without timestamp: {@code name{label="value",...} value}.
     *
     * @param labels label name (already sanitised) to raw value, in output order
     */
    public void sample(String name, Map<String, String> labels, double value) {
        labelled(name, labels);
        out.append(' ').append(value(value)).append('\n');
    }

    private void labelled(String name, Map<String, String> labels) {
        out.append(name);
        if (!labels.isEmpty()) {
            out.append('{');
            boolean first = true;
            for (Map.Entry<String, String> label : labels.entrySet()) {
                if (!first) {
                    out.append(',');
                }
                first = false;
                out.append(label.getKey()).append("=\"");
                escape(label.getValue(), true);
                out.append('"');
            }
            out.append('}');
        }
    }

    /** A comment line (not HELP or TYPE), e.g. to say what was left out. */
    public void comment(String text) {
        out.append("# ");
        escape(text.replace("\n", " "), false);
        out.append('\n');
    }

    /** The text written so far. */
    public String text() {
        return out.toString();
    }

    /** Go's float syntax, which Prometheus parses ({@code +Inf}, {@code -Inf}, {@code NaN} included). */
    static String value(double v) {
        if (Double.isInfinite(v)) {
            return v > 0 ? "+Inf" : "-Inf";
        }
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v); // 3 rather than 3.0, as Prometheus' own clients write
        }
        return Double.toString(v);
    }

    private void escape(String text, boolean quote) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '"' -> out.append(quote ? "\\\"" : "\"");
                default -> out.append(c);
            }
        }
    }
}
