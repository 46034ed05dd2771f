package io.pulse.api.http;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A STRICT parser of the Prometheus text exposition format 0.0.4, for the tests (the Prometheus Java client's
 * exposition-textformats artifact only writes). Rejects, with an AssertionError naming the line, anything off the
 * spec: bad metric or label names, escapes other than {@code \\}, {@code \"} and {@code \n}, a TYPE after its
 * family's samples or twice, families split apart, duplicate label names or series, values Go cannot parse,
 * non-integer timestamps, a missing final line feed, histograms whose buckets are not cumulative up to
 * {@code +Inf} or whose {@code _count} differs from that bucket. Public, and shipped in this module's test jar, for the
 * distribution's end-to-end tests.
 */
public final class StrictPrometheusParser {

    public record Sample(String name, Map<String, String> labels, double value, Long timestamp) {
    }

    public record Exposition(List<Sample> samples, Map<String, String> types, Map<String, String> helps,
                      List<String> comments) {
        public List<Sample> family(String name) {
            return samples.stream().filter(s -> s.name().equals(name)).toList();
        }
    }

    private static final Pattern METRIC = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Pattern LABEL = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");
    private static final Pattern FLOAT = Pattern.compile(
        "[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?|[+-]?Inf|NaN");
    private static final Pattern TYPES = Pattern.compile("counter|gauge|histogram|summary|untyped");

    private StrictPrometheusParser() {
    }

    public static Exposition parse(String text) {
        if (!text.isEmpty() && !text.endsWith("\n")) {
            throw new AssertionError("the last line must end with a line feed");
        }
        List<Sample> samples = new ArrayList<>();
        Map<String, String> types = new HashMap<>();
        Map<String, String> helps = new HashMap<>();
        List<String> comments = new ArrayList<>();
        Set<String> finished = new HashSet<>();
        Set<String> series = new HashSet<>();
        String current = null;
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length - 1; i++) {
            String line = lines[i];
            String where = "line " + (i + 1) + " '" + line + "': ";
            if (line.isEmpty()) {
                continue;
            }
            if (line.startsWith("#")) {
                String[] parts = line.split(" ", 4);
                if (parts.length >= 3 && (parts[1].equals("HELP") || parts[1].equals("TYPE"))) {
                    String name = parts[2];
                    require(METRIC.matcher(name).matches(), where + "bad metric name");
                    if (parts[1].equals("TYPE")) {
                        require(parts.length == 4 && TYPES.matcher(parts[3]).matches(), where + "bad type");
                        require(!types.containsKey(name), where + "second TYPE");
                        require(!finished.contains(name) && !name.equals(current), where + "TYPE after samples");
                        types.put(name, parts[3]);
                    } else {
                        require(!helps.containsKey(name), where + "second HELP");
                        helps.put(name, parts.length == 4 ? unescape(parts[3], false, where) : "");
                    }
                } else {
                    comments.add(line);
                }
                continue;
            }
            Cursor c = new Cursor(line, where);
            String name = c.take(METRIC);
            if (!name.equals(current)) {
                require(!finished.contains(name), where + "family " + name + " is split");
                if (current != null) {
                    finished.add(current);
                }
                current = name;
            }
            Map<String, String> labels = new LinkedHashMap<>();
            if (c.peek() == '{') {
                c.expect('{');
                while (c.peek() != '}') {
                    String label = c.take(LABEL);
                    c.expect('=');
                    c.expect('"');
                    String value = c.quoted();
                    require(labels.put(label, value) == null, where + "duplicate label " + label);
                    if (c.peek() == ',') {
                        c.expect(',');
                    } else {
                        require(c.peek() == '}', where + "expected , or }");
                    }
                }
                c.expect('}');
            }
            c.expect(' ');
            String rest = c.rest();
            String[] fields = rest.split(" ", -1);
            require(fields.length == 1 || fields.length == 2, where + "expected value [timestamp]");
            require(FLOAT.matcher(fields[0]).matches(), where + "bad value");
            Long timestamp = null;
            if (fields.length == 2) {
                require(fields[1].matches("-?\\d{1,19}"), where + "bad timestamp");
                timestamp = Long.parseLong(fields[1]);
            }
            require(series.add(name + new java.util.TreeMap<>(labels)), where + "duplicate series");
            double value = switch (fields[0]) {
                case "+Inf", "Inf" -> Double.POSITIVE_INFINITY;
                case "-Inf" -> Double.NEGATIVE_INFINITY;
                default -> Double.parseDouble(fields[0]);
            };
            samples.add(new Sample(name, labels, value, timestamp));
        }
        types.forEach((family, type) -> {
            if (type.equals("histogram")) {
                checkHistogram(family, samples);
            }
        });
        return new Exposition(samples, types, helps, comments);
    }

    /**
     * A histogram's samples: {@code _bucket} lines with an {@code le} label, cumulative (never decreasing), ending
     * with {@code le="+Inf"}, whose count {@code _count} repeats, and a {@code _sum}; no sample under the bare name.
     */
    private static void checkHistogram(String family, List<Sample> samples) {
        String where = "histogram " + family + ": ";
        List<Sample> buckets = samples.stream().filter(s -> s.name().equals(family + "_bucket")).toList();
        require(!buckets.isEmpty(), where + "no _bucket samples");
        require(samples.stream().noneMatch(s -> s.name().equals(family)), where + "a sample under the bare name");
        double previousBound = Double.NEGATIVE_INFINITY;
        double previousCount = 0;
        for (Sample bucket : buckets) {
            String le = bucket.labels().get("le");
            require(le != null && FLOAT.matcher(le).matches(), where + "bucket without a valid le: " + bucket);
            double bound = le.equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(le);
            require(bound > previousBound, where + "bounds not ascending at le=" + le);
            require(bucket.value() >= previousCount, where + "buckets not cumulative at le=" + le);
            previousBound = bound;
            previousCount = bucket.value();
        }
        require(previousBound == Double.POSITIVE_INFINITY, where + "the last bucket is not le=\"+Inf\"");
        List<Sample> count = samples.stream().filter(s -> s.name().equals(family + "_count")).toList();
        require(count.size() == 1 && count.getFirst().value() == previousCount,
            where + "_count differs from the +Inf bucket");
        require(samples.stream().filter(s -> s.name().equals(family + "_sum")).count() == 1, where + "no _sum");
    }

    private static String unescape(String s, boolean quote, String where) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (ch != '\\') {
                b.append(ch);
                continue;
            }
            require(i + 1 < s.length(), where + "dangling backslash");
            char e = s.charAt(++i);
            switch (e) {
                case '\\' -> b.append('\\');
                case 'n' -> b.append('\n');
                case '"' -> {
                    require(quote, where + "\\\" is not an escape in HELP");
                    b.append('"');
                }
                default -> throw new AssertionError(where + "bad escape \\" + e);
            }
        }
        return b.toString();
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new AssertionError(message);
        }
    }

    /** Reads one sample line. */
    private static final class Cursor {
        private final String line;
        private final String where;
        private int at;

        Cursor(String line, String where) {
            this.line = line;
            this.where = where;
        }

        char peek() {
            require(at < line.length(), where + "line ends early");
            return line.charAt(at);
        }

        void expect(char c) {
            require(peek() == c, where + "expected '" + c + "' at " + at);
            at++;
        }

        String take(Pattern p) {
            java.util.regex.Matcher m = p.matcher(line).region(at, line.length());
            require(m.lookingAt(), where + "expected " + p + " at " + at);
            at = m.end();
            return m.group();
        }

        /** A label value up to its closing quote, unescaped. */
        String quoted() {
            int start = at;
            while (true) {
                char c = peek();
                if (c == '\\') {
                    at += 2;
                } else if (c == '"') {
                    break;
                } else {
                    require(c != '\n', where + "raw line feed in a label value");
                    at++;
                }
            }
            String raw = line.substring(start, at);
            at++;
            return unescape(raw, true, where);
        }

        String rest() {
            return line.substring(at);
        }
    }
}
