package io.pulse.alert.builtin.json;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JsonTest {

    @Test
    void escapesWhatJsonRequiresAndReadsItBack() {
        String nasty = "a\"b\\c\nd\re\tf\u0001g\u2028h/é";
        String json = new JsonWriter().beginObject().name(nasty).value(nasty).endObject().toString();
        assertEquals("{\"a\\\"b\\\\c\\nd\\re\\tf\\u0001g\\u2028h/é\":\"a\\\"b\\\\c\\nd\\re\\tf\\u0001g\\u2028h/é\"}", json);
        assertEquals(Map.of(nasty, nasty), JsonReader.parse(json));
    }

    @Test
    void writesNumbersAsJsonNumbers() {
        String json = new JsonWriter().beginArray().value(5.0).value(0.65).value(-1e20).value(3L).endArray().toString();
        assertEquals("[5,0.65,-1.0E20,3]", json);
        assertEquals(List.of(5.0, 0.65, -1e20, 3.0), JsonReader.parse(json));
        assertThrows(IllegalArgumentException.class, () -> new JsonWriter().value(Double.NaN));
    }

    @Test
    void readsNestedValues() {
        Object v = JsonReader.parse(" {\"a\":[1,{\"b\":null},true,false,\"\\u0041\"],\"c\":{}} ");
        Map<?, ?> m = (Map<?, ?>) v;
        assertEquals(List.of(1.0, java.util.Collections.singletonMap("b", null), true, false, "A"), m.get("a"));
        assertEquals(Map.of(), m.get("c"));
    }

    @Test
    void refusesWhatIsNotStrictJson() {
        for (String bad : List.of("", "{", "[1,]", "{\"a\":1,}", "{\"a\":1} x", "{'a':1}", "01", "{\"a\":1,\"a\":2}",
            "\"\n\"", "tru", "{\"a\" 1}", "\"\\x\"")) {
            JsonReader.JsonException e = assertThrows(JsonReader.JsonException.class, () -> JsonReader.parse(bad), bad);
            assertTrue(e.getMessage().contains("line "), e.getMessage());
        }
    }
}
