package io.pulse.spi.stats;

import io.pulse.spi.storage.TagFilter;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TagsTest {

    @Test
    void areSortedByKeyAndEqualRegardlessOfInsertionOrder() {
        Tags a = Tags.of("service", "web1", "host", "a");
        Tags b = Tags.of(Map.of("host", "a", "service", "web1"));
        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
        assertEquals(List.of("host", "service"), a.keys());
        assertEquals("{host=a, service=web1}", a.toString());
        assertNotEquals(a, Tags.of("host", "a"));
        assertTrue(Tags.of("host", "a").compareTo(a) < 0);
    }

    @Test
    void withReplacesOrAdds() {
        Tags t = Tags.of("host", "a").with("host", "x").with("mount", "root");
        assertEquals("x", t.get("host"));
        assertEquals("root", t.get("mount"));
        assertNull(t.get("absent"));
        assertTrue(Tags.empty().isEmpty());
    }

    @Test
    void rejectsEmptyKeysAndOddPairs() {
        assertThrows(IllegalArgumentException.class, () -> Tags.of("", "v"));
        assertThrows(IllegalArgumentException.class, () -> Tags.of("k"));
    }

    @Test
    void filtersAreOrWithinAKeyAndAcrossKeys() {
        TagFilter filter = TagFilter.of(Map.of("service", List.of("web1", "web2"), "host", List.of("a")));
        assertTrue(filter.matches(Tags.of("host", "a", "service", "web2")));
        assertFalse(filter.matches(Tags.of("host", "b", "service", "web2")));
        assertFalse(filter.matches(Tags.of("host", "a")), "a series lacking a filtered key does not match");
        assertFalse(filter.matches(Tags.of("host", "A", "service", "web1")), "values compare exactly");
        assertTrue(TagFilter.none().matches(Tags.empty()));
        assertThrows(IllegalArgumentException.class, () -> TagFilter.of(Map.of("k", List.of())));
    }

    @Test
    void samplesRefuseNonFiniteValues() {
        assertThrows(IllegalArgumentException.class, () -> new Sample("cpu", Tags.empty(), 0, Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> new Sample("cpu", Tags.empty(), 0, Double.POSITIVE_INFINITY));
        assertThrows(IllegalArgumentException.class, () -> new Sample("", Tags.empty(), 0, 1));
    }
}
