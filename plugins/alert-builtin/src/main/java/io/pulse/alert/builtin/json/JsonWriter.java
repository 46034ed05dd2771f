package io.pulse.alert.builtin.json;

import java.util.Map;

/**
 * Builds JSON text by hand (the plugin is JDK only). Strings are escaped as RFC 8259 requires: quote, backslash and
 * every control character; everything else is written as is (the output is UTF-8 text). Not thread-safe: one writer
 * per document.
 */
public final class JsonWriter {

    private final StringBuilder out = new StringBuilder(256);
    /** Whether the next value in the current object or array needs a comma before it. */
    private boolean needComma;

    public JsonWriter beginObject() {
        comma();
        out.append('{');
        needComma = false;
        return this;
    }

    public JsonWriter endObject() {
        out.append('}');
        needComma = true;
        return this;
    }

    public JsonWriter beginArray() {
        comma();
        out.append('[');
        needComma = false;
        return this;
    }

    public JsonWriter endArray() {
        out.append(']');
        needComma = true;
        return this;
    }

    /** Writes {@code "name":}; the value follows. */
    public JsonWriter name(String name) {
        comma();
        quote(name);
        out.append(':');
        needComma = false;
        return this;
    }

    public JsonWriter value(String text) {
        comma();
        if (text == null) {
            out.append("null");
        } else {
            quote(text);
        }
        needComma = true;
        return this;
    }

    /** A finite number; integral values are written without a fraction ({@code 5}, not {@code 5.0}). */
    public JsonWriter value(double number) {
        if (!Double.isFinite(number)) {
            throw new IllegalArgumentException("JSON has no representation for " + number);
        }
        comma();
        if (number == Math.rint(number) && Math.abs(number) < 1e15) {
            out.append((long) number);
        } else {
            out.append(number);
        }
        needComma = true;
        return this;
    }

    public JsonWriter value(long number) {
        comma();
        out.append(number);
        needComma = true;
        return this;
    }

    /** A JSON object of string values, in the map's iteration order. */
    public JsonWriter object(Map<String, String> map) {
        beginObject();
        for (Map.Entry<String, String> e : map.entrySet()) {
            name(e.getKey()).value(e.getValue());
        }
        return endObject();
    }

    /** Inserts raw text (a line break between records of a file); never inside a value. */
    public JsonWriter raw(String text) {
        out.append(text);
        return this;
    }

    @Override
    public String toString() {
        return out.toString();
    }

    private void comma() {
        if (needComma) {
            out.append(',');
        }
    }

    private void quote(String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    if (c < 0x20 || c == '\u2028' || c == '\u2029') {
                        // Control characters must be escaped; the two line separators break JavaScript receivers.
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
