package io.pulse.spi.storage;

import io.pulse.spi.Api;
import io.pulse.spi.stats.Tags;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which series a query covers: for every key, the tag value must be one of the given values (OR within a key);
 * every key must match (AND across keys). Values compare exactly (case-sensitive, no patterns). A series that
 * lacks a filtered key does not match. The empty filter matches everything.
 *
 * <p>Keys keep the order in which they were given (the HTTP API's query-string order), which decides the order of
 * extra columns in raw ({@code verb=none}) results.
 */
@Api
public final class TagFilter {

    private static final TagFilter NONE = new TagFilter(Map.of());

    private final Map<String, Set<String>> anyOf;

    private TagFilter(Map<String, Set<String>> anyOf) {
        this.anyOf = anyOf;
    }

    /** {@return matches every series} */
    public static TagFilter none() {
        return NONE;
    }

    /**
     * {@return a filter from key to the accepted values (in the given key order; duplicate values collapse)}
     *
     * @param anyOf the any of
     */
    public static TagFilter of(Map<String, ? extends List<String>> anyOf) {
        Map<String, Set<String>> copy = new LinkedHashMap<>();
        anyOf.forEach((key, values) -> {
            if (key == null || key.isEmpty()) {
                throw new IllegalArgumentException("tag filter keys must not be empty");
            }
            if (values.isEmpty()) {
                throw new IllegalArgumentException("tag filter '" + key + "' has no values");
            }
            copy.put(key, Collections.unmodifiableSet(new LinkedHashSet<>(values)));
        });
        return copy.isEmpty() ? NONE : new TagFilter(Collections.unmodifiableMap(copy));
    }

    /**
     * {@return convenience: one key, several accepted values}
     *
     * @param key the tag key the filter tests
     * @param values the values
     */
    public static TagFilter anyOf(String key, String... values) {
        return of(Map.of(key, List.of(values)));
    }

    /** {@return the filter as key -> accepted values, in the given key order} */
    public Map<String, Set<String>> asMap() {
        return anyOf;
    }

    /** {@return whether this filter matches everything} */
    public boolean isEmpty() {
        return anyOf.isEmpty();
    }

    /**
     * {@return whether a series with these tags is covered}
     *
     * @param tags the tags
     */
    public boolean matches(Tags tags) {
        for (Map.Entry<String, Set<String>> e : anyOf.entrySet()) {
            String value = tags.get(e.getKey());
            if (value == null || !e.getValue().contains(value)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TagFilter f && anyOf.equals(f.anyOf);
    }

    @Override
    public int hashCode() {
        return anyOf.hashCode();
    }

    @Override
    public String toString() {
        return anyOf.toString();
    }
}
