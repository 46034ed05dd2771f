package io.pulse.protocol;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GotLineTest {

    private record Item(String collector, String stat, double value) {
    }

    private static final class Items {
        final List<Item> items = new ArrayList<>();
        int rejected;

        static Items parse(String text) {
            Items result = new Items();
            result.rejected = GotLine.parse(text, (c, s, v) -> result.items.add(new Item(c, s, v)));
            return result;
        }
    }

    @Test
    void theOriginalRelaysAnswerReadsItemByItem() {
        Items got = Items.parse("cpu_used-cpu_used:0.2500,ram_used-ram_used:0.9405,disk-disk_free:1.2346,"
                + "disk-disk_used:50.0000");
        assertEquals(0, got.rejected);
        assertEquals(List.of(new Item("cpu_used", "cpu_used", 0.25), new Item("ram_used", "ram_used", 0.9405),
                new Item("disk", "disk_free", 1.2346), new Item("disk", "disk_used", 50)), got.items);
    }

    @Test
    void malformedItemsAreSkippedAndCountedWhileTheOthersAreKept() {
        // every item here is unusable: no ':', two ':', no '-', two '-', empty stat, bad or non-finite values
        String bad = "bad,c-a:1:2,nodash:1,c-x-y:3,c-:3,c-nan:NaN,c-inf:+Inf,c-ninf:-Inf,c-empty:,c-abc:abc,"
                + "c-sp: 1,c-sp2:1 ,c-d:1d,c-f:2F,c-java:Infinity,c-huge:1e999,,";
        Items got = Items.parse(bad);
        assertEquals(List.of(), got.items);
        assertEquals(bad.split(",", -1).length, got.rejected);

        Items mixed = Items.parse("c-ok:1.5,c-x-y:3,-anon:2,unknown-stat:5");
        assertEquals(1, mixed.rejected);
        assertEquals(List.of(new Item("c", "ok", 1.5), new Item("", "anon", 2), new Item("unknown", "stat", 5)),
                mixed.items, "an empty or unknown collector is the reader's business, not the parser's");
    }

    @Test
    void anEmptyAnswerIsOneSkippedItem() {
        Items got = Items.parse("");
        assertEquals(1, got.rejected);
        assertTrue(got.items.isEmpty());
    }

    @Test
    void theWriterWritesWhatTheReaderReads() {
        GotLine.Writer writer = new GotLine.Writer();
        assertTrue(writer.isEmpty());
        assertThrows(IllegalStateException.class, writer::line, "no got without items");
        writer.add("cpu_used", "cpu_used", 0.25).add("disk", "disk_free", 1.2346).add("disk", "disk_used", 50)
                .add("disk", "_connected", 1e-5);
        assertFalse(writer.isEmpty());
        String line = writer.line();
        assertEquals("got cpu_used-cpu_used:0.25,disk-disk_free:1.2346,disk-disk_used:50,disk-_connected:0.00001", line);

        CommandLine split = CommandLine.split(line);
        assertEquals(Commands.GOT, split.word());
        Items back = Items.parse(split.rest());
        assertEquals(0, back.rejected);
        assertEquals(List.of(new Item("cpu_used", "cpu_used", 0.25), new Item("disk", "disk_free", 1.2346),
                new Item("disk", "disk_used", 50), new Item("disk", "_connected", 1e-5)), back.items);
    }

    @Test
    void theWriterRefusesWhatCouldNotBeReadBack() {
        GotLine.Writer writer = new GotLine.Writer();
        for (String stat : List.of("", "a-b", "a:b", "a,b", "a\nb", "a\rb")) {
            assertThrows(IllegalArgumentException.class, () -> writer.add("c", stat, 1), stat);
        }
        for (String collector : List.of("", "a-b", "_connected", "a\nb")) {
            assertThrows(IllegalArgumentException.class, () -> writer.add(collector, "s", 1), collector);
        }
        for (double value : new double[] {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY}) {
            assertThrows(IllegalArgumentException.class, () -> writer.add("c", "s", value));
        }
        assertTrue(writer.isEmpty(), "nothing half-written");
    }
}
