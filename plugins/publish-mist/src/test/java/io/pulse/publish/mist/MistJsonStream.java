package io.pulse.publish.mist;

import java.io.IOException;
import java.io.Reader;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a stream of JSON values one after the other, separated by optional whitespace, as Go's {@code json.Decoder}
 * (which Mist uses) does: a newline after each message is allowed, not needed. Strict about syntax, since Mist drops
 * a connection on malformed JSON and the double must be as strict. Values: {@link Map}, {@link List},
 * {@link String}, {@link BigDecimal}, {@link Boolean}, and {@link #NULL}. Not thread-safe: one per connection.
 */
public final class MistJsonStream {

    /** JSON {@code null}. */
    public static final Object NULL = new Object() {
        @Override
        public String toString() {
            return "null";
        }
    };

    /** Malformed JSON. */
    public static final class MalformedJsonException extends IOException {
        MalformedJsonException(String message) {
            super(message);
        }
    }

    private static final int MAX_DEPTH = 64;

    private final Reader in;
    private int peeked = -2; // -2: nothing peeked

    public MistJsonStream(Reader in) {
        this.in = in;
    }

    /** The next value, or null at the end of the stream between values. */
    public Object next() throws IOException {
        skipWhitespace();
        if (peek() < 0) {
            return null;
        }
        return value(0);
    }

    private Object value(int depth) throws IOException {
        if (depth > MAX_DEPTH) {
            throw new MalformedJsonException("nested too deeply");
        }
        skipWhitespace();
        int c = peek();
        return switch (c) {
            case '{' -> object(depth);
            case '[' -> array(depth);
            case '"' -> string();
            case 't' -> literal("true", Boolean.TRUE);
            case 'f' -> literal("false", Boolean.FALSE);
            case 'n' -> literal("null", NULL);
            default -> {
                if (c == '-' || (c >= '0' && c <= '9')) {
                    yield number();
                }
                throw new MalformedJsonException(c < 0 ? "unexpected end of input" : "unexpected '" + (char) c + "'");
            }
        };
    }

    private Map<String, Object> object(int depth) throws IOException {
        expect('{');
        Map<String, Object> map = new LinkedHashMap<>();
        skipWhitespace();
        if (peek() == '}') {
            read();
            return map;
        }
        while (true) {
            skipWhitespace();
            if (peek() != '"') {
                throw new MalformedJsonException("expected a string key");
            }
            String key = string();
            skipWhitespace();
            expect(':');
            map.put(key, value(depth + 1));
            skipWhitespace();
            int c = read();
            if (c == '}') {
                return map;
            }
            if (c != ',') {
                throw new MalformedJsonException("expected , or } in an object");
            }
        }
    }

    private List<Object> array(int depth) throws IOException {
        expect('[');
        List<Object> list = new ArrayList<>();
        skipWhitespace();
        if (peek() == ']') {
            read();
            return list;
        }
        while (true) {
            list.add(value(depth + 1));
            skipWhitespace();
            int c = read();
            if (c == ']') {
                return list;
            }
            if (c != ',') {
                throw new MalformedJsonException("expected , or ] in an array");
            }
        }
    }

    private String string() throws IOException {
        expect('"');
        StringBuilder s = new StringBuilder();
        while (true) {
            int c = read();
            if (c < 0) {
                throw new MalformedJsonException("unterminated string");
            }
            if (c == '"') {
                return s.toString();
            }
            if (c < 0x20) {
                throw new MalformedJsonException("control character in a string");
            }
            if (c != '\\') {
                s.append((char) c);
                continue;
            }
            int e = read();
            switch (e) {
                case '"', '\\', '/' -> s.append((char) e);
                case 'b' -> s.append('\b');
                case 'f' -> s.append('\f');
                case 'n' -> s.append('\n');
                case 'r' -> s.append('\r');
                case 't' -> s.append('\t');
                case 'u' -> {
                    int code = 0;
                    for (int i = 0; i < 4; i++) {
                        int digit = Character.digit(read(), 16);
                        if (digit < 0) {
                            throw new MalformedJsonException("bad \\u escape");
                        }
                        code = code * 16 + digit;
                    }
                    s.append((char) code);
                }
                default -> throw new MalformedJsonException("bad escape");
            }
        }
    }

    private BigDecimal number() throws IOException {
        StringBuilder s = new StringBuilder();
        while (true) {
            int c = peek();
            if (c == '-' || c == '+' || c == '.' || c == 'e' || c == 'E' || (c >= '0' && c <= '9')) {
                s.append((char) read());
            } else {
                break;
            }
        }
        if (!s.toString().matches("-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][+-]?[0-9]+)?")) {
            throw new MalformedJsonException("bad number " + s);
        }
        return new BigDecimal(s.toString());
    }

    private Object literal(String word, Object value) throws IOException {
        for (int i = 0; i < word.length(); i++) {
            if (read() != word.charAt(i)) {
                throw new MalformedJsonException("expected " + word);
            }
        }
        return value;
    }

    private void expect(char c) throws IOException {
        if (read() != c) {
            throw new MalformedJsonException("expected '" + c + "'");
        }
    }

    private void skipWhitespace() throws IOException {
        while (true) {
            int c = peek();
            if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
                read();
            } else {
                return;
            }
        }
    }

    private int peek() throws IOException {
        if (peeked == -2) {
            peeked = in.read();
        }
        return peeked;
    }

    private int read() throws IOException {
        int c = peek();
        peeked = -2;
        return c;
    }
}
