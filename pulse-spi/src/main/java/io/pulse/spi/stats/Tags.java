package io.pulse.spi.stats;

import io.pulse.spi.Api;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * An immutable set of tags ({@code key -> value}), sorted by key; equal tag sets are equal objects, so a tag set
 * identifies a series together with its stat name.
 *
 * <p>Tags come from a relay's id ({@code host}) and from the {@code k:v} tags a collector was added with. Keys are
 * never empty; values may be empty.
 */
@Api
public final class Tags implements Comparable<Tags> {

    private static final Tags EMPTY = new Tags(new String[0], new String[0]);

    private final String[] keys;
    private final String[] values;
    private final int hash;

    private Tags(String[] keys, String[] values) {
        this.keys = keys;
        this.values = values;
        this.hash = 31 * Arrays.hashCode(keys) + Arrays.hashCode(values);
    }

    /** {@return no tags} */
    public static Tags empty() {
        return EMPTY;
    }

    /**
     * {@return tags from alternating keys and values: {@code Tags.of("host", "web1", "service", "api")}}
     *
     * @param keysAndValues the keys and values
     */
    public static Tags of(String... keysAndValues) {
        if (keysAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("expected keys and values in pairs, got " + keysAndValues.length + " strings");
        }
        Map<String, String> map = new TreeMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return of(map);
    }

    /**
     * {@return tags from a map}
     *
     * @param map the map
     */
    public static Tags of(Map<String, String> map) {
        if (map.isEmpty()) {
            return EMPTY;
        }
        TreeMap<String, String> sorted = new TreeMap<>(map);
        String[] k = new String[sorted.size()];
        String[] v = new String[sorted.size()];
        int i = 0;
        for (Map.Entry<String, String> e : sorted.entrySet()) {
            String key = Objects.requireNonNull(e.getKey(), "tag key");
            if (key.isEmpty()) {
                throw new IllegalArgumentException("tag keys must not be empty");
            }
            k[i] = key;
            v[i] = Objects.requireNonNull(e.getValue(), "tag value");
            i++;
        }
        return new Tags(k, v);
    }

    /**
     * {@return the value of {@code key}, or null}
     *
     * @param key a tag key
     */
    public String get(String key) {
        int i = Arrays.binarySearch(keys, key);
        return i >= 0 ? values[i] : null;
    }

    /**
     * {@return whether {@code key} is present}
     *
     * @param key a tag key
     */
    public boolean containsKey(String key) {
        return Arrays.binarySearch(keys, key) >= 0;
    }

    /**
     * {@return these tags with {@code key} set to {@code value} (replacing any previous value)}
     *
     * @param key the tag key to set
     * @param value its value (may be empty)
     */
    public Tags with(String key, String value) {
        Map<String, String> map = new TreeMap<>(asMap());
        map.put(key, value);
        return of(map);
    }

    /** {@return the keys, sorted} */
    public List<String> keys() {
        return List.of(keys);
    }

    /** {@return number of tags} */
    public int size() {
        return keys.length;
    }

    /** {@return whether there are no tags} */
    public boolean isEmpty() {
        return keys.length == 0;
    }

    /** {@return the tags as an unmodifiable map, sorted by key} */
    public Map<String, String> asMap() {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < keys.length; i++) {
            map.put(keys[i], values[i]);
        }
        return Collections.unmodifiableMap(map);
    }

    @Override
    public int compareTo(Tags other) {
        int n = Math.min(keys.length, other.keys.length);
        for (int i = 0; i < n; i++) {
            int c = keys[i].compareTo(other.keys[i]);
            if (c != 0) {
                return c;
            }
            c = values[i].compareTo(other.values[i]);
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(keys.length, other.keys.length);
    }

    @Override
    public boolean equals(Object o) {
        // the relay path hands every sample of a series the very same instance: say so without comparing arrays
        return o == this || o instanceof Tags t && hash == t.hash && Arrays.equals(keys, t.keys) && Arrays.equals(values, t.values);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    /** {@code {host=web1, service=api}}. */
    @Override
    public String toString() {
        return asMap().toString();
    }
}
