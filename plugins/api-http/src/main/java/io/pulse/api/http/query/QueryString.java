package io.pulse.api.http.query;

import io.pulse.api.http.routes.ApiException;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A request's query parameters, decoded as the original's Go server decoded them ({@code +} is a space,
 * {@code %XX} escapes are UTF-8, a name without {@code =} has the empty value), keeping the order in which names
 * first appear (tag filters and {@code verb=none} columns follow it). Immutable.
 */
public final class QueryString {

    private static final QueryString EMPTY = new QueryString(Map.of());

    private final Map<String, List<String>> values;

    private QueryString(Map<String, List<String>> values) {
        this.values = values;
    }

    /**
     * Parses a raw (still encoded) query string.
     *
     * @param raw       the part after {@code ?}, may be null or empty
     * @param maxParams the most parameters accepted
     * @throws ApiException 400 for a bad escape or too many parameters
     */
    public static QueryString parse(String raw, int maxParams) {
        if (raw == null || raw.isEmpty()) {
            return EMPTY;
        }
        Map<String, List<String>> values = new LinkedHashMap<>();
        int count = 0;
        for (String pair : raw.split("&", -1)) {
            if (pair.isEmpty()) {
                continue;
            }
            if (++count > maxParams) {
                throw ApiException.badRequest("too many query parameters: at most " + maxParams + " are accepted");
            }
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            values.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
        }
        values.replaceAll((k, v) -> List.copyOf(v));
        return new QueryString(Collections.unmodifiableMap(values));
    }

    /** Every name, in order of first appearance. */
    public List<String> names() {
        return List.copyOf(values.keySet());
    }

    /** Every value of {@code name}, in order; empty when absent. */
    public List<String> all(String name) {
        return values.getOrDefault(name, List.of());
    }

    /** Whether {@code name} is present. */
    public boolean has(String name) {
        return values.containsKey(name);
    }

    /**
     * The single value of {@code name}, or null when absent.
     *
     * @throws ApiException 400 when it is given more than once
     */
    public String single(String name) {
        List<String> all = all(name);
        if (all.size() > 1) {
            throw ApiException.badRequest("query parameter '" + name + "' is given " + all.size()
                + " times: give it once");
        }
        return all.isEmpty() ? null : all.get(0);
    }

    /** Name to values, in order of first appearance. */
    public Map<String, List<String>> asMap() {
        return values;
    }

    /**
     * Decodes one component. Unlike {@link java.net.URLDecoder}, a malformed escape or an escape that is not UTF-8
     * is an error, not a silent replacement.
     */
    private static String decode(String s) {
        if (s.indexOf('%') < 0 && s.indexOf('+') < 0) {
            return s;
        }
        byte[] out = new byte[s.length() * 3];
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '+') {
                out[n++] = ' ';
            } else if (c == '%') {
                int hi = i + 1 < s.length() ? Character.digit(s.charAt(i + 1), 16) : -1;
                int lo = i + 2 < s.length() ? Character.digit(s.charAt(i + 2), 16) : -1;
                if (hi < 0 || lo < 0) {
                    throw malformed(s);
                }
                out[n++] = (byte) (hi << 4 | lo);
                i += 2;
            } else {
                byte[] bytes = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                if (Character.isHighSurrogate(c) && i + 1 < s.length()) {
                    bytes = s.substring(i, i + 2).getBytes(StandardCharsets.UTF_8);
                    i++;
                }
                System.arraycopy(bytes, 0, out, n, bytes.length);
                n += bytes.length;
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(out, 0, n)).toString();
        } catch (CharacterCodingException e) {
            throw ApiException.badRequest("query string: '" + s + "' does not decode to UTF-8 text");
        }
    }

    private static ApiException malformed(String s) {
        return ApiException.badRequest("query string: malformed %-escape in '" + s + "' (expected %XX with two hex digits)");
    }
}
