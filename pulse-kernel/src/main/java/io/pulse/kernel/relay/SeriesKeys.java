package io.pulse.kernel.relay;

import io.pulse.spi.stats.Tags;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;

/**
 * One connection's map from the name of a {@code got} item ({@code <collector>-<stat>}, as bytes in the line) to the
 * stat and tags of its samples, so that a relay answering the same twenty items every second costs one byte
 * comparison per item instead of a collector lookup and two new Strings; and every sample of a series carries the
 * very same stat String and Tags instance, which makes the storage's series lookup an identity comparison.
 *
 * <p>The tags of an item depend on the relay's collectors ({@link ConnectedRelay#sampleTags}); the relay replaces
 * its collector map whenever one is added or removed, so the cache starts over when it sees another map. It holds
 * at most {@value #MAX_ENTRIES} names and starts over when full, so a relay sending ever new names cannot make it
 * grow without bound.
 *
 * <p>Not thread-safe: the connection's reader thread only.
 */
final class SeriesKeys {

    /** The stat and tags of one item name. */
    record Key(String stat, Tags tags) {
    }

    static final int MAX_ENTRIES = 1024;
    private static final int INITIAL_SLOTS = 32;

    private final ConnectedRelay relay;
    private Map<String, ExposedCollector> builtFor;
    private byte[][] names = new byte[INITIAL_SLOTS][];
    private Key[] keys = new Key[INITIAL_SLOTS];
    private int size;

    SeriesKeys(ConnectedRelay relay) {
        this.relay = relay;
    }

    /**
     * The key of the item whose collector is {@code line[start, dash)} and stat {@code line[dash + 1, colon)}.
     */
    Key key(byte[] line, int start, int dash, int colon) {
        Map<String, ExposedCollector> collectors = relay.collectors();
        if (collectors != builtFor) {
            clear();
            builtFor = collectors;
        }
        int hash = hash(line, start, colon);
        int mask = names.length - 1;
        for (int slot = hash & mask; ; slot = (slot + 1) & mask) {
            byte[] name = names[slot];
            if (name == null) {
                return add(slot, line, start, dash, colon);
            }
            if (Arrays.equals(name, 0, name.length, line, start, colon)) {
                return keys[slot];
            }
        }
    }

    private Key add(int slot, byte[] line, int start, int dash, int colon) {
        String collector = new String(line, start, dash - start, StandardCharsets.UTF_8);
        String stat = new String(line, dash + 1, colon - dash - 1, StandardCharsets.UTF_8);
        Tags tags = relay.sampleTags(collector);
        if (size >= MAX_ENTRIES) {
            clear();
            return new Key(stat, tags);  // next time it is cached afresh
        }
        // kept for the connection's life: the interned copy, which the fleet's other relays share (see ExposedCollector.of)
        Key key = new Key(stat.intern(), tags);
        names[slot] = Arrays.copyOfRange(line, start, colon);
        keys[slot] = key;
        if (++size * 2 > names.length) {
            grow();
        }
        return key;
    }

    private void grow() {
        byte[][] oldNames = names;
        Key[] oldKeys = keys;
        names = new byte[oldNames.length * 2][];
        keys = new Key[oldNames.length * 2];
        int mask = names.length - 1;
        for (int i = 0; i < oldNames.length; i++) {
            byte[] name = oldNames[i];
            if (name != null) {
                int slot = hash(name, 0, name.length) & mask;
                while (names[slot] != null) {
                    slot = (slot + 1) & mask;
                }
                names[slot] = name;
                keys[slot] = oldKeys[i];
            }
        }
    }

    private void clear() {
        if (size > 0) {
            names = new byte[INITIAL_SLOTS][];
            keys = new Key[INITIAL_SLOTS];
            size = 0;
        }
    }

    int size() {
        return size;
    }

    private static int hash(byte[] bytes, int from, int to) {
        int h = 1;
        for (int i = from; i < to; i++) {
            h = 31 * h + bytes[i];
        }
        return h ^ (h >>> 16);
    }
}
